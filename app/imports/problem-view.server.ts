/**
 * The batch page's problems, worded in the reader's language: one line per reason with its rows
 * (refusals, then notes on accepted rows), and the page of rows a link asks for, each row as a card
 * of the cells that matter (the name, the cell of the reason's column; for an address, every address
 * cell) with its reason worded as in the error report.
 */
import type { TFunction } from "i18next";
import type { Locale } from "~/i18n/config";
import { isAppError } from "~/lib/errors";
import type { Db } from "~/lib/db.server";
import type { ImportBatch } from "../../db/schema";
import { rowErrorMessage, rowErrorsMessage, type ImportsT } from "./messages";
import { parseGroupQuery, reasonGroups, reasonPage, type GroupQuery, type ReasonGroups, type ReasonKind } from "./problem-groups.server";
import { processorFor, type RowProblem } from "./processor";
import { importsTranslator } from "./report.server";
import "./processors.server";

/** Cells that say whose row it is. */
const NAME_FIELDS = ["representativeName", "title"];
/** An address reason is about every address cell together. */
const ADDRESS_FIELDS = ["province", "district", "commune", "communeCode", "hamlet", "addressLine"];
/** Listings find their household by CCCD or phone. */
const RELATED: Record<string, string[]> = { household: ["nationalId", "phone"] };

const KEPT_PARAMS = new Set(["max", "min"]);

export interface GroupLine {
  kind: ReasonKind;
  key: string;
  field: string;
  rows: number;
  /** the reason in words, without one row's values */
  label: string;
}

export interface RowCard {
  rowNumber: number;
  cells: Array<{ label: string; value: string; /** the cell the reason is about */ mark: boolean }>;
  /** this group's reason, worded with the row's values */
  message: string;
  /** the row's other reasons of the same kind, worded; "" when none */
  others: string;
}

export interface ProblemsView {
  rejected: { rows: number; problems: number; groups: GroupLine[] };
  notes: { rows: number; problems: number; groups: GroupLine[] };
  /** the group a link asks for, with one page of its rows */
  selected: (GroupQuery & { label: string; total: number; pages: number; rows: RowCard[] }) | null;
  /** a link that is not one of ours, worded (the page answers 400) */
  linkError: string | null;
}

/** "Số điện thoại “…” không đủ …": a reason as a group's title, each row's own values left out. */
function groupLabel(t: ImportsT, tAddresses: TFunction<"addresses">, example: RowProblem): string {
  // Limits (max, min) are the same on every row of a group; values, names and row numbers are not.
  const params = Object.fromEntries(Object.entries(example.params ?? {}).map(([name, value]) => [name, KEPT_PARAMS.has(name) ? value : "…"]));
  // "… nay thuộc …." reads as a typo: an ellipsis ends the sentence by itself.
  return rowErrorMessage(t, tAddresses, { key: example.key, field: example.field, params: { ...params, detail: "" } }).trim().replace(/…\.$/, "…");
}

/** The fields whose cells a card shows for a reason of `field`, the name first. */
function cardFields(field: string): string[] {
  const about = ADDRESS_FIELDS.includes(field) ? ADDRESS_FIELDS : (RELATED[field] ?? [field]);
  return [...NAME_FIELDS.filter((f) => !about.includes(f)), ...about];
}

/** Field → column of the batch's file: as the run recorded it, else as its headers match today. */
function columnsOf(batch: Pick<ImportBatch, "kind" | "headers" | "fieldColumns">): Record<string, number> {
  if (batch.fieldColumns) return batch.fieldColumns;
  const check = processorFor(batch.kind).matchHeaders(batch.headers ?? []);
  const map = check.ok ? (check.columns as { columns?: unknown }).columns : undefined;
  return map instanceof Map ? (Object.fromEntries(map) as Record<string, number>) : {};
}

export function problemsView(db: Db, batch: ImportBatch, params: URLSearchParams, locale: Locale): ProblemsView {
  const { t, tAddresses } = importsTranslator(locale);
  let query: GroupQuery | null = null;
  let linkError: string | null = null;
  try {
    query = parseGroupQuery(params);
  } catch (error) {
    if (!isAppError(error)) throw error;
    linkError = t(error.messageKey.replace(/^imports:/, ""));
  }
  const lines = (groups: ReasonGroups) => ({
    rows: groups.rows,
    problems: groups.problems,
    groups: groups.groups.map((g) => ({ kind: g.kind, key: g.key, field: g.field, rows: g.rows, label: groupLabel(t, tAddresses, g.example) })),
  });
  const rejected = lines(reasonGroups(db, batch.id, "error"));
  const notes = lines(reasonGroups(db, batch.id, "note"));

  let selected: ProblemsView["selected"] = null;
  if (query) {
    const page = reasonPage(db, batch.id, query);
    const columns = columnsOf(batch);
    const headers = batch.headers ?? [];
    const fields = cardFields(query.field);
    const q = query;
    const rows = page.rows.map((row): RowCard => {
      const reason = row.reasons.find((r) => r.key === q.key && r.field === q.field) ?? row.reasons[0];
      const others = row.reasons.filter((r) => r !== reason);
      const cells = fields
        .filter((f) => columns[f] !== undefined)
        .map((f) => ({
          label: headers[columns[f]] || f,
          value: row.cells[columns[f]] ?? "",
          mark: f === q.field || (ADDRESS_FIELDS.includes(q.field) && f === "commune"),
        }));
      return {
        rowNumber: row.rowNumber,
        cells,
        message: reason ? rowErrorMessage(t, tAddresses, reason) : "",
        others: others.length ? rowErrorsMessage(t, tAddresses, others) : "",
      };
    });
    const group = [...rejected.groups, ...notes.groups].find((g) => g.kind === q.kind && g.key === q.key && g.field === q.field);
    selected = { ...query, label: group?.label ?? "", total: page.total, pages: page.pages, rows };
  }
  return { rejected, notes, selected, linkError };
}
