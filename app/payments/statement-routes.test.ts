import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { getRequest, makeUser, signIn, testContext } from "~/accounts/test-utils";
import { formatMoney } from "~/i18n/format";
import { loader as statementLoader } from "~/routes/ban-hang.tien";
import { loader as statementCsvLoader } from "~/routes/ban-hang.tien[.]csv";
import { recordLedgerEntry } from "./ledger.server";
import { farmWithListing } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
let farm: Awaited<ReturnType<typeof farmWithListing>>;
let other: Awaited<ReturnType<typeof farmWithListing>>;

beforeAll(async () => {
  farm = await farmWithListing(db, { name: "Vườn xoài Tư Lộc" });
  other = await farmWithListing(db, { name: "Vườn bưởi Năm Roi" });
  recordLedgerEntry(db, { householdId: farm.household.id, kind: "correction", amountVnd: 75_000, sourceKey: "test:1", note: "opening balance" });
});
afterAll(() => db.cleanup());

async function run(fn: () => Promise<unknown>): Promise<Response> {
  try {
    return (await fn()) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const args = (request: Request) => ({ request, params: {}, context: testContext() });

describe("/ban-hang/tien", () => {
  it("the farmer sees their own statement; another farm's id in the URL is refused", async () => {
    const cookie = await signIn(db, farm.farmer.id);
    const page = await (await run(() => statementLoader(args(getRequest("/ban-hang/tien", cookie))))).json();
    expect(page).toMatchObject({ farmName: "Vườn xoài Tư Lộc", onBehalf: false, balance: formatMoney(75_000, "vi"), csvHref: "/ban-hang/tien.csv" });
    expect(page.entries).toEqual([expect.objectContaining({ kind: "correction", amount: formatMoney(75_000, "vi"), orderCode: null })]);
    const csv = await run(() => statementCsvLoader(args(getRequest("/ban-hang/tien.csv", cookie))));
    expect(await csv.text()).toContain("correction,,75000,test:1,opening balance");

    const stranger = await signIn(db, other.farmer.id);
    expect((await run(() => statementLoader(args(getRequest(`/ban-hang/tien?ho=${farm.household.id}`, stranger))))).status).toBe(403);
    expect((await run(() => statementCsvLoader(args(getRequest(`/ban-hang/tien.csv?ho=${farm.household.id}`, stranger))))).status).toBe(403);
    // The officer of the area does not read a claimed farm's money; an administrator does, on its behalf.
    const officer = await signIn(db, farm.officer.id);
    expect((await run(() => statementLoader(args(getRequest(`/ban-hang/tien?ho=${farm.household.id}`, officer))))).status).toBe(403);
    const admin = await signIn(db, (await makeUser(db, "admin")).id);
    const seen = await (await run(() => statementLoader(args(getRequest(`/ban-hang/tien?ho=${farm.household.id}`, admin))))).json();
    expect(seen).toMatchObject({ onBehalf: true, balance: formatMoney(75_000, "vi"), csvHref: `/ban-hang/tien.csv?ho=${farm.household.id}` });
    expect((await run(() => statementLoader(args(getRequest("/ban-hang/tien?ho=999999", admin))))).status).toBe(404);
    expect((await run(() => statementLoader(args(getRequest("/ban-hang/tien"))))).status).toBe(302);
  });
});
