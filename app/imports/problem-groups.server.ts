/**
 * A batch's row problems grouped by reason (locale key + field): how many rows each reason refused (or
 * noted) over the whole file, and a group's rows page by page. Every reason of a row is also kept as one
 * row of import_row_reasons, so counting and paging run on an index, not over the JSON (measured in the
 * schema's comment). The runner records problems only through rowProblemRecorder, which keeps both.
 */
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import type { ImportBatch } from "../../db/schema";
import type { RowProblem } from "./processor";
import { readRows } from "./readers.server";

/** Rows of one group on one page. */
export const GROUP_PAGE_ROWS = 50;
/** Longest reason key or field a link may carry (ours are < 80 characters). */
const MAX_PARAM_LENGTH = 120;

/** "error": reasons a row was refused for; "note": notes on rows that are (or will be) imported. */
export type ReasonKind = "error" | "note";

export interface ReasonGroup {
  kind: ReasonKind;
  key: string;
  field: string;
  /** rows with this reason */
  rows: number;
  /** the first of them, in file order */
  firstRow: number;
  /** this reason as the first row has it (its params word the group's line) */
  example: RowProblem;
}

export interface ReasonGroups {
  /** rows with at least one reason of this kind */
  rows: number;
  /** reasons over all rows: a row with two reasons counts twice */
  problems: number;
  /** most rows first, then by first row */
  groups: ReasonGroup[];
}

export interface GroupQuery {
  kind: ReasonKind;
  key: string;
  field: string;
  /** 1-based */
  page: number;
}

export interface ReasonPage {
  /** rows in the group */
  total: number;
  page: number;
  pages: number;
  rows: Array<{ rowNumber: number; cells: string[]; reasons: RowProblem[] }>;
}

/** The tables a kind's rows live in. */
const SOURCES = {
  error: { table: "import_row_errors", json: "reasons" },
  note: { table: "import_row_notes", json: "notes" },
} as const;

/**
 * The runner's writes of row problems, inside its chunk transaction: the row with its reasons as JSON
 * (the error report, the page's wording) and one import_row_reasons row per reason (the counts).
 */
export function rowProblemRecorder(db: Db) {
  const sqlite = db.$client;
  const insertError = sqlite.prepare(
    `INSERT INTO import_row_errors (batch_id, row_number, cells, reasons) VALUES (?, ?, ?, ?)
     ON CONFLICT (batch_id, row_number) DO UPDATE SET cells = excluded.cells, reasons = excluded.reasons`,
  );
  const insertNote = sqlite.prepare(
    `INSERT INTO import_row_notes (batch_id, row_number, cells, notes) VALUES (?, ?, ?, ?)
     ON CONFLICT (batch_id, row_number) DO UPDATE SET cells = excluded.cells, notes = excluded.notes`,
  );
  // A row may repeat a reason (same key and field twice): it is one row of that group.
  const insertReason = sqlite.prepare(`INSERT OR IGNORE INTO import_row_reasons (batch_id, kind, key, field, row_number) VALUES (?, ?, ?, ?, ?)`);
  const record = (kind: ReasonKind, batchId: number, rowNumber: number, cells: readonly string[], reasons: readonly RowProblem[]) => {
    (kind === "error" ? insertError : insertNote).run(batchId, rowNumber, JSON.stringify(cells), JSON.stringify(reasons));
    for (const reason of reasons) insertReason.run(batchId, kind, reason.key, reason.field, rowNumber);
  };
  return {
    rejected: (batchId: number, rowNumber: number, cells: readonly string[], errors: readonly RowProblem[]) => record("error", batchId, rowNumber, cells, errors),
    noted: (batchId: number, rowNumber: number, cells: readonly string[], notes: readonly RowProblem[]) => record("note", batchId, rowNumber, cells, notes),
  };
}

/**
 * Before a pass: refusal reasons of rows after the last committed one go. A chunk commits its rows and
 * lastRowNumber together, so there should be none; clearing once per pass keeps a row's reasons from
 * being added to if one is ever written twice (a per-row delete cannot use the index and made a
 * 20,000-row preview quadratic).
 */
export function clearReasonsAfter(db: Db, batchId: number, lastRowNumber: number) {
  db.$client.prepare(`DELETE FROM import_row_reasons WHERE batch_id = ? AND kind = 'error' AND row_number > ?`).run(batchId, lastRowNumber);
}

/** Before a run starts over: its refused rows go (the preview's notes stay, the run words none). */
export function clearRejectedRows(db: Db, batchId: number) {
  db.$client.prepare(`DELETE FROM import_row_errors WHERE batch_id = ?`).run(batchId);
  db.$client.prepare(`DELETE FROM import_row_reasons WHERE batch_id = ? AND kind = 'error'`).run(batchId);
}

/** Every reason of a kind with its number of rows, most rows first. */
export function reasonGroups(db: Db, batchId: number, kind: ReasonKind): ReasonGroups {
  const sqlite = db.$client;
  const source = SOURCES[kind];
  const counted = sqlite
    .prepare(
      `SELECT key, field, COUNT(*) AS rows, MIN(row_number) AS firstRow FROM import_row_reasons
       WHERE batch_id = ? AND kind = ? GROUP BY key, field ORDER BY rows DESC, firstRow`,
    )
    .all(batchId, kind) as Array<{ key: string; field: string; rows: number; firstRow: number }>;
  const totals = sqlite
    .prepare(`SELECT COUNT(DISTINCT row_number) AS rows, COUNT(*) AS problems FROM import_row_reasons WHERE batch_id = ? AND kind = ?`)
    .get(batchId, kind) as { rows: number; problems: number };
  const firstOf = sqlite.prepare(`SELECT ${source.json} AS reasons FROM ${source.table} WHERE batch_id = ? AND row_number = ?`);
  const groups = counted.map((group): ReasonGroup => {
    const stored = firstOf.get(batchId, group.firstRow) as { reasons: string } | undefined;
    const reasons = stored ? (JSON.parse(stored.reasons) as RowProblem[]) : [];
    const example = reasons.find((r) => r.key === group.key && r.field === group.field) ?? { key: group.key, field: group.field, params: {} };
    return { kind, ...group, example };
  });
  return { rows: totals.rows, problems: totals.problems, groups };
}

/** One page of a group's rows in file order; an unknown group or a page past the end has none. */
export function reasonPage(db: Db, batchId: number, query: GroupQuery): ReasonPage {
  const sqlite = db.$client;
  const source = SOURCES[query.kind];
  const { total } = sqlite
    .prepare(`SELECT COUNT(*) AS total FROM import_row_reasons WHERE batch_id = ? AND kind = ? AND key = ? AND field = ?`)
    .get(batchId, query.kind, query.key, query.field) as { total: number };
  const rows = sqlite
    .prepare(
      `SELECT t.row_number AS rowNumber, t.cells AS cells, t.${source.json} AS reasons
       FROM import_row_reasons r JOIN ${source.table} t ON t.batch_id = r.batch_id AND t.row_number = r.row_number
       WHERE r.batch_id = ? AND r.kind = ? AND r.key = ? AND r.field = ? ORDER BY r.row_number LIMIT ? OFFSET ?`,
    )
    .all(batchId, query.kind, query.key, query.field, GROUP_PAGE_ROWS, (query.page - 1) * GROUP_PAGE_ROWS) as Array<{
    rowNumber: number;
    cells: string;
    reasons: string;
  }>;
  return {
    total,
    page: query.page,
    pages: Math.ceil(total / GROUP_PAGE_ROWS),
    rows: rows.map((r) => ({ rowNumber: r.rowNumber, cells: JSON.parse(r.cells) as string[], reasons: JSON.parse(r.reasons) as RowProblem[] })),
  };
}

/**
 * The group a page link asks for: `?reason=<key>&field=<field>&page=N` (refusals) or `?note=…` (notes);
 * null when it asks for none. A link that is not one of ours (no field, a page that is not a positive
 * whole number, both reason and note) is a 400, worded for the officer.
 */
export function parseGroupQuery(params: URLSearchParams): GroupQuery | null {
  const reason = params.get("reason");
  const note = params.get("note");
  const field = params.get("field");
  const pageText = params.get("page");
  if (reason === null && note === null && field === null && pageText === null) return null;
  const bad = () => new AppError("imports:groups.badLink", 400);
  if ((reason === null) === (note === null)) throw bad();
  const key = (reason ?? note)!;
  if (!key || !field || key.length > MAX_PARAM_LENGTH || field.length > MAX_PARAM_LENGTH) throw bad();
  const page = pageText === null ? 1 : /^\d{1,6}$/.test(pageText) ? Number(pageText) : 0;
  if (page < 1) throw bad();
  return { kind: reason !== null ? "error" : "note", key, field, page };
}

/** Rejected rows of a batch in file order (for the preview page and the error reports). */
export function batchRowErrors(
  db: Db,
  batchId: number,
  options: { limit?: number } = {},
): Array<{ rowNumber: number; cells: string[]; reasons: RowProblem[] }> {
  const rows = db.$client
    .prepare(`SELECT row_number AS rowNumber, cells, reasons FROM import_row_errors WHERE batch_id = ? ORDER BY row_number LIMIT ?`)
    .all(batchId, options.limit ?? -1) as Array<{ rowNumber: number; cells: string; reasons: string }>;
  return rows.map((r) => ({ rowNumber: r.rowNumber, cells: JSON.parse(r.cells) as string[], reasons: JSON.parse(r.reasons) as RowProblem[] }));
}

/**
 * Rows the writer rejected after the check accepted them (a change to confirm, a household outside the
 * officer's areas) reach it without their cells when checked in the worker thread (only the value
 * crosses). The error report needs them: read them again from the file, once, only when there are such rows.
 */
export async function fillRejectedCells(db: Db, batch: ImportBatch, isHeaderRow: (cells: readonly string[]) => boolean): Promise<void> {
  const sqlite = db.$client;
  const missing = new Set(
    (sqlite.prepare(`SELECT row_number AS n FROM import_row_errors WHERE batch_id = ? AND cells = '[]'`).all(batch.id) as { n: number }[]).map((r) => r.n),
  );
  if (!missing.size || !batch.storedPath) return;
  const reader = await readRows({ path: batch.storedPath }, { sheet: batch.sheet ?? undefined, isHeaderRow });
  const fill = sqlite.prepare(`UPDATE import_row_errors SET cells = ? WHERE batch_id = ? AND row_number = ?`);
  try {
    for await (const rows of reader.batches) {
      const found = rows.filter((row) => missing.has(row.rowNumber));
      if (found.length) sqlite.transaction(() => found.forEach((row) => fill.run(JSON.stringify(row.cells), batch.id, row.rowNumber)))();
    }
  } finally {
    await reader.close();
  }
}

/**
 * The columns the run read each field from, for the preview's row cards. Both processors' header
 * matches hold them as `columns: Map<field, index>`; anything else records none.
 */
export function fieldColumnsJson(columns: unknown): string | null {
  const map = (columns as { columns?: unknown } | null)?.columns;
  return map instanceof Map ? JSON.stringify(Object.fromEntries(map)) : null;
}
