import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "~/lib/db.server";
import { freshTestDb } from "../../tests/db";
import { cachedCatalogRead } from "./cache.server";

let db: ReturnType<typeof freshTestDb>;
afterEach(() => db?.cleanup());

function addUser(target: typeof db) {
  return Number(
    target.$client
      .prepare("INSERT INTO users (phone, name, role, locale, created_at, updated_at) VALUES (?, 'A', 'farmer', 'vi', 0, 0)")
      .run(`+8490${Math.floor(Math.random() * 1e7)}`).lastInsertRowid,
  );
}

describe("cachedCatalogRead", () => {
  it("computes once while the catalog does not change", () => {
    db = freshTestDb();
    let calls = 0;
    const read = () => cachedCatalogRead(db, "k", () => ++calls);
    expect(read()).toBe(1);
    expect(read()).toBe(1);
    // Writes outside the catalog (accounts) leave the cache alone.
    addUser(db);
    expect(read()).toBe(1);
    expect(calls).toBe(1);
  });

  it("computes again after a household changes, even when another connection wrote it", () => {
    db = freshTestDb();
    const owner = addUser(db);
    db.$client
      .prepare(
        `INSERT INTO households (owner_user_id, display_name, representative_name, name_folded, phone, commune_code, created_at, updated_at)
         VALUES (?, 'Vườn A', 'A', 'a', '+84901234567', '28756', 0, 0)`,
      )
      .run(owner);
    let calls = 0;
    const read = () => cachedCatalogRead(db, "k", () => ++calls);
    expect(read()).toBe(1);
    const other = openDatabase(db.$client.name);
    try {
      other.$client.prepare("UPDATE households SET display_name = 'Vườn B'").run();
    } finally {
      other.$client.close();
    }
    expect(read()).toBe(2);
    expect(read()).toBe(2);
  });
});
