import { spawnSync, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseEnv } from "~/lib/env.server";
import {
  litestreamBinary,
  litestreamConfig,
  parseLitestreamLine,
  replicaOf,
  replicationFiles,
  replicationStartLine,
  supervise,
} from "./replication.server";

const config = (vars: Record<string, string>) => parseEnv({ DATABASE_PATH: "/srv/cns/app.db", SESSION_SECRET: "x".repeat(32), ...vars });

describe("the replica named by LITESTREAM_REPLICA_URL", () => {
  it("is a directory for a path or a file:// URL, a bucket for s3://, nothing when unset", () => {
    expect(replicaOf(config({}))).toBeNull();
    expect(replicaOf(config({ LITESTREAM_REPLICA_URL: "/mnt/backup/cns" }))).toEqual({ kind: "file", dir: "/mnt/backup/cns" });
    expect(replicaOf(config({ LITESTREAM_REPLICA_URL: "file:///mnt/backup/ch%E1%BB%A3" }))).toEqual({ kind: "file", dir: "/mnt/backup/chợ" });
    expect(replicaOf(config({ LITESTREAM_REPLICA_URL: "replica" }))).toEqual({ kind: "file", dir: path.resolve("replica") });
    const s3 = config({
      LITESTREAM_REPLICA_URL: "s3://cns-backups/prod",
      LITESTREAM_ACCESS_KEY_ID: "key",
      LITESTREAM_SECRET_ACCESS_KEY: "secret",
      LITESTREAM_ENDPOINT: "https://abc.r2.cloudflarestorage.com",
      LITESTREAM_REGION: "auto",
    });
    expect(replicaOf(s3)).toEqual({ kind: "s3", url: "s3://cns-backups/prod", endpoint: "https://abc.r2.cloudflarestorage.com", region: "auto" });
    expect(replicationStartLine(s3, true)).toBe(
      "Replicating /srv/cns/app.db to s3://cns-backups/prod at abc.r2.cloudflarestorage.com with Litestream (every 500ms).",
    );
    expect(replicationStartLine(config({}), false)).toMatch(/^No continuous replica/);
    expect(replicationStartLine(s3, false)).toMatch(/does not replicate/);
  });

  it("is refused at start-up when it cannot work, naming the variable", () => {
    expect(() => config({ LITESTREAM_REPLICA_URL: "gs://bucket/db" })).toThrow(/LITESTREAM_REPLICA_URL="gs:\/\/bucket\/db": must be a directory/);
    expect(() => config({ LITESTREAM_REPLICA_URL: "s3://bucket-only" })).toThrow(/LITESTREAM_REPLICA_URL/);
    expect(() => config({ LITESTREAM_REPLICA_URL: "s3://b/p" })).toThrow(/LITESTREAM_ACCESS_KEY_ID=\(unset\): required for an s3/);
    expect(() => config({ LITESTREAM_REPLICA_URL: "/mnt/r", LITESTREAM_ENDPOINT: "http://127.0.0.1:9000" })).toThrow(
      /LITESTREAM_ENDPOINT=.*only used with an s3/,
    );
    expect(() => config({ LITESTREAM_SYNC_INTERVAL: "fast" })).toThrow(/LITESTREAM_SYNC_INTERVAL="fast"/);
  });
});

describe("the Litestream config", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-litestream-config-"));
  afterEach(() => fs.rmSync(path.join(dir, "x.yml"), { force: true }));

  /** `litestream databases` parses the file as replicate and restore do. */
  function litestreamReads(yaml: string): string {
    fs.writeFileSync(path.join(dir, "x.yml"), yaml);
    const result = spawnSync(litestreamBinary(), ["databases", "-config", path.join(dir, "x.yml"), "-no-expand-env"], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    return result.stdout;
  }

  it("names the database, a file replica and the intervals, and Litestream 0.3.13 reads it", () => {
    const db = path.join(dir, "app $HOME.db");
    const yaml = litestreamConfig(db, { kind: "file", dir: path.join(dir, "replica") }, "500ms");
    expect(yaml).toBe(
      [
        "dbs:",
        `  - path: ${JSON.stringify(db)}`,
        "    monitor-interval: 250ms",
        "    replicas:",
        "      - type: file",
        `        path: ${JSON.stringify(path.join(dir, "replica"))}`,
        "        sync-interval: 500ms",
        "",
      ].join("\n"),
    );
    // The `$` is kept (-no-expand-env): the listed path is the one we wrote.
    expect(litestreamReads(yaml)).toMatch(/app \$HOME\.db\s+file/);
  });

  it("gives an S3-compatible bucket its endpoint in path style and its region, never the keys", () => {
    const yaml = litestreamConfig(
      "/srv/cns/app.db",
      { kind: "s3", url: "s3://cns-backups/prod", endpoint: "http://127.0.0.1:9000", region: "us-east-1" },
      "1s",
    );
    expect(yaml).toContain('      - url: "s3://cns-backups/prod"\n        endpoint: "http://127.0.0.1:9000"\n        force-path-style: true\n        region: "us-east-1"\n        sync-interval: 1s\n');
    expect(yaml).not.toMatch(/key/);
    expect(litestreamReads(yaml)).toMatch(/\/srv\/cns\/app\.db\s+s3/);
  });

  it("lives beside the database, next to Litestream's own directory", () => {
    expect(replicationFiles("/srv/cns/app.db")).toEqual({
      config: "/srv/cns/.app.db-litestream.yml",
      pid: "/srv/cns/.app.db-litestream.pid",
      shadowDir: "/srv/cns/.app.db-litestream",
    });
  });
});

describe("Litestream's log lines", () => {
  it("keep their level and message", () => {
    expect(parseLitestreamLine('time=2026-12-03T15:49:10.686Z level=INFO msg="initialized db" path=/tmp/a.db')).toEqual({
      level: "info",
      msg: 'msg="initialized db" path=/tmp/a.db',
    });
    expect(parseLitestreamLine("time=2026-12-03T15:49:15.449Z level=ERROR msg=\"failed to run\"").level).toBe("error");
    expect(parseLitestreamLine("2026/12/03 15:49:15 INFO no matching backups found")).toEqual({
      level: "info",
      msg: "2026/12/03 15:49:15 INFO no matching backups found",
    });
  });
});

/** A child process that exits when told to (kill) or when the test says it crashed. */
class FakeChild extends EventEmitter {
  static count = 0;
  pid = 1000 + ++FakeChild.count;
  exitCode: number | null = null;
  stdout = new PassThrough();
  stderr = new PassThrough();
  signals: string[] = [];
  kill(signal: string) {
    this.signals.push(signal);
    this.exit(null, signal);
    return true;
  }
  exit(code: number | null, signal: string | null = null) {
    this.exitCode = code ?? 1;
    this.emit("exit", code, signal);
  }
}

describe("supervise", () => {
  function harness() {
    const children: FakeChild[] = [];
    const lines: { level: number; msg: string }[] = [];
    const log = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const supervised = supervise({
      command: "litestream",
      args: ["replicate"],
      log,
      delays: [100, 200, 400],
      spawnProcess: () => {
        const child = new FakeChild();
        children.push(child);
        return child as unknown as ChildProcess;
      },
    });
    return { children, lines, supervised };
  }

  afterEach(() => vi.useRealTimers());

  it("forwards each output line to the log at Litestream's level", async () => {
    const { children, lines, supervised } = harness();
    children[0].stderr.write('time=x level=WARN msg="slow"\ntime=x level=INFO msg="replicating to" name=file\n');
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'litestream: msg="slow"'],
      [30, 'litestream: msg="replicating to" name=file'],
    ]);
    await supervised.stop();
  });

  it("restarts a Litestream that dies, waiting longer after each crash", () => {
    vi.useFakeTimers();
    const { children, supervised } = harness();
    expect(supervised.pid()).toBe(children[0].pid);
    children[0].exit(1);
    expect(supervised.pid()).toBeNull();
    vi.advanceTimersByTime(99);
    expect(children).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(children).toHaveLength(2);
    children[1].exit(1);
    vi.advanceTimersByTime(199);
    expect(children).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(children).toHaveLength(3);
    expect(supervised.pid()).toBe(children[2].pid);
    void supervised.stop();
  });

  it("stops it with SIGTERM and does not start it again", async () => {
    vi.useFakeTimers();
    const { children, supervised } = harness();
    await supervised.stop();
    expect(children[0].signals).toEqual(["SIGTERM"]);
    vi.advanceTimersByTime(10_000);
    expect(children).toHaveLength(1);
  });

  it("cancels a pending restart when stopped between a crash and the restart", async () => {
    vi.useFakeTimers();
    const { children, supervised } = harness();
    children[0].exit(1);
    await supervised.stop();
    vi.advanceTimersByTime(10_000);
    expect(children).toHaveLength(1);
  });
});
