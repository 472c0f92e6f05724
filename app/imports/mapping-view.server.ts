/**
 * The mapping step of the upload page: every column of the file with what it feeds, a few sample values,
 * the fields it may be given, and the officer's choices turned into overrides of the automatic match.
 */
import fs from "node:fs";
import type { Actor } from "~/accounts/access";
import { formatDate } from "~/i18n/format";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import { getBatchFor, parseFileError, remapPreview } from "./batches.server";
import { EXTRA } from "./mapping";
import { fileErrorMessage } from "./messages";
import { savePreviewSample } from "./page.server";
import { headerRowTest, processorFor } from "./processor";
import { readRows } from "./readers.server";
import { importsTranslator } from "./report.server";
import "./processors.server";

/** Sample values shown per column. */
export const MAPPING_SAMPLE_ROWS = 3;

/** The first data rows of the stored file, kept beside it after the first read (the page is reloaded often). */
async function headRows(storedPath: string, sheet: string | null, isHeaderRow: (cells: readonly string[]) => boolean): Promise<string[][]> {
  const cache = `${storedPath}.head.json`;
  try {
    return JSON.parse(await fs.promises.readFile(cache, "utf8")) as string[][];
  } catch {
    // not read yet
  }
  const rows: string[][] = [];
  try {
    const reader = await readRows({ path: storedPath }, { sheet: sheet ?? undefined, isHeaderRow });
    for await (const row of reader.rows) {
      rows.push([...row.cells]);
      if (rows.length >= MAPPING_SAMPLE_ROWS) break;
    }
    await reader.close();
  } catch {
    // an unreadable file has no mapping step: its batch failed and the page says why
    return [];
  }
  await fs.promises.writeFile(cache, JSON.stringify(rows));
  return rows;
}

/**
 * The mapping step of a batch waiting at the preview (or at the mapping step itself), null otherwise.
 * problem: why the batch cannot be confirmed yet (missing columns with the headers read, or two
 * columns chosen for one field).
 */
export async function mappingView(db: Db, actor: Actor, batchId: number, locale: Locale) {
  const batch = getBatchFor(db, actor, batchId);
  if (batch.status !== "previewed" || batch.jobId !== null || !batch.headers?.length || !batch.storedPath) return null;
  const processor = processorFor(batch.kind);
  const { t } = importsTranslator(locale);
  const overrides = batch.columnMap?.overrides;
  const match = processor.matchHeaders(batch.headers, overrides);
  const head = await headRows(batch.storedPath, batch.sheet, headerRowTest(processor, overrides));
  const error = batch.error ? parseFileError(batch.error) : undefined;
  return {
    columns: match.mapping.map((column) => ({
      ...column,
      samples: head.map((row) => row[column.index] ?? "").filter(Boolean),
    })),
    fields: processor.fields,
    keepsExtras: processor.keepsExtras,
    extras: match.mapping.filter((c) => c.target === EXTRA).map((c) => c.header),
    rememberedAt: batch.columnMap?.source === "remembered" && batch.columnMap.rememberedAt ? formatDate(batch.columnMap.rememberedAt, locale) : null,
    problem: error ? fileErrorMessage(t, error) : null,
  };
}

export type MappingView = NonNullable<Awaited<ReturnType<typeof mappingView>>>;

/**
 * The officer's choices from the mapping form (col-<index> = field, "ignore" or "extra") as overrides:
 * only the columns whose choice differs from the automatic match, so a file read the same way as the
 * importer would read it by itself keeps no overrides. The preview is then computed again.
 */
export async function applyColumnMapping(db: Db, actor: Actor, batchId: number, form: Record<string, string>): Promise<void> {
  const batch = getBatchFor(db, actor, batchId);
  const processor = processorFor(batch.kind);
  const auto = processor.matchHeaders(batch.headers ?? []).mapping;
  const overrides: Record<string, string> = {};
  for (const column of auto) {
    const chosen = form[`col-${column.index}`];
    if (chosen && chosen !== column.target) overrides[column.header] = chosen;
  }
  const preview = await remapPreview(db, actor, batchId, overrides);
  if (batch.storedPath) savePreviewSample(batch, preview);
}
