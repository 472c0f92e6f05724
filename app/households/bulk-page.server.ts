/**
 * What the bulk-action pages show and read: the filters from the URL or the form (the household
 * list's parameters), the choice of action with its options, an action's progress and result.
 */
import fs from "node:fs";
import { BULK_KINDS, type BulkAction, type BulkKind } from "../../db/schema";
import type { Actor } from "~/accounts/access.server";
import { formatDateTime } from "~/i18n/format";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import { filtersOf, type BulkOptions } from "./bulk.server";
import { BULK_PARAMS } from "./bulk-options";
import { officerCommuneChoices, type HouseholdSetFilters } from "./officer-list.server";
import { parseOfficerListQuery, type OfficerListQuery } from "./schemas";

/** The list's filters from URL parameters; a commune outside the actor's areas is dropped, as on the list. */
export function bulkQuery(db: Db, actor: Actor, params: URLSearchParams): { query: OfficerListQuery; filters: HouseholdSetFilters; communeName: string | null } {
  const query = parseOfficerListQuery(params);
  const communes = officerCommuneChoices(db, actor);
  const commune = communes.find((c) => c.code === query.communeCode);
  if (!commune) query.communeCode = null;
  const filters: HouseholdSetFilters = {
    communeCode: query.communeCode,
    hamlet: query.hamlet,
    stage: query.stage,
    batchId: query.batchId,
    hasListings: query.hasListings,
    hasSales: query.hasSales,
    q: query.q,
  };
  return { query, filters, communeName: commune?.name ?? null };
}

/** The chosen action and its options (from the choice form's GET or the confirmation's POST). */
export function bulkChoice(params: URLSearchParams): { kind: BulkKind | null; options: BulkOptions } {
  const kind = params.get(BULK_PARAMS.kind);
  return {
    kind: (BULK_KINDS as readonly string[]).includes(kind ?? "") ? (kind as BulkKind) : null,
    options: {
      delivery: params.get(BULK_PARAMS.delivery),
      method: params.get(BULK_PARAMS.method),
      note: (params.get(BULK_PARAMS.note) ?? "").slice(0, 1000) || null,
    },
  };
}

/** An action as its page shows it. */
export function bulkActionView(action: BulkAction, locale: Locale) {
  const percent = action.total > 0 ? Math.min(100, Math.round((100 * action.done) / action.total)) : 100;
  const isExport = action.kind === "exportCsv" || action.kind === "exportXlsx";
  return {
    id: action.id,
    kind: action.kind,
    status: action.status,
    total: action.total,
    done: action.done,
    skipped: action.skipped,
    percent,
    counts: Object.entries(action.result ?? {}).filter(([, n]) => n > 0),
    filters: filtersOf(action),
    options: { delivery: action.options.delivery ?? null, method: action.options.method ?? null, note: action.options.note ?? null },
    createdAt: formatDateTime(action.createdAt, locale),
    expiresAt: action.expiresAt ? formatDateTime(action.expiresAt, locale) : null,
    error: action.error,
    slips: action.kind === "handOverCodes" && action.options.delivery !== "sms" && action.status === "completed",
    download: isExport && action.status === "completed" && action.resultPath !== null && fs.existsSync(action.resultPath),
    fileGone: isExport && action.status === "completed" && (action.resultPath === null || !fs.existsSync(action.resultPath)),
  };
}
export type BulkActionView = ReturnType<typeof bulkActionView>;
