import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { startStripeFake, type StripeFake } from "../../tests/stripe-fake";
import { activityLog, complaints, ledgerEntries, orders, shipments, type Order } from "../../db/schema";
import { makeUser } from "~/accounts/test-utils";
import { transitionOrder } from "~/orders/state-machine.server";
import { importCarrierRemittance, parseVnd } from "./carrier-remittance.server";
import { createStripeSession } from "./card.server";
import { ledgerBalance, recordLedgerEntry } from "./ledger.server";
import { bankTransferCsv, createPayoutRun, farmMoney, markRunPaid, payoutOverview } from "./payout-runs.server";
import { ledgerMismatch, recomputedBalance } from "./reconcile.server";
import { refundOrderAmount, refundWholeOrder } from "./refunds.server";
import { statementCsv } from "./statement.server";
import { checkoutOf, farmWithListing, makeBuyer, useStripe } from "./test-fixtures";
import { handleStripeEvent } from "./webhook.server";

const db = freshTestDb({ adminUnits: true });
let fake: StripeFake;
let card: Awaited<ReturnType<typeof farmWithListing>>;
let cod: Awaited<ReturnType<typeof farmWithListing>>;
let noBank: Awaited<ReturnType<typeof farmWithListing>>;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  fake = await startStripeFake();
  useStripe(fake.url);
  card = await farmWithListing(db, { name: "Vườn xoài Tư Lộc", priceVnd: 45_000, stock: 500 });
  cod = await farmWithListing(db, { name: "Vườn bưởi Năm Roi", priceVnd: 30_000, stock: 500 });
  noBank = await farmWithListing(db, { name: "Vườn cam Sành", priceVnd: 20_000, stock: 500, bank: false });
  admin = await makeUser(db, "admin");
});
afterAll(async () => {
  await fake.close();
  useStripe(null);
  db.cleanup();
});

const orderRow = (id: number) => db.select().from(orders).where(eq(orders.id, id)).get()!;
const farms = () => [card, cod, noBank].map((f) => f.household.id);

/** Every farm's ledger balance equals the one recomputed without the ledger. */
function expectReconciled() {
  for (const id of farms()) expect(ledgerBalance(db, id)).toBe(recomputedBalance(db, id));
  expect(ledgerMismatch(db)).toBe(0);
}

async function paidByCard(farm: typeof card, quantity: number) {
  const buyer = await makeBuyer(db);
  const { checkout, orders: placed } = checkoutOf(db, buyer, [{ listing: farm.listing, quantity }], "card");
  const { sessionId } = await createStripeSession(db, checkout.id, { baseUrl: "http://localhost" });
  handleStripeEvent(db, fake.event("checkout.session.completed", fake.completeSession(sessionId)));
  return { buyer, order: placed[0] };
}

function complete(farm: typeof card, buyer: Awaited<ReturnType<typeof makeBuyer>>, order: Order) {
  for (const step of ["confirmed", "shipped", "delivered"] as const) transitionOrder(db, farm.farmer, order.id, step);
  transitionOrder(db, buyer, order.id, "completed");
}

/** A parcel a partner carrier took, as the shipping capability records it (its fee charged), COD not yet remitted. */
function partnerParcel(order: Order, trackingCode: string, feeVnd: number) {
  const parcel = db
    .insert(shipments)
    .values({ orderId: order.id, householdId: order.householdId, carrier: "ghn", trackingCode, clientCode: order.code, status: "delivered", codVnd: order.totalVnd, feeVnd, weightGrams: 2000 })
    .returning()
    .get();
  recordLedgerEntry(db, { householdId: order.householdId, orderId: order.id, kind: "carrier_fee", amountVnd: -feeVnd, sourceKey: `carrier_fee:${parcel.id}` });
  return parcel;
}

const csvFile = (text: string) => ({ buffer: Buffer.from(text, "utf8"), fileName: "doi-soat.csv" });

describe("the farm's ledger against everything else", () => {
  it("card payments, COD remitted by a carrier, refunds and payouts: the ledger and the recomputed balance agree", async () => {
    expectReconciled();
    // Card: owed to the farm from the webhook; a cancelled sibling refunded through Stripe comes off.
    const first = await paidByCard(card, 2);
    const second = await paidByCard(card, 1);
    expect(ledgerBalance(db, card.household.id)).toBe(first.order.totalVnd + second.order.totalVnd);
    transitionOrder(db, second.buyer, second.order.id, "cancelled", "đổi ý");
    await refundWholeOrder(db, second.order.id);
    expectReconciled();
    // A partial refund for a complaint, and a replay of the same cause: once.
    await refundOrderAmount(db, { orderId: first.order.id, amountVnd: 10_000, cause: "complaint", causeRef: 1 });
    await refundOrderAmount(db, { orderId: first.order.id, amountVnd: 10_000, cause: "complaint", causeRef: 1 });
    expect(ledgerBalance(db, card.household.id)).toBe(first.order.totalVnd - 10_000);
    expectReconciled();

    // COD by a partner carrier, remitted through the reconciliation file (twice: counted once).
    const buyer = await makeBuyer(db);
    const { orders: placed } = checkoutOf(db, buyer, [{ listing: cod.listing, quantity: 3 }], "cod");
    const codOrder = placed[0];
    const parcel = partnerParcel(codOrder, "GHN-LEDGER-1", 25_000);
    const file = `Mã vận đơn,Tiền thu hộ,Phí\nGHN-LEDGER-1,${codOrder.totalVnd},25.000\nKHONG-CO,100000,20000\n,5,5\nGHN-LEDGER-1,abc,1\n`;
    const result = await importCarrierRemittance(db, admin, csvFile(file));
    expect(result).toEqual({
      rows: 4,
      matched: 1,
      added: 1,
      unmatched: [
        { rowNumber: 3, tracking: "KHONG-CO", reason: "noShipment" },
        { rowNumber: 4, tracking: "", reason: "missingTracking" },
        { rowNumber: 5, tracking: "GHN-LEDGER-1", reason: "badAmount" },
      ],
    });
    expect((await importCarrierRemittance(db, admin, csvFile(file))).added).toBe(0);
    expect(db.select().from(shipments).where(eq(shipments.id, parcel.id)).get()!.codCollectedVnd).toBe(codOrder.totalVnd);
    expect(ledgerBalance(db, cod.household.id)).toBe(codOrder.totalVnd - 25_000);
    expectReconciled();
    // The carrier corrects its fee in a later file: the difference, once.
    await importCarrierRemittance(db, admin, csvFile(`Mã vận đơn,Tiền thu hộ,Phí\nGHN-LEDGER-1,${codOrder.totalVnd},27000\n`));
    await importCarrierRemittance(db, admin, csvFile(`Mã vận đơn,Tiền thu hộ,Phí\nGHN-LEDGER-1,${codOrder.totalVnd},27000\n`));
    expect(ledgerBalance(db, cod.household.id)).toBe(codOrder.totalVnd - 27_000);
    expectReconciled();
    // COD the platform holds goes back by the platform: off the ledger.
    for (const step of ["confirmed", "shipped", "delivered"] as const) transitionOrder(db, cod.farmer, codOrder.id, step);
    const back = await refundOrderAmount(db, { orderId: codOrder.id, amountVnd: 5_000, cause: "complaint", causeRef: 2 });
    expect(back.refund.method).toBe("platform_owes");
    expectReconciled();

    // Payouts: only completed orders' money is payable; a farm without a bank account is listed with the reason.
    expect(farmMoney(db, card.household.id).payableVnd).toBe(0);
    complete(card, first.buyer, orderRow(first.order.id));
    transitionOrder(db, buyer, codOrder.id, "completed");
    const owedCard = ledgerBalance(db, card.household.id);
    const owedCod = ledgerBalance(db, cod.household.id);
    expect(farmMoney(db, card.household.id).payableVnd).toBe(owedCard);

    const { buyer: noBankBuyer, order: noBankOrder } = await paidByCard(noBank, 1);
    complete(noBank, noBankBuyer, orderRow(noBankOrder.id));
    const overview = payoutOverview(db);
    expect(overview.find((f) => f.householdId === noBank.household.id)).toMatchObject({ reason: "noBankAccount", payableVnd: noBankOrder.totalVnd });

    expect(() => createPayoutRun(db, card.farmer)).toThrow(expect.objectContaining({ status: 403 }));
    const run = createPayoutRun(db, admin)!;
    expect(run).toMatchObject({ farmCount: 2, totalVnd: owedCard + owedCod });
    // Exported, not yet sent: nothing leaves the ledger, and a second run pays nothing twice.
    expect(ledgerBalance(db, card.household.id)).toBe(owedCard);
    expect(farmMoney(db, card.household.id)).toMatchObject({ pendingVnd: owedCard, payableVnd: 0 });
    expect(createPayoutRun(db, admin)).toBeNull();
    expectReconciled();

    const csv = bankTransferCsv(db, admin, run.runId).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(csv).toHaveLength(3);
    expect(csv.slice(1).map((l) => l.split(",").slice(3))).toEqual([
      ["700012345678", "NGUYEN VAN TU", String(owedCard), `CNS ${run.runId} ${card.household.id}`],
      ["700012345678", "NGUYEN VAN TU", String(owedCod), `CNS ${run.runId} ${cod.household.id}`],
    ]);

    markRunPaid(db, admin, run.runId);
    expect(() => markRunPaid(db, admin, run.runId)).toThrow(expect.objectContaining({ messageKey: "money:payouts.errors.alreadyPaid" }));
    expect(ledgerBalance(db, card.household.id)).toBe(0);
    expect(ledgerBalance(db, cod.household.id)).toBe(0);
    expect(db.select().from(ledgerEntries).where(eq(ledgerEntries.kind, "payout")).all()).toHaveLength(2);
    // The administrator's steps are in the activity log.
    const logged = db.select({ action: activityLog.action }).from(activityLog).where(eq(activityLog.actorUserId, admin.id)).all();
    expect(logged.map((l) => l.action)).toEqual(["payout.remittance", "payout.remittance", "payout.remittance", "payout.remittance", "payout.run", "payout.paid"]);
    expectReconciled();

    const statement = statementCsv(db, card.household.id).replace(/^\uFEFF/, "").split("\r\n");
    expect(statement[0]).toBe("at,kind,order_code,amount_vnd,source,note");
    expect(statement[1]).toMatch(/,payout,,-\d+,payout:\d+,CNS /);
  });

  it("money of a completed order is held back while a complaint about it is open", async () => {
    const { buyer, order } = await paidByCard(card, 1);
    complete(card, buyer, orderRow(order.id));
    const before = farmMoney(db, card.household.id);
    expect(before.payableVnd).toBeGreaterThanOrEqual(order.totalVnd);
    const complaint = db
      .insert(complaints)
      .values({ orderId: order.id, householdId: card.household.id, buyerUserId: buyer.id, communeCode: card.household.communeCode, reason: "quality", remedyAsked: "full_refund", dueAt: new Date() })
      .returning()
      .get();
    expect(farmMoney(db, card.household.id)).toMatchObject({ heldVnd: before.heldVnd + order.totalVnd, payableVnd: before.payableVnd - order.totalVnd });
    db.update(complaints).set({ status: "resolved" }).where(eq(complaints.id, complaint.id)).run();
    expect(farmMoney(db, card.household.id).payableVnd).toBe(before.payableVnd);
  });

  it("reads amounts the way carriers' spreadsheets write them", () => {
    expect(["1.250.000", "1,250,000", "1250000", "1250000 đ", "1250000.00", "", "12,5", "-5"].map(parseVnd)).toEqual([1_250_000, 1_250_000, 1_250_000, 1_250_000, 1_250_000, 0, null, null]);
  });
});
