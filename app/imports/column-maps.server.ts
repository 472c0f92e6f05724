/**
 * Column mappings remembered per officer: when an officer confirms a batch whose mapping they chose,
 * the choices are kept under the signature of the file's header row, and their next file of the same
 * kind with the same headers starts from them. Another officer's files are not affected.
 */
import { createHash } from "node:crypto";
import type { Db } from "~/lib/db.server";
import type { BatchColumnMap, ImportKind } from "../../db/schema";
import { headerSignatureText, type ColumnOverrides } from "./mapping";

/** SHA-256 of the folded header row: the same headers, however cased or marked, give the same signature. */
export function headerSignature(headers: readonly string[]): string {
  return createHash("sha256").update(headerSignatureText(headers)).digest("hex");
}

/** Saves (or replaces) the officer's mapping for these headers; no choices left removes it. */
export function rememberColumnMap(db: Db, userId: number, kind: ImportKind, headers: readonly string[], overrides: ColumnOverrides): void {
  const signature = headerSignature(headers);
  const sqlite = db.$client;
  if (!Object.keys(overrides).length) {
    sqlite.prepare(`DELETE FROM import_column_maps WHERE user_id = ? AND kind = ? AND signature = ?`).run(userId, kind, signature);
    return;
  }
  sqlite
    .prepare(
      `INSERT INTO import_column_maps (user_id, kind, signature, mapping, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_id, kind, signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
    )
    .run(userId, kind, signature, JSON.stringify(overrides), Date.now());
}

/** The officer's remembered mapping for a file with these headers, as a batch's column map; null when none. */
export function rememberedColumnMap(db: Db, userId: number, kind: ImportKind, headers: readonly string[]): BatchColumnMap | null {
  const row = db.$client
    .prepare(`SELECT mapping, updated_at AS updatedAt FROM import_column_maps WHERE user_id = ? AND kind = ? AND signature = ?`)
    .get(userId, kind, headerSignature(headers)) as { mapping: string; updatedAt: number } | undefined;
  if (!row) return null;
  return { overrides: JSON.parse(row.mapping) as ColumnOverrides, source: "remembered", rememberedAt: row.updatedAt };
}
