/** /quan-tri/mat-hang, /quan-tri/cho, /quan-tri/gia: administrators only; plain form posts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, makeUser, routeArgs as args, signIn, thrown } from "~/accounts/test-utils";
import * as marketsPage from "~/routes/quan-tri.cho";
import * as pricesPage from "~/routes/quan-tri.gia";
import * as commoditiesPage from "~/routes/quan-tri.mat-hang";
import { getCommodityBySlug, getMarketBySlug } from "./catalog.server";
import { upsertObservations } from "./observations.server";
import { loadReferenceData } from "./reference.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());
let cookie: string;

beforeAll(async () => {
  loadReferenceData(db);
  cookie = await signIn(db, (await makeUser(db, "admin")).id);
});

const logged = () => (db.$client.prepare("SELECT action, detail FROM activity_log ORDER BY id").all() as Array<{ action: string; detail: string }>).map((r) => r.action);

describe("price admin pages", () => {
  it("are for administrators only", async () => {
    const officer = await signIn(db, (await makeUser(db, "officer")).id);
    for (const [page, path] of [
      [commoditiesPage, "/quan-tri/mat-hang"],
      [marketsPage, "/quan-tri/cho"],
      [pricesPage, "/quan-tri/gia"],
    ] as const) {
      expect((await thrown(page.loader(args(getRequest(path, officer))))).status).toBe(403);
      expect((await thrown(page.action(args(formRequest(path, { intent: "add", name: "x" }, officer))))).status).toBe(403);
    }
  });

  it("add a commodity: a missing name is refused on its field with what was typed kept; a good one is added and logged", async () => {
    const refused = (await commoditiesPage.action(args(formRequest("/quan-tri/mat-hang", { intent: "add", nameVi: "", nameEn: "Jackfruit", category: "fruit", defaultUnit: "kg" }, cookie)))) as Response;
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(body.errors.fields.nameVi).toBe("Hãy nhập tên.");
    expect(body.values.nameEn).toBe("Jackfruit");

    const added = (await commoditiesPage.action(args(formRequest("/quan-tri/mat-hang", { intent: "add", nameVi: "Mít Thái", nameEn: "Jackfruit", category: "fruit", defaultUnit: "kg" }, cookie)))) as Response;
    expect(added.status).toBe(303);
    expect(getCommodityBySlug(db, "mit-thai")?.nameEn).toBe("Jackfruit");
    const page = await (await commoditiesPage.loader(args(getRequest("/quan-tri/mat-hang?xong=added", cookie)))).json();
    expect(page.done).toBe("added");
    expect(page.commodities.map((c: { slug: string }) => c.slug)).toContain("mit-thai");
  });

  it("rename a market; the next reference load keeps the admin's name", async () => {
    const market = getMarketBySlug(db, "cho-my-tho")!;
    const renamed = (await marketsPage.action(args(formRequest("/quan-tri/cho", { intent: "rename", id: String(market.id), name: "Chợ trung tâm Mỹ Tho" }, cookie)))) as Response;
    expect(renamed.status).toBe(303);
    loadReferenceData(db);
    expect(getMarketBySlug(db, "cho-my-tho")?.name).toBe("Chợ trung tâm Mỹ Tho");
  });

  it("withdraw a price from the search, back to the same search", async () => {
    const rice = getCommodityBySlug(db, "gao-trang")!;
    const market = getMarketBySlug(db, "cho-noi-cai-be")!;
    upsertObservations(db, [{ commodityId: rice.id, marketId: market.id, date: "2026-05-31", source: "officer", unit: "kg", minVnd: 11_000, maxVnd: 12_000, avgVnd: 11_500 }]);
    const search = await (await pricesPage.loader(args(getRequest("/quan-tri/gia?mat-hang=gao-trang&cho=cho-noi-cai-be", cookie)))).json();
    expect(search.rows).toHaveLength(1);
    const response = (await pricesPage.action(args(formRequest("/quan-tri/gia?mat-hang=gao-trang&cho=cho-noi-cai-be", { intent: "withdraw", id: String(search.rows[0].id) }, cookie)))) as Response;
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/quan-tri/gia?mat-hang=gao-trang&cho=cho-noi-cai-be&xong=withdrawn");
    const after = await (await pricesPage.loader(args(getRequest("/quan-tri/gia?mat-hang=gao-trang&cho=cho-noi-cai-be", cookie)))).json();
    expect(after.rows[0].withdrawn).toBe(true);
    expect(logged()).toEqual(["commodity.add", "market.rename", "price.withdraw"]);
  });
});
