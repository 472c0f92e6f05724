import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { jobs, outbox, priceAlerts, users } from "../../db/schema";
import { makeUser } from "~/accounts/test-utils";
import { upsertCommodity, upsertMarket } from "~/prices/catalog.server";
import { upsertObservations } from "~/prices/observations.server";
import { createAlert, deleteAlert, getAlert, listAlerts, removeAlerts } from "./alerts.server";
import { jobHandler } from "~/jobs/registry.server";
import { addDays } from "~/lib/clock";
import { DIGEST_JOB, nextDigestAt, runDigest } from "./digest.server";
import "./jobs.server";
import { unsubscribePath, verifyUnsubscribe } from "./signing.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

let mango: number, vinhKim: number, caiBe: number, userId: number, otherId: number;
let day = 0;
/** A new day each call, so each write is the latest price. */
const nextDay = () => addDays("2026-01-01", ++day);

function price(avgVnd: number, marketId = vinhKim, options: { isDemo?: boolean; date?: string; unit?: "kg" | "ta" } = {}) {
  upsertObservations(db, [
    {
      commodityId: mango,
      marketId,
      date: options.date ?? nextDay(),
      source: options.isDemo ? "demo" : "officer",
      unit: options.unit ?? "kg",
      minVnd: avgVnd,
      maxVnd: avgVnd,
      avgVnd,
      isDemo: options.isDemo,
    },
  ]);
}

const messages = () => db.select().from(outbox).where(eq(outbox.recipient, phone)).all();
let phone = "";

beforeAll(async () => {
  mango = upsertCommodity(db, { slug: "xoai", nameVi: "Xoài cát Hòa Lộc", nameEn: "Hoa Loc mango", category: "fruit" }).id;
  vinhKim = upsertMarket(db, { slug: "vinh-kim", name: "Chợ Vĩnh Kim", kind: "wholesale" }).id;
  caiBe = upsertMarket(db, { slug: "cai-be", name: "Chợ nổi Cái Bè", kind: "wholesale" }).id;
  const other = await makeUser(db, "farmer");
  otherId = other.id;
});

beforeEach(async () => {
  // A fresh person per test: their messages alone are counted.
  const user = await makeUser(db, "buyer");
  userId = user.id;
  phone = user.phone;
  price(40_000); // the starting price at Vĩnh Kim
});

const alert = (input: Partial<Parameters<typeof createAlert>[2]>) =>
  createAlert(db, userId, { commodityId: mango, marketId: null, priceType: "wholesale", kind: "above", thresholdVnd: 50_000, movePercent: null, ...input });

describe("threshold alerts", () => {
  it("fires once on crossing up, not again while above, and again after coming back below and crossing", () => {
    alert({ kind: "above", thresholdVnd: 50_000 });
    price(49_999);
    expect(messages()).toHaveLength(0);
    price(50_000); // at the threshold counts
    expect(messages()).toHaveLength(1);
    expect(messages()[0].template).toBe("alerts.above");
    expect(messages()[0].body).toContain("50.000");
    price(55_000);
    price(52_000);
    expect(messages()).toHaveLength(1);
    price(45_000); // back below: re-armed, no message
    expect(messages()).toHaveLength(1);
    price(51_000);
    expect(messages()).toHaveLength(2);
  });

  it("fires on crossing down for an at-or-below alert", () => {
    alert({ kind: "below", thresholdVnd: 30_000 });
    price(31_000);
    price(30_000);
    price(29_000);
    expect(messages().map((m) => m.template)).toEqual(["alerts.below"]);
  });

  it("does not fire for a price already beyond the threshold when the alert is created", () => {
    alert({ kind: "above", thresholdVnd: 35_000 });
    price(41_000);
    expect(messages()).toHaveLength(0);
    price(30_000);
    price(36_000);
    expect(messages()).toHaveLength(1);
  });

  it("reads prices in other weight units per the commodity's unit (tạ → kg)", () => {
    alert({ kind: "above", thresholdVnd: 50_000 });
    price(5_200_000, vinhKim, { unit: "ta" }); // 52.000 ₫/kg
    expect(messages()).toHaveLength(1);
  });
});

describe("percentage move", () => {
  it("fires on a move of N % either way against the price when it last fired or was created", () => {
    alert({ kind: "move", thresholdVnd: null, movePercent: 10 });
    price(43_000); // +7.5 %
    expect(messages()).toHaveLength(0);
    price(44_000); // +10 % against 40.000: fires, 44.000 is the new base
    expect(messages()).toHaveLength(1);
    expect(messages()[0].template).toBe("alerts.move");
    price(40_000); // −9.1 % against 44.000
    expect(messages()).toHaveLength(1);
    price(39_600); // −10 %
    expect(messages()).toHaveLength(2);
  });
});

describe("market-specific vs any market", () => {
  it("a market's alert looks at that market alone; an any-market alert at the mean of the latest day", () => {
    alert({ kind: "above", thresholdVnd: 50_000, marketId: caiBe });
    const date = nextDay();
    price(60_000, vinhKim, { date }); // Vĩnh Kim only: not Cái Bè
    expect(messages()).toHaveLength(0);
    price(50_000, caiBe, { date: nextDay() });
    expect(messages().map((m) => m.template)).toEqual(["alerts.aboveAtMarket"]);
    expect(messages()[0].body).toContain("Chợ nổi Cái Bè");
  });
});

describe("demo observations", () => {
  it("never trigger an alert", () => {
    // A market of its own with no real price yet: a demo price there would count on the board.
    const cho = upsertMarket(db, { slug: `demo-${userId}`, name: "Chợ thử", kind: "retail" }).id;
    alert({ kind: "above", thresholdVnd: 50_000, marketId: cho });
    price(90_000, cho, { isDemo: true });
    expect(messages()).toHaveLength(0);
    expect(listAlerts(db, userId)[0].armed).toBe(true);
    price(60_000, cho); // a real price does
    expect(messages()).toHaveLength(1);
  });
});

describe("digest", () => {
  it("lists each followed commodity with its latest price and the change over the week, once a week", async () => {
    alert({ kind: "above", thresholdVnd: 90_000 });
    const latest = nextDay();
    const weekBefore = addDays(latest, -7);
    price(40_000, vinhKim, { date: weekBefore });
    price(44_000, vinhKim, { date: latest });
    const at = new Date("2026-06-01T00:00:00Z");
    runDigest(db, at);
    runDigest(db, at);
    const digests = messages().filter((m) => m.template === "alerts.digest");
    expect(digests).toHaveLength(1);
    expect(digests[0].body).toContain("Xoài cát Hòa Lộc: 44.000");
    expect(digests[0].body).toContain("+10 % so với tuần trước");
    expect(digests[0].body).toContain("/canh-bao-gia/huy?k=u");
  });

  it("keeps exactly one digest job waiting, on the next Monday 07:00 in Vietnam", () => {
    alert({});
    alert({ kind: "below", thresholdVnd: 1_000 });
    const waiting = db.select().from(jobs).where(eq(jobs.kind, DIGEST_JOB)).all().filter((j) => j.status === "queued");
    expect(waiting).toHaveLength(1);
    // Wednesday 2026-12-02 10:00 in Vietnam → Monday 2026-12-07 07:00 (00:00 UTC).
    expect(nextDigestAt(new Date("2026-12-02T03:00:00Z")).toISOString()).toBe("2026-12-07T00:00:00.000Z");
    // Monday 06:00 in Vietnam → the same morning.
    expect(nextDigestAt(new Date("2026-12-06T23:00:00Z")).toISOString()).toBe("2026-12-07T00:00:00.000Z");
  });
});

describe("the digest job", () => {
  it("runs the digest and leaves exactly one run waiting for next week", async () => {
    alert({});
    const queued = () => db.select().from(jobs).where(eq(jobs.kind, DIGEST_JOB)).all().filter((j) => j.status === "queued");
    // What the worker does: the waiting job is claimed (running), then its handler runs.
    const job = queued()[0];
    db.update(jobs).set({ status: "running" }).where(eq(jobs.id, job.id)).run();
    expect(queued()).toHaveLength(0);
    const ctx = { db, progress: () => {}, log: console } as unknown as Parameters<NonNullable<ReturnType<typeof jobHandler>>>[1];
    const result = await jobHandler(DIGEST_JOB)!(job, ctx);
    expect(result).toMatchObject({ sent: expect.any(Number) });
    expect(queued()).toHaveLength(1);
    expect(messages().filter((m) => m.template === "alerts.digest")).toHaveLength(1);
  });
});

describe("unsubscribe and ownership", () => {
  it("a signed link removes the alert; a bad signature is refused", () => {
    const a = alert({});
    const link = new URL(unsubscribePath({ alertId: a.id }), "http://x");
    const k = link.searchParams.get("k");
    const s = link.searchParams.get("s")!;
    expect(verifyUnsubscribe(k, `${s.slice(0, -1)}${s.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(verifyUnsubscribe(`a${a.id + 1}`, s)).toBeNull();
    expect(verifyUnsubscribe(k, null)).toBeNull();
    const scope = verifyUnsubscribe(k, s);
    expect(scope).toEqual({ alertId: a.id });
    expect(removeAlerts(db, scope!)).toBe(1);
    expect(getAlert(db, a.id)).toBeUndefined();
  });

  it("only the owner deletes an alert", () => {
    const a = alert({});
    expect(() => deleteAlert(db, { id: otherId, role: "admin" }, a.id)).toThrow();
    expect(getAlert(db, a.id)).toBeDefined();
    deleteAlert(db, { id: userId, role: "buyer" }, a.id);
    expect(getAlert(db, a.id)).toBeUndefined();
  });

  it("a deleted user's alerts go with them", () => {
    alert({});
    alert({ kind: "move", thresholdVnd: null, movePercent: 5 });
    expect(db.select().from(priceAlerts).where(eq(priceAlerts.userId, userId)).all()).toHaveLength(2);
    db.delete(users).where(eq(users.id, userId)).run();
    expect(db.select().from(priceAlerts).where(eq(priceAlerts.userId, userId)).all()).toHaveLength(0);
  });
});
