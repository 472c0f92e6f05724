import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { shipments } from "../../db/schema";
import { makeUser, signIn, testContext } from "~/accounts/test-utils";
import { loadExcel } from "~/imports/readers.server";
import { action as reconcileAction } from "~/routes/quan-tri.doi-soat";
import { importCarrierRemittance } from "./carrier-remittance.server";
import { ledgerBalance, recordLedgerEntry } from "./ledger.server";
import { ledgerMismatch } from "./reconcile.server";
import { checkoutOf, farmWithListing, makeBuyer } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true, uploads: true });
let farm: Awaited<ReturnType<typeof farmWithListing>>;
let admin: Awaited<ReturnType<typeof makeUser>>;
let parcels: Array<{ tracking: string; codVnd: number }>;

beforeAll(async () => {
  farm = await farmWithListing(db, { priceVnd: 40_000 });
  admin = await makeUser(db, "admin");
  parcels = [];
  for (const [i, carrier] of (["ghtk", "ghtk", "farm"] as const).entries()) {
    const order = checkoutOf(db, await makeBuyer(db), [{ listing: farm.listing, quantity: i + 1 }], "cod").orders[0];
    const tracking = `S${i}.GHTK.${order.id}`;
    const parcel = db
      .insert(shipments)
      .values({ orderId: order.id, householdId: farm.household.id, carrier, trackingCode: tracking, clientCode: order.code, status: "delivered", codVnd: order.totalVnd, feeVnd: 22_000, weightGrams: 1000 })
      .returning()
      .get();
    // As the shipping capability records a partner's parcel: its fee is charged to the platform.
    if (carrier !== "farm") recordLedgerEntry(db, { householdId: farm.household.id, orderId: order.id, kind: "carrier_fee", amountVnd: -22_000, sourceKey: `carrier_fee:${parcel.id}` });
    parcels.push({ tracking, codVnd: order.totalVnd });
  }
});
afterAll(() => db.cleanup());

async function xlsx(rows: Array<Array<string | number>>): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Đối soát");
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe("carrier COD reconciliation", () => {
  it("reads a carrier's XLSX with title rows above the header; the farm's own delivery is not the platform's money", async () => {
    const [a, , own] = parcels;
    const buffer = await xlsx([
      ["BẢNG ĐỐI SOÁT COD — GHTK"],
      ["Kỳ: 01/12/2026"],
      ["STT", "Mã đơn hàng", "Tiền COD đã nộp", "Phí giao hàng"],
      [1, a.tracking, a.codVnd, 22_000],
      [2, own.tracking, own.codVnd, 0],
    ]);
    const result = await importCarrierRemittance(db, admin, { buffer, fileName: "doi-soat.xlsx" });
    expect(result).toEqual({ rows: 2, matched: 1, added: 1, unmatched: [{ rowNumber: 5, tracking: own.tracking, reason: "ownDelivery" }] });
    expect(ledgerBalance(db, farm.household.id)).toBe(a.codVnd - 2 * 22_000);
    expect(ledgerMismatch(db)).toBe(0);
  });

  it("a file without the three columns is refused with a message, and only administrators import", async () => {
    await expect(importCarrierRemittance(db, admin, { buffer: Buffer.from("a,b\n1,2\n"), fileName: "x.csv" })).rejects.toMatchObject({ messageKey: "money:reconciliation.errors.columns" });
    await expect(importCarrierRemittance(db, farm.farmer, { buffer: Buffer.from("a,b\n1,2\n"), fileName: "x.csv" })).rejects.toMatchObject({ status: 403 });
  });

  it("the admin page takes an upload and shows what matched and what did not", async () => {
    const [, b] = parcels;
    const body = new FormData();
    body.set("file", new File([`Tracking code,COD amount,Fee\n${b.tracking},${b.codVnd},22000\nNOPE,1000,0\n`], "ghtk.csv", { type: "text/csv" }));
    const cookie = await signIn(db, admin.id);
    const response = await reconcileAction({ request: new Request("http://localhost/quan-tri/doi-soat", { method: "POST", headers: { Cookie: cookie }, body }), params: {}, context: testContext() });
    expect(await (response as Response).json()).toEqual({
      result: { rows: 2, matched: 1, added: 1, unmatched: [{ rowNumber: 3, tracking: "NOPE", reason: "noShipment" }] },
      error: null,
    });
    const empty = new FormData();
    empty.set("note", "x");
    const refused = (await reconcileAction({ request: new Request("http://localhost/quan-tri/doi-soat", { method: "POST", headers: { Cookie: cookie }, body: empty }), params: {}, context: testContext() })) as Response;
    expect(refused.status).toBe(400);
    expect(ledgerMismatch(db)).toBe(0);
  });
});
