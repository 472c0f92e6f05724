import type { AddressInfo } from "node:net";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { claimNextJob, enqueueJob, failJob } from "~/jobs/queue.server";
import { enqueueMessage } from "~/notifications/outbox.server";
import { labelRoutes, metricsAllowed, metricsEndpoint, routeContext, timeRequests } from "./http.server";
import { batchRate, createMetrics } from "./metrics.server";

const db = freshTestDb();

// The smallest Remix build that answers: a root layout and two resource routes.
const build = {
  mode: "production",
  entry: { module: { default: (_request: Request, status: number) => new Response("page", { status, headers: { "Content-Type": "text/html" } }) } },
  routes: {
    root: { id: "root", path: "", module: { default: () => null, loader: () => ({}) } },
    "routes/ping": { id: "routes/ping", parentId: "root", path: "ping", module: { loader: () => new Response("pong") } },
    "routes/thing.$id": {
      id: "routes/thing.$id",
      parentId: "root",
      path: "thing/:id",
      module: {
        loader: () => {
          throw new Response("no such thing", { status: 404 });
        },
      },
    },
  },
  assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "test" },
  publicPath: "/build/",
  assetsBuildDirectory: "public/build",
  future: {},
  isSpaMode: false,
} as unknown as ServerBuild;

function startApp(token: string | undefined) {
  const metrics = createMetrics(() => db, { processMetrics: false });
  const app = express();
  app.get("/metrics", metricsEndpoint(metrics, token));
  app.all(
    "*",
    timeRequests(metrics),
    createRequestHandler({ build: labelRoutes(build), mode: "production", getLoadContext: (_req, res) => routeContext(res, {}) as never }),
  );
  const server = app.listen(0, "127.0.0.1");
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, base, ready: new Promise((resolve) => server.once("listening", resolve)) };
}

const open = startApp(undefined);
const locked = startApp("s3cret-token-0123456789");
beforeAll(async () => {
  await Promise.all([open.ready, locked.ready]);
});
afterAll(() => {
  open.server.close();
  locked.server.close();
  db.cleanup();
});

/** The value of one sample line of the exposition text. */
function sample(text: string, line: string): number | undefined {
  const found = text.split("\n").find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe("/metrics", () => {
  it("reports request latency by route id and status class, and the data gauges", async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${open.base()}/ping`)).status).toBe(200);
    expect((await fetch(`${open.base()}/thing/5`)).status).toBe(404);
    expect((await fetch(`${open.base()}/thing/6`, { method: "POST" })).status).toBe(405);

    enqueueJob(db, "test.wait", {});
    enqueueJob(db, "test.wait", {}, { runAfter: new Date(Date.now() + 3_600_000) });
    enqueueJob(db, "test.fail", {}, { runAfter: new Date(0) });
    const claimed = claimNextJob(db)!;
    expect(claimed.kind).toBe("test.fail");
    failJob(db, claimed, "broken", { retry: false });
    for (let i = 0; i < 4; i++) {
      enqueueMessage(db, { channel: "sms", recipient: "+84912345678", template: "otp.signup", locale: "vi", payload: { code: "1", minutes: 10 } });
    }
    const insertBatch = db.$client.prepare(
      `insert into import_batches (kind, status, via, dry_run, file_name, file_sha256, file_bytes, rows_done, started_at, finished_at, created_at)
       values ('households', ?, 'cli', ?, 'f.csv', 'x', 1, ?, ?, ?, 0)`,
    );
    insertBatch.run("completed", 0, 1200, 1_000_000, 1_004_000); // 1,200 rows in 4 s
    insertBatch.run("completed", 1, 999, 2_000_000, 2_001_000); // a dry run: not counted
    insertBatch.run("running", 0, 300, 3_000_000, null);

    const response = await fetch(`${open.base()}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();

    const count = (route: string, method: string, status: string) =>
      sample(text, `cns_http_request_duration_seconds_count{route="${route}",method="${method}",status_class="${status}"}`);
    expect(count("routes/ping", "GET", "2xx")).toBe(3);
    expect(count("routes/thing.$id", "GET", "4xx")).toBe(1);
    // No action on that route: Remix refuses before any loader runs, so no route id.
    expect(count("none", "POST", "4xx")).toBe(1);
    expect(text).not.toContain("/thing/5"); // never the raw URL
    const sum = sample(text, 'cns_http_request_duration_seconds_sum{route="routes/ping",method="GET",status_class="2xx"}')!;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(30);

    expect(sample(text, "cns_jobs_waiting")).toBe(1); // the one queued for later is not waiting yet
    expect(sample(text, "cns_jobs_failed")).toBe(1);
    expect(sample(text, 'cns_outbox_messages{status="pending"}')).toBe(4);
    expect(sample(text, 'cns_outbox_messages{status="failed"}')).toBe(0);
    const pages = db.$client.pragma("page_count", { simple: true }) as number;
    const pageSize = db.$client.pragma("page_size", { simple: true }) as number;
    expect(sample(text, "cns_database_size_bytes")).toBeGreaterThanOrEqual(pages * pageSize);
    expect(sample(text, "cns_import_rows_total")).toBe(1500);
    expect(sample(text, "cns_import_last_batch_rows_per_second")).toBe(300);

    // The counter only grows: rows committed since the last scrape are added.
    db.$client.prepare("update import_batches set rows_done = 500 where status = 'running'").run();
    const again = await (await fetch(`${open.base()}/metrics`)).text();
    expect(sample(again, "cns_import_rows_total")).toBe(1700);
    expect(sample(again, "cns_jobs_waiting")).toBe(1);
  });

  it("without METRICS_TOKEN, answers only direct local requests: a proxied one gets the 404 page", async () => {
    const proxied = await fetch(`${open.base()}/metrics`, { headers: { "X-Forwarded-For": "203.0.113.9" } });
    expect(proxied.status).toBe(404);
    expect(await proxied.text()).not.toContain("cns_jobs_waiting");
    expect((await fetch(`${open.base()}/metrics`, { headers: { Forwarded: "for=203.0.113.9" } })).status).toBe(404);
  });

  it("with METRICS_TOKEN, only the right bearer token reads it, even from this machine", async () => {
    expect((await fetch(`${locked.base()}/metrics`)).status).toBe(404);
    expect((await fetch(`${locked.base()}/metrics`, { headers: { Authorization: "Bearer wrong" } })).status).toBe(404);
    expect((await fetch(`${locked.base()}/metrics`, { headers: { Authorization: "Basic s3cret-token-0123456789" } })).status).toBe(404);
    const ok = await fetch(`${locked.base()}/metrics`, { headers: { Authorization: "Bearer s3cret-token-0123456789", "X-Forwarded-For": "203.0.113.9" } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("# TYPE cns_database_size_bytes gauge");
  });
});

describe("metricsAllowed", () => {
  it("takes loopback peers in every notation and nothing else when no token is set", () => {
    for (const address of ["127.0.0.1", "127.8.0.1", "::1", "::ffff:127.0.0.1"]) {
      expect(metricsAllowed({ remoteAddress: address, forwarded: false }, undefined)).toBe(true);
    }
    for (const address of ["10.0.0.5", "192.168.1.2", "::ffff:10.0.0.5", "fe80::1", undefined]) {
      expect(metricsAllowed({ remoteAddress: address, forwarded: false }, undefined)).toBe(false);
    }
  });
});

describe("batchRate", () => {
  it("divides rows by seconds and never by zero", () => {
    expect(batchRate(1200, 4000)).toBe(300);
    expect(batchRate(5, 0)).toBe(5000);
  });
});
