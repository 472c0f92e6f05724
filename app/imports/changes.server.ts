/**
 * Changes of an existing household's commune, name, phone or ID by an import (households-merge.ts):
 * how many rows a preview held back for confirmation, how many households a run changed.
 */
import type { Db } from "~/lib/db.server";
import { CHANGE_TO_CONFIRM_KEY } from "./households-merge";

/**
 * Rows of a batch held back as changes to confirm: exact, the preview being a dry run of the whole file
 * whose held-back rows are all stored.
 */
export function changesToConfirm(db: Db, batchId: number): number {
  const row = db.$client
    .prepare(`SELECT COUNT(*) AS n FROM import_row_errors WHERE batch_id = ? AND instr(reasons, ?) > 0`)
    .get(batchId, JSON.stringify(CHANGE_TO_CONFIRM_KEY)) as { n: number };
  return row.n;
}

/** Households whose commune, name, phone or ID a batch changed (the command line's summary). */
export function changesApplied(db: Db, batchId: number): number {
  const row = db.$client
    .prepare(`SELECT COUNT(DISTINCT household_id) AS n FROM activity_log WHERE batch_id = ? AND action = 'import.householdChange'`)
    .get(batchId) as { n: number };
  return row.n;
}
