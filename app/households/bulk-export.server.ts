/**
 * The household list as a file, written chunk by chunk in constant memory: CSV through the app's one
 * CSV writer (a resumed run truncates the file to the bytes committed with the cursor and appends),
 * XLSX through exceljs's streaming WorkbookWriter (a zip cannot be appended to: a resumed XLSX export
 * starts again from the first household). Files live under UPLOADS_DIR/bulk, outside public/.
 */
import fs from "node:fs";
import path from "node:path";
import type ExcelJS from "exceljs";
import { and, eq, lt } from "drizzle-orm";
import { bulkActions, type HouseholdStatus } from "../../db/schema";
import { allows, maySeeNationalId, type Actor } from "~/accounts/access.server";
import { getCurrentCommune } from "~/addresses/lookup.server";
import { formatDate } from "~/i18n/format";
import { i18nInstance } from "~/i18n/i18n.server";
import { loadExcel } from "~/imports/readers.server";
import { csvLine } from "~/lib/csv";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { formatPhone } from "~/lib/phone";
import { EXPORT_KEEP_DAYS } from "./bulk-options";
import { maskNationalId } from "./national-id";

export interface ExportHousehold {
  id: number;
  displayName: string;
  representativeName: string;
  phone: string;
  nationalId: string | null;
  communeCode: string;
  addressLine: string;
  status: HouseholdStatus;
  ownerUserId: number | null;
  listed: number;
  createdAt: Date;
}

const COLUMNS = ["id", "displayName", "representativeName", "phone", "nationalId", "commune", "addressLine", "status", "claimed", "listed", "registeredOn"] as const;

export function exportDir(): string {
  return path.resolve(env().UPLOADS_DIR, "bulk");
}

export function exportFileFor(actionId: number, kind: "exportCsv" | "exportXlsx"): string {
  return path.join(exportDir(), `households-${actionId}.${kind === "exportCsv" ? "csv" : "xlsx"}`);
}

type Translate = (key: string, options?: object) => string;

function translator(): Translate {
  const instance = i18nInstance("vi");
  return (instance.getFixedT as unknown as (lng: string, ns: string) => Translate)("vi", "households");
}

/** One household as the file's cells, national ID masked unless the actor may export it whole. */
function exportRowMaker(db: Db, actor: Actor) {
  const t = translator();
  const wholeIds = allows(actor, "exportNationalIds");
  const names = new Map<string, string>();
  const yes = t("bulk.export.yes");
  const no = t("bulk.export.no");
  return (h: ExportHousehold): Array<string | number> => {
    let commune = names.get(h.communeCode);
    if (commune === undefined) names.set(h.communeCode, (commune = getCurrentCommune(db, h.communeCode)?.name ?? h.communeCode));
    const id = maskNationalId(h.nationalId, wholeIds && maySeeNationalId(db, actor, h)) ?? "";
    return [
      h.id,
      h.displayName,
      h.representativeName,
      formatPhone(h.phone),
      id,
      commune,
      h.addressLine,
      t(`statuses.${h.status}`),
      h.ownerUserId !== null ? yes : no,
      h.listed ? yes : no,
      formatDate(h.createdAt, "vi"),
    ];
  };
}

export interface ExportWriter {
  /** writes the rows and resolves once they are handed to the file; returns the bytes committed so far (CSV) */
  write(rows: ExportHousehold[]): Promise<number>;
  close(): Promise<number>;
}

/** A CSV export: BOM and header on a new file; a resumed one truncated to `fromBytes` and appended to. */
async function csvWriter(db: Db, actor: Actor, file: string, fromBytes: number): Promise<ExportWriter> {
  const toCells = exportRowMaker(db, actor);
  const t = translator();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const resuming = fromBytes > 0 && fs.existsSync(file);
  const handle = await fs.promises.open(file, resuming ? "r+" : "w");
  let bytes = 0;
  if (resuming) {
    await handle.truncate(fromBytes);
    bytes = fromBytes;
  } else {
    const head = Buffer.from(`\uFEFF${csvLine(COLUMNS.map((c) => t(`bulk.export.columns.${c}`)))}\r\n`, "utf8");
    await handle.write(head, 0, head.length, 0);
    bytes = head.length;
  }
  return {
    async write(rows) {
      if (rows.length === 0) return bytes;
      const chunk = Buffer.from(rows.map((r) => `${csvLine(toCells(r))}\r\n`).join(""), "utf8");
      await handle.write(chunk, 0, chunk.length, bytes);
      bytes += chunk.length;
      return bytes;
    },
    async close() {
      await handle.sync();
      await handle.close();
      return bytes;
    },
  };
}

/** An XLSX export, streamed: each row is committed (written out and forgotten) as it is added. */
async function xlsxWriter(db: Db, actor: Actor, file: string): Promise<ExportWriter> {
  const toCells = exportRowMaker(db, actor);
  const t = translator();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const Excel: typeof ExcelJS = await loadExcel();
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(t("bulk.export.sheet"));
  sheet.addRow(COLUMNS.map((c) => t(`bulk.export.columns.${c}`))).commit();
  return {
    async write(rows) {
      for (const r of rows) sheet.addRow(toCells(r)).commit();
      // Let the zip stream drain to the file before the next chunk is read.
      await new Promise((resolve) => setImmediate(resolve));
      return 0;
    },
    async close() {
      sheet.commit();
      await workbook.commit();
      return fs.statSync(file).size;
    },
  };
}

export function openExportWriter(db: Db, actor: Actor, kind: "exportCsv" | "exportXlsx", file: string, fromBytes: number): Promise<ExportWriter> {
  return kind === "exportCsv" ? csvWriter(db, actor, file, fromBytes) : xlsxWriter(db, actor, file);
}

export function pruneOldExports(db: Db, now = new Date()): void {
  const cutoff = new Date(now.getTime() - EXPORT_KEEP_DAYS * 86_400_000);
  const old = db
    .select({ id: bulkActions.id, resultPath: bulkActions.resultPath })
    .from(bulkActions)
    .where(and(lt(bulkActions.createdAt, cutoff), eq(bulkActions.status, "completed")))
    .all();
  for (const a of old) {
    if (!a.resultPath) continue;
    fs.rmSync(a.resultPath, { force: true });
    db.update(bulkActions).set({ resultPath: null }).where(eq(bulkActions.id, a.id)).run();
  }
}
