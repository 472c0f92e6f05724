import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupDatabase } from "~/lib/backup.server";
import { migrateDatabase, openDatabase } from "~/lib/db.server";
import { litestreamBinary } from "./replication.server";
import { restoreDatabase, restoreFromReplica, RestoreRefused } from "./restore.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-restore-"));
const live = path.join(dir, "app.db");
let good: string;
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A migrated app database file with one marker row, closed. */
function appDatabase(file: string, marker: string) {
  const db = openDatabase(file);
  migrateDatabase(db);
  db.$client.prepare("insert into users (phone, password_hash, role, name, created_at, updated_at) values (?, 'x', 'buyer', ?, 0, 0)").run(`+8490${marker.length}000000`, marker);
  return db;
}
const markerOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("select name from users").all() as { name: string }[]).map((u) => u.name);
  } finally {
    db.close();
  }
};
function copyOfGood(name: string) {
  const file = path.join(dir, name);
  fs.copyFileSync(good, file);
  return file;
}
function expectRefused(backup: string, reason: RegExp, options = {}) {
  expect(() => restoreDatabase(backup, live, options)).toThrow(RestoreRefused);
  expect(() => restoreDatabase(backup, live, options)).toThrow(reason);
  // Nothing changed: the live database is still there with its data, nothing set aside.
  expect(markerOf(live)).toEqual(["live data"]);
  expect(fs.readdirSync(dir).filter((f) => f.includes("before-restore"))).toEqual([]);
}

beforeAll(async () => {
  const source = appDatabase(path.join(dir, "source.db"), "backed-up data");
  good = (await backupDatabase(source, path.join(dir, "backups"))).file;
  source.$client.close();
  appDatabase(live, "live data").$client.close();
});

describe("restoreDatabase refuses, changing nothing", () => {
  it("a copy with garbage written into it", () => {
    const corrupt = copyOfGood("corrupt.db");
    const fd = fs.openSync(corrupt, "r+");
    const size = fs.fstatSync(fd).size;
    // Garbage over pages in the middle of the file (the header stays, so SQLite opens it).
    fs.writeSync(fd, Buffer.alloc(16_384, 0x5a), 0, 16_384, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
    expectRefused(corrupt, /integrity_check|not a sound SQLite database/);
  });

  it("a file that is not a database at all", () => {
    const text = path.join(dir, "notes.db");
    fs.writeFileSync(text, "these are not the pages you are looking for ".repeat(200));
    expectRefused(text, /not a sound SQLite database|cannot be opened/);
    expectRefused(path.join(dir, "missing.db"), /does not exist/);
  });

  it("a copy whose foreign key check fails", () => {
    const orphan = copyOfGood("orphan.db");
    const db = new Database(orphan);
    db.pragma("foreign_keys = OFF"); // as a tool or an older app version could have written it
    db.prepare("insert into sessions (id, user_id, created_at, expires_at) values ('s', 424242, 0, 0)").run();
    db.close();
    expectRefused(orphan, /1 row\(s\) whose foreign key points nowhere \(sessions row \d+ → users\)/);
  });

  it("a database without the app's migrations, or from newer code", () => {
    const other = path.join(dir, "other.db");
    const db = new Database(other);
    db.exec("create table things (id integer primary key)");
    db.close();
    expectRefused(other, /no migrations table/);

    const journal = path.join(dir, "_journal.json");
    fs.writeFileSync(journal, JSON.stringify({ entries: [{ when: 1 }] }));
    expectRefused(good, /newer version of the app/, { migrationsJournal: journal });
  });

  it("while the server (any connection) has the database open", () => {
    const server = openDatabase(live);
    try {
      server.$client.prepare("select count(*) from users").get();
      expectRefused(good, /is in use \(is the server running\?\)/);
    } finally {
      server.$client.close();
    }
  });
});

describe("restoreDatabase", () => {
  it("keeps the current database aside, removes stale WAL files and puts the backup in place", () => {
    fs.writeFileSync(`${live}-shm`, "stale");
    const now = new Date("2026-12-03T09:30:00Z");
    const report = restoreDatabase(good, live, { now });
    const aside = `${live}.before-restore-2026-12-03T09-30-00Z`;
    expect(report).toMatchObject({ restored: live, from: good, keptAside: aside, removed: [`${live}-shm`] });
    expect(report.migrations).toBeGreaterThan(0);
    expect(markerOf(aside)).toEqual(["live data"]);
    expect(markerOf(live)).toEqual(["backed-up data"]);
    expect(fs.existsSync(`${live}-wal`) || fs.existsSync(`${live}-shm`) || fs.existsSync(`${live}.restoring`)).toBe(false);
    // The app opens it as usual.
    const db = openDatabase(live);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    db.$client.close();
  });

  it("replaces a current database too damaged to open, keeping it aside as it was", () => {
    const damaged = path.join(dir, "damaged.db");
    fs.writeFileSync(damaged, "garbage ".repeat(1000));
    const report = restoreDatabase(good, damaged, { now: new Date("2026-12-03T09:31:00Z") });
    expect(fs.readFileSync(report.keptAside!, "utf8")).toBe("garbage ".repeat(1000));
    expect(markerOf(damaged)).toEqual(["backed-up data"]);
  });

  it("through npm run restore: says what it did, and why it refuses", async () => {
    const run = promisify(execFile);
    const target = path.join(dir, "cli.db");
    const script = ["--import", "tsx", "scripts/restore.ts"];
    const ok = await run(process.execPath, [...script, good, "--database", target]);
    expect(ok.stdout).toContain("integrity ok, foreign keys ok");
    expect(ok.stdout).toContain(`Restored ${target}`);
    expect(markerOf(target)).toEqual(["backed-up data"]);

    const refused = await run(process.execPath, [...script, path.join(dir, "notes.db"), "--database", target]).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(/^Restore refused: .*notes\.db.*\nNothing was changed\./);
  });

  it("through npm run restore --from-replica: needs a replica, and no file beside it", async () => {
    const run = promisify(execFile);
    const script = ["--import", "tsx", "scripts/restore.ts"];
    const target = path.join(dir, "cli.db");
    const fail = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
      run(process.execPath, [...script, ...args], { env }).catch((e: { code: number; stderr: string }) => e);
    const { LITESTREAM_REPLICA_URL: _unset, ...noReplica } = process.env;
    expect(await fail(["--from-replica", "--database", target], noReplica)).toMatchObject({
      code: 78,
      stderr: expect.stringContaining("LITESTREAM_REPLICA_URL is not set"),
    });
    expect(await fail(["--from-replica", good, "--database", target])).toMatchObject({ code: 64, stderr: expect.stringContaining("no backup file with --from-replica") });
    expect(await fail([good, "--timestamp", "2026-12-03T08:00:00Z"])).toMatchObject({ code: 64, stderr: expect.stringContaining("--timestamp needs --from-replica") });
    expect(markerOf(target)).toEqual(["backed-up data"]);
  });
});

describe("restoreFromReplica", () => {
  it("refuses, changing nothing, when the replica holds no copy of the database", () => {
    const empty = path.join(dir, "empty-replica");
    fs.mkdirSync(empty);
    const before = markerOf(live);
    expect(() => restoreFromReplica({ kind: "file", dir: empty }, live)).toThrow(/the replica .*empty-replica holds no copy of .*app\.db/);
    expect(markerOf(live)).toEqual(before);
  });

  it("puts the replica's latest state in place through the same checks, and clears Litestream's old shadow WAL", () => {
    const replica = path.join(dir, "replica");
    const source = path.join(dir, "replicated.db");
    appDatabase(source, "replicated data").$client.close();
    const configFile = path.join(dir, "ls.yml");
    fs.writeFileSync(configFile, `dbs:\n  - path: ${JSON.stringify(source)}\n    replicas:\n      - path: ${JSON.stringify(replica)}\n`);
    // `replicate -exec` runs one command beside Litestream, then ships what is left and exits.
    const shipped = spawnSync(litestreamBinary(), ["replicate", "-config", configFile, "-exec", "sleep 2"], { encoding: "utf8" });
    expect(shipped.status, shipped.stderr).toBe(0);
    // Written after Litestream stopped: not in the replica.
    const later = new Database(source);
    later.prepare("update users set name = 'not replicated'").run();
    later.close();

    const report = restoreFromReplica({ kind: "file", dir: replica }, source, { now: new Date("2026-12-03T10:00:00Z") });
    expect(report.from).toBe(replica);
    expect(markerOf(source)).toEqual(["replicated data"]);
    expect(markerOf(report.keptAside!)).toEqual(["not replicated"]);
    expect(report.removed).toContain(path.join(dir, ".replicated.db-litestream"));
  });
});
