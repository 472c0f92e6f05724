import fs from "node:fs";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Db } from "~/lib/db.server";

/**
 * The server's Prometheus metrics (served at /metrics by scripts/serve.ts). Request latency is
 * observed as requests finish; everything about the data (jobs, outbox, database size, imports) is
 * read from the database when Prometheus scrapes, with COUNT queries on existing indexes, so the
 * figures are right whichever thread or process (worker, command-line import) did the work.
 */
export interface Metrics {
  registry: Registry;
  /** the text /metrics serves: this registry's, or with several web processes everyone's (cluster-worker.server.ts) */
  render(): Promise<string>;
  /** route: the Remix route id that answered (bounded), never the raw URL */
  observeRequest(route: string, method: string, status: number, seconds: number): void;
}

// Methods outside this list share one label value, so odd clients cannot grow the series.
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function createMetrics(database: () => Db, options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const latency = new Histogram({
    name: "cns_http_request_duration_seconds",
    help: "Time to answer a request, by Remix route id, method and status class",
    labelNames: ["route", "method", "status_class"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const count = (sql: string, ...params: unknown[]) => (database().$client.prepare(sql).get(...params) as { n: number }).n;

  new Gauge({
    name: "cns_jobs_waiting",
    help: "Background jobs due and not yet started (jobs queued for later, such as the next scheduled backup, are not waiting)",
    registers: [registry],
    // read from the database: every web process reports the same value, so /metrics shows it once
    aggregator: "first",
    collect() {
      this.set(count("select count(*) as n from jobs where status = 'queued' and run_after <= ?", Date.now()));
    },
  });
  new Gauge({
    name: "cns_jobs_failed",
    help: "Background jobs that failed for good (no attempt left)",
    registers: [registry],
    aggregator: "first",
    collect() {
      this.set(count("select count(*) as n from jobs where status = 'failed'"));
    },
  });
  new Gauge({
    name: "cns_outbox_messages",
    help: "Outbox messages by status: pending (waiting to be sent or retried) and failed (given up)",
    labelNames: ["status"] as const,
    registers: [registry],
    aggregator: "first",
    collect() {
      for (const status of ["pending", "failed"]) this.set({ status }, count("select count(*) as n from outbox where status = ?", status));
    },
  });
  new Gauge({
    name: "cns_database_size_bytes",
    help: "SQLite database size: page_count × page_size plus the write-ahead log",
    registers: [registry],
    aggregator: "first",
    collect() {
      const sqlite = database().$client;
      const pages = sqlite.pragma("page_count", { simple: true }) as number;
      const pageSize = sqlite.pragma("page_size", { simple: true }) as number;
      this.set(pages * pageSize + fileSize(`${sqlite.name}-wal`));
    },
  });

  // rows_done lives in the database (the import may run in the worker thread or on the command
  // line), so the counter follows its total; a re-run that resets a batch never makes it go back.
  let importRowsSeen: number | null = null;
  new Counter({
    name: "cns_import_rows_total",
    help: "Rows processed by imports (household and listing batches, dry runs excluded)",
    registers: [registry],
    aggregator: "first",
    collect() {
      const total = count("select coalesce(sum(rows_done), 0) as n from import_batches where dry_run = 0");
      this.inc(importRowsSeen === null ? total : Math.max(0, total - importRowsSeen));
      importRowsSeen = Math.max(total, importRowsSeen ?? 0);
    },
  });
  new Gauge({
    name: "cns_import_last_batch_rows_per_second",
    help: "Rows per second of the last completed import batch (rows processed over its running time)",
    registers: [registry],
    aggregator: "first",
    collect() {
      const last = database()
        .$client.prepare(
          `select rows_done as rows, started_at as started, finished_at as finished from import_batches
           where status = 'completed' and dry_run = 0 and started_at is not null and finished_at is not null
           order by id desc limit 1`,
        )
        .get() as { rows: number; started: number; finished: number } | undefined;
      this.set(last ? batchRate(last.rows, last.finished - last.started) : 0);
    },
  });

  return {
    registry,
    render: () => registry.metrics(),
    observeRequest(route, method, status, seconds) {
      const m = METHODS.has(method) ? method : "OTHER";
      latency.observe({ route, method: m, status_class: `${Math.floor(status / 100)}xx` }, seconds);
    },
  };
}

/** Rows per second; a batch finished within the same millisecond counts as one millisecond. */
export function batchRate(rows: number, ms: number): number {
  return rows / (Math.max(ms, 1) / 1000);
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
