/** /can-bo/gia-ca: the type is kept in the links to where entries show; an old date takes a second, confirmed step. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import {
  formRequest,
  getRequest,
  makeUser,
  routeArgs as args,
  signIn,
} from "~/accounts/test-utils";
import { addDays, todayInVietnam } from "~/lib/clock";
import * as entryPage from "~/routes/can-bo.gia-ca";
import { upsertCommodity, upsertMarket } from "./catalog.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());
let cookie: string;
let pineapple: number;

beforeAll(async () => {
  pineapple = upsertCommodity(db, {
    slug: "khom",
    nameVi: "Khóm",
    nameEn: "Pineapple",
    category: "fruit",
  }).id;
  upsertMarket(db, {
    slug: "cho-my-tho",
    name: "Chợ Mỹ Tho",
    kind: "retail",
    communeCode: "28576",
  });
  cookie = await signIn(db, (await makeUser(db, "admin")).id);
});

const officerPrices = (date: string) =>
  (
    db.$client
      .prepare(
        "SELECT price_type AS type FROM price_observations WHERE source = 'officer' AND date = ?"
      )
      .all(date) as Array<{ type: string }>
  ).map((r) => r.type);

const post = (fields: Record<string, string>) =>
  entryPage.action(
    args(
      formRequest(
        "/can-bo/gia-ca",
        {
          market: "cho-my-tho",
          [`min-${pineapple}`]: "9000",
          [`max-${pineapple}`]: "11000",
          [`avg-${pineapple}`]: "10000",
          [`unit-${pineapple}`]: "kg",
          ...fields,
        },
        cookie
      )
    )
  );

describe("officer price entry page", () => {
  it("saves a recent day at once and links the board and commodity page with the market's price type", async () => {
    const date = addDays(todayInVietnam(), -1);
    const saved = (await post({ date })) as Response;
    expect(saved.status).toBe(302);
    expect(officerPrices(date)).toEqual(["retail"]);
    const page = await (
      await entryPage.loader(
        args(getRequest(saved.headers.get("Location")!, cookie))
      )
    ).json();
    expect(page.links).toEqual({
      type: "retail",
      board: "/gia-ca?market=cho-my-tho&type=retail",
      commodities: [
        {
          slug: "khom",
          nameVi: "Khóm",
          nameEn: "Pineapple",
          href: "/gia-ca/khom?market=cho-my-tho&type=retail",
        },
      ],
    });
  });

  it("asks to confirm a date more than a week back, keeping what was typed, and saves on the confirmed second step", async () => {
    const date = addDays(todayInVietnam(), -10);
    const first = (await post({ date })) as Response;
    expect(first.status).toBe(400);
    const body = await first.json();
    expect(body).toMatchObject({ status: "confirm", oldDate: true });
    expect(body.values[`avg-${pineapple}`]).toBe("10000");
    expect(officerPrices(date)).toEqual([]);
    const page = await (
      await entryPage.loader(
        args(
          getRequest(`/can-bo/gia-ca?market=cho-my-tho&date=${date}`, cookie)
        )
      )
    ).json();
    expect(page.oldDate).toBe(true);

    const second = (await post({ date, confirm: "1" })) as Response;
    expect(second.status).toBe(302);
    expect(officerPrices(date)).toEqual(["retail"]);
  });
});
