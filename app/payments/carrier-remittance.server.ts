/**
 * A carrier's COD reconciliation file (đối soát COD) into the farms' ledgers: one row per parcel with
 * its tracking code, the COD the carrier remitted and its fee. Each row goes through the carrier
 * webhook's own path, so it writes the same entries (cod:<shipmentId> +COD; the fee, charged as
 * carrier_fee:<shipmentId> when the parcel was created, corrected by the difference) and a parcel
 * that a file and a webhook both report — or a file uploaded twice — is counted once. A row that
 * matches no parcel is reported with the reason and the rest carries on.
 */
import { eq, like, or, sql } from "drizzle-orm";
import { ledgerEntries, shipments } from "../../db/schema";
import { allows, authorizeOrFail, type Actor } from "~/accounts/access.server";
import { recordActivity } from "~/activity/log.server";
import { readRows, type ImportSource, type SheetRow } from "~/imports/readers.server";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { now } from "~/lib/clock";
import { fold } from "~/lib/text";
import type { CarrierEvent } from "~/shipping/carrier";
import { applyCarrierEvents } from "~/shipping/carrier-events.server";
import { PARTNER_COD_CARRIERS } from "./methods/cod/method.server";

/** Words carriers' files use for each column (GHN, GHTK and Viettel Post exports; folded, without marks). */
const COLUMNS = {
  tracking: ["ma van don", "van don", "tracking", "ma don hang", "ma don", "order code", "order_code", "label", "ma vd"],
  cod: ["cod", "thu ho"],
  fee: ["phi", "fee", "cuoc"],
} as const;
type Column = keyof typeof COLUMNS;

function columnsOf(cells: readonly string[]): Record<Column, number> | null {
  const folded = cells.map((c) => fold(c));
  const find = (col: Column, taken: number[]) => folded.findIndex((h, i) => !taken.includes(i) && COLUMNS[col].some((w) => h.includes(w)));
  const tracking = find("tracking", []);
  const cod = find("cod", [tracking]);
  const fee = find("fee", [tracking, cod]);
  return tracking < 0 || cod < 0 || fee < 0 ? null : { tracking, cod, fee };
}

/** Whole đồng as spreadsheets write them: "1.250.000", "1,250,000", "1250000 đ", "1250000.00". */
export function parseVnd(text: string): number | null {
  const bare = text.replace(/\s|đ|₫|vnd/gi, "").replace(/[.,]0{1,2}$/, "");
  if (bare === "") return 0;
  if (!/^\d{1,3}([.,]\d{3})*$|^\d+$/.test(bare)) return null;
  const value = Number(bare.replace(/[.,]/g, ""));
  return Number.isSafeInteger(value) ? value : null;
}

export type UnmatchedReason = "missingTracking" | "noShipment" | "badAmount" | "ownDelivery";

export interface RemittanceResult {
  rows: number;
  matched: number;
  /** ledger entries written this time (0 for a file already imported) */
  added: number;
  unmatched: Array<{
    rowNumber: number;
    tracking: string;
    reason: UnmatchedReason;
  }>;
}

interface Parsed {
  rowNumber: number;
  tracking: string;
  codVnd: number | null;
  feeVnd: number | null;
}

/** The ledger entries of one parcel (to count what a row added). */
function parcelEntries(db: Db, shipmentId: number): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(ledgerEntries)
    .where(or(eq(ledgerEntries.sourceKey, `cod:${shipmentId}`), like(ledgerEntries.sourceKey, `carrier_fee:${shipmentId}%`)))
    .get();
  return row?.n ?? 0;
}

/**
 * A row is what the carrier's webhook would have said: the COD it collected and its fee, applied
 * through the shipping capability's event path (applyCarrierEvents) — so the entries are the
 * webhook's own (cod:<shipmentId>, carrier_fee:<shipmentId>[:<eventKey>]), the COD order reads paid,
 * and a parcel the webhook already reported, or a file uploaded twice, adds nothing.
 */
function applyRow(db: Db, row: Parsed, result: RemittanceResult, at: Date) {
  const found = db.select().from(shipments).where(eq(shipments.trackingCode, row.tracking)).all();
  const shipment = found.find((s) => (PARTNER_COD_CARRIERS as readonly string[]).includes(s.carrier));
  if (!shipment) {
    result.unmatched.push({ rowNumber: row.rowNumber, tracking: row.tracking, reason: found.length > 0 ? "ownDelivery" : "noShipment" });
    return;
  }
  result.matched += 1;
  const before = parcelEntries(db, shipment.id);
  const base = { trackingCode: row.tracking, clientCode: shipment.clientCode, occurredAt: at, payload: { source: "reconciliation", row: row.rowNumber } };
  const events: CarrierEvent[] = [];
  if (row.codVnd! > 0) events.push({ ...base, eventKey: `reconciliation:${row.tracking}:cod`, kind: "status", codCollectedVnd: row.codVnd! });
  // Keyed by the figure: the same file again adds nothing; another figure later is a correction.
  if (row.feeVnd! > 0) events.push({ ...base, eventKey: `reconciliation:${row.tracking}:fee:${row.feeVnd}`, kind: "fee", feeVnd: row.feeVnd! });
  applyCarrierEvents(db, shipment.carrier, events);
  result.added += parcelEntries(db, shipment.id) - before;
}

function parse(row: SheetRow, cols: Record<Column, number>): Parsed {
  const cell = (i: number) => (row.cells[i] ?? "").trim();
  return {
    rowNumber: row.rowNumber,
    tracking: cell(cols.tracking),
    codVnd: parseVnd(cell(cols.cod)),
    feeVnd: parseVnd(cell(cols.fee)),
  };
}

/** Reads the file (CSV or XLSX, through the import readers) and records each row; administrators only. */
/** `fileName`: the name the administrator uploaded (for the activity log), when the source is a stored copy. */
export async function importCarrierRemittance(db: Db, actor: Actor, source: ImportSource, fileName?: string): Promise<RemittanceResult> {
  authorizeOrFail(allows(actor, "administer"));
  let reader;
  try {
    reader = await readRows(source, {
      isHeaderRow: (cells) => columnsOf(cells) !== null,
    });
  } catch (error) {
    if (error instanceof AppError && error.messageKey === "imports:errors.noHeader") throw new AppError("money:reconciliation.errors.columns", 422);
    if (error instanceof AppError) throw new AppError("money:reconciliation.errors.unreadable", 422);
    throw error;
  }
  const cols = columnsOf(reader.header.cells)!;
  const result: RemittanceResult = {
    rows: 0,
    matched: 0,
    added: 0,
    unmatched: [],
  };
  const at = now();
  for await (const batch of reader.batches) {
    db.transaction(
      () => {
        for (const sheetRow of batch) {
          const row = parse(sheetRow, cols);
          result.rows += 1;
          if (!row.tracking)
            result.unmatched.push({
              rowNumber: row.rowNumber,
              tracking: "",
              reason: "missingTracking",
            });
          else if (row.codVnd === null || row.feeVnd === null)
            result.unmatched.push({
              rowNumber: row.rowNumber,
              tracking: row.tracking,
              reason: "badAmount",
            });
          else applyRow(db, row, result, at);
        }
      },
      { behavior: "immediate" },
    );
  }
  recordActivity(db, {
    actorUserId: actor.id,
    action: "payout.remittance",
    detail: {
      fileName: fileName ?? ("fileName" in source ? source.fileName : ""),
      matched: result.matched,
      added: result.added,
      unmatched: result.unmatched.length,
    },
  });
  return result;
}
