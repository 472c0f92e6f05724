import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type Db } from "~/lib/db.server";
import { migrateToBefore } from "../tests/support/migrations-before";

/**
 * Migration 0017 rebuilds households without AUTOINCREMENT (decision 0042) on a database as it was
 * before it, with households that have events, a listing and a payout: the table keeps its columns,
 * foreign keys, indexes, triggers and rows, and the rows that point at it stay.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-0017-"));
let db: Db;
let sqlite: Database.Database;

type Row = Record<string, unknown>;
const all = (sql: string, ...params: unknown[]) => sqlite.prepare(sql).all(...params) as Row[];
/** Indexes and triggers that migrations after 0017 create (migrateDatabase applies them too). */
const createdLater = new Set(
  fs
    .readdirSync(path.resolve("db/migrations"))
    .filter((file) => file.endsWith(".sql") && file > "0017_z")
    .flatMap((file) => [...fs.readFileSync(path.resolve("db/migrations", file), "utf8").matchAll(/CREATE\s+(?:UNIQUE\s+)?(?:INDEX|TRIGGER)\s+(?:IF NOT EXISTS\s+)?[`"]?(\w+)/gi)])
    .map((match) => match[1]),
);
/** What describes the table apart from its CREATE text: columns, foreign keys, indexes and triggers. */
function shape() {
  return {
    columns: all(`SELECT * FROM pragma_table_xinfo('households')`),
    foreignKeys: all(`SELECT * FROM pragma_foreign_key_list('households')`),
    indexesAndTriggers: all(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'households' AND type IN ('index', 'trigger') ORDER BY type, name`).filter(
      (row) => !createdLater.has(row.name as string),
    ),
  };
}
const snapshot = () => ({
  households: all(`SELECT * FROM households ORDER BY id`),
  events: all(`SELECT * FROM household_events ORDER BY id`),
  listings: all(`SELECT * FROM listings ORDER BY id`),
  payouts: all(`SELECT * FROM payouts ORDER BY id`),
});

function insertHousehold(n: number, nationalId: string | null): number {
  const now = Date.now();
  const info = sqlite
    .prepare(
      `INSERT INTO households (display_name, representative_name, name_folded, phone, national_id, commune_code, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, '28249', ?, ?)`,
    )
    .run(`Hộ ${n}`, `Hộ ${n}`, `ho ${n}`, `+8490100000${n}`, nationalId, now, now);
  const id = Number(info.lastInsertRowid);
  sqlite.prepare(`INSERT INTO household_events (household_id, to_status, created_at) VALUES (?, 'registered', ?)`).run(id, now);
  return id;
}

let before: ReturnType<typeof shape>;
let rowsBefore: ReturnType<typeof snapshot>;

beforeAll(() => {
  db = openDatabase(path.join(dir, "test.db"));
  sqlite = db.$client;
  migrateToBefore(db, dir, "0017_");

  const now = Date.now();
  const buyer = Number(sqlite.prepare(`INSERT INTO users (phone, created_at, updated_at) VALUES ('+84909000001', ?, ?)`).run(now, now).lastInsertRowid);
  const first = insertHousehold(1, "082097000001");
  insertHousehold(2, null);
  const third = insertHousehold(3, "082097000003");
  sqlite.prepare(`UPDATE households SET owner_user_id = ? WHERE id = ?`).run(buyer, third);
  const listing = sqlite
    .prepare(
      `INSERT INTO listings (household_id, category, title, slug, unit, price_vnd, created_at, updated_at)
       VALUES (?, 'fruit', 'Xoài', 'xoai-1', 'kg', 50000, ?, ?)`,
    )
    .run(first, now, now).lastInsertRowid;
  expect(listing).toBeTruthy();
  // A payout: its foreign key has no ON DELETE action, so a DROP TABLE with keys on would fail outright.
  sqlite.prepare(`INSERT INTO payouts (household_id, amount_vnd, reference, made_by, created_at) VALUES (?, 50000, 'FT1', ?, ?)`).run(first, buyer, now);
  before = shape();
  rowsBefore = snapshot();
  expect(rowsBefore.households).toHaveLength(3);
  expect(all(`SELECT * FROM sqlite_sequence WHERE name = 'households'`)).toHaveLength(1);

  migrateDatabase(db);
});
afterAll(() => {
  sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("migration 0017 (households without AUTOINCREMENT)", () => {
  it("drops AUTOINCREMENT and nothing else: the same columns, foreign keys, indexes and triggers", () => {
    const table = all(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'households'`)[0].sql as string;
    expect(table).not.toMatch(/AUTOINCREMENT/i);
    expect(shape()).toEqual(before);
    expect(before.indexesAndTriggers.map((r) => r.name)).toEqual([
      "households_commune_idx",
      "households_national_id_unique",
      "households_owner_idx",
      "households_phone_idx",
      "households_catalog_version_delete",
      "households_catalog_version_update",
    ]);
    expect(all(`SELECT name FROM sqlite_master WHERE name = 'households_new'`)).toEqual([]);
  });

  it("keeps every household and every row that points at one (the drop ran with foreign keys off), and the keys are on again", () => {
    expect(snapshot()).toEqual(rowsBefore);
    expect(all(`PRAGMA foreign_key_check`)).toEqual([]);
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(all(`SELECT * FROM sqlite_sequence WHERE name = 'households'`)).toEqual([]);
  });

  it("a new household takes the next id, and the triggers and foreign keys still act", () => {
    const maxId = Math.max(...rowsBefore.households.map((h) => h.id as number));
    expect(insertHousehold(4, null)).toBe(maxId + 1);
    const version = () => (sqlite.prepare(`SELECT version FROM catalog_version WHERE id = 1`).get() as { version: number }).version;
    const v = version();
    sqlite.prepare(`UPDATE households SET display_name = 'Vườn 4' WHERE id = ?`).run(maxId + 1);
    expect(version()).toBe(v + 1);
    expect(() => sqlite.prepare(`UPDATE households SET owner_user_id = 999 WHERE id = ?`).run(maxId + 1)).toThrow(/FOREIGN KEY/);
  });
});
