/**
 * The HTTP server: Express around the Remix build, with security headers, request ids, logs,
 * static files, the background worker and graceful shutdown. `npm start` runs it after building.
 * With WEB_CONCURRENCY above 1 this file is first the primary, which prepares the database, runs the
 * jobs worker and forks the web processes, then each of them (app/server/cluster.server.ts).
 */
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { startWorker } from "~/worker/worker-host.server";
import { closeDb, db } from "~/lib/db.server";
import { env, EnvError } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { labelRoutes, metricsEndpoint, routeContext, timeRequests } from "~/ops/http.server";
import { createMetrics } from "~/ops/metrics.server";
import { replicationStartLine, stopReplication } from "~/ops/replication.server";
import { transportStartLine } from "~/notifications/transports.server";
import { isCrossSiteWrite, newNonce, securityHeaders } from "~/lib/security.server";
import { runPrimary, webConcurrency } from "~/server/cluster.server";
import { isWebProcess, joinCluster } from "~/server/cluster-worker.server";
import { serverBuild } from "~/server/server-build.server";
import { pageCache } from "~/server/page-cache.server";
import { prepareDatabase } from "~/startup.server";

async function main() {
  let config;
  try {
    config = env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const log = logger();
  const dev = config.NODE_ENV === "development";
  const concurrency = webConcurrency(config.WEB_CONCURRENCY, config.NODE_ENV);
  const webProcess = isWebProcess();

  // Migrations, reference data and the demo seed run once, before any web process starts.
  const { seeded } = webProcess ? { seeded: null } : await prepareDatabase();
  const shownUrl = `http://${config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST}:${config.PORT}`;
  const announce = () => {
    console.log(`\nChợ Nông Sản is running at ${shownUrl}`);
    console.log(transportStartLine(config));
    console.log(replicationStartLine(config));
    if (seeded) {
      console.log("Demo logins (password for all: see below):");
      for (const login of seeded.logins) console.log(`  ${login.role.padEnd(8)} ${login.phone}  ${login.password}`);
    }
  };

  if (!webProcess && concurrency > 1) {
    closeDb();
    runPrimary({
      concurrency,
      exec: fileURLToPath(import.meta.url),
      log: log.child({ process: "primary" }),
      startJobs: config.JOBS_WORKER ? () => startWorker() : null,
      onListening: () => {
        log.info({ url: shownUrl, webProcesses: concurrency }, "listening");
        announce();
      },
      onStopped: async () => {
        closeDb();
        // Last: Litestream ships the writes made while the web processes drained.
        await stopReplication();
      },
    });
    return;
  }

  const buildPath = path.resolve("build/index.js");
  // With the server's additions: form bodies checked, resource routes' refusals as text (app/server/server-build.server.ts).
  const build = labelRoutes(
    serverBuild((await import(pathToFileURL(buildPath).href + (dev ? `?t=${Date.now()}` : ""))) as ServerBuild),
  );
  const metrics = createMetrics(db);
  // Tests tell the web processes apart by this header (an honest answer to "which process served this?").
  const servedByHeader = config.NODE_ENV !== "production";

  // Without JavaScript, the card form's redirect chain ends at Stripe Checkout: form-action must allow it.
  const stripeFormActions = config.STRIPE_SECRET_KEY
    ? ["https://checkout.stripe.com", ...(config.STRIPE_API_URL ? [new URL(config.STRIPE_API_URL).origin] : [])]
    : [];

  const app = express();
  app.disable("x-powered-by");
  if (config.TRUST_PROXY) app.set("trust proxy", /^\d+$/.test(config.TRUST_PROXY) ? Number(config.TRUST_PROXY) : config.TRUST_PROXY);
  app.use(compression());

  app.use((req, res, next) => {
    const requestId = (req.get("x-request-id") ?? "").slice(0, 64) || crypto.randomUUID();
    const nonce = newNonce();
    res.locals.requestId = requestId;
    res.locals.cspNonce = nonce;
    res.locals.log = log.child({ requestId });
    res.set("X-Request-Id", requestId);
    if (servedByHeader) res.set("X-Served-By", String(process.pid));
    res.set(securityHeaders(nonce, { dev, extraFormActions: stripeFormActions, publicUrl: config.PUBLIC_URL }));
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      if (req.path.startsWith("/build/") || req.path === "/favicon.ico") return;
      res.locals.log.info(
        { method: req.method, url: req.originalUrl, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 },
        "request",
      );
    });
    next();
  });

  app.use((req, res, next) => {
    if (req.path.startsWith("/webhooks/")) return next();
    const host = req.get("x-forwarded-host") && config.TRUST_PROXY ? req.get("x-forwarded-host") : req.get("host");
    if (isCrossSiteWrite(req.method, { origin: req.get("origin"), referer: req.get("referer"), host }, config.PUBLIC_URL)) {
      res.status(403).type("text/plain; charset=utf-8").send(
        "Yêu cầu bị từ chối: biểu mẫu không được gửi từ trang của Chợ Nông Sản.\nRequest refused: the form was not sent from a Chợ Nông Sản page.",
      );
      return;
    }
    next();
  });

  // Served here rather than as a Remix route: it describes the process (one registry, filled by the
  // middleware below), needs no session, page or translation, and stays out of its own histogram.
  app.get("/metrics", metricsEndpoint(metrics, config.METRICS_TOKEN));

  // Fingerprinted build assets are immutable; everything else in public/ is cached briefly.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", index: false }));
  app.use("/islands", express.static("public/islands", { immutable: true, maxAge: "1y", index: false }));
  app.use("/locales", express.static("public/locales", { maxAge: "1h", index: false }));
  app.use(
    express.static("public", {
      maxAge: "1h",
      index: false,
      // The service worker must be checked for a new version on every visit.
      setHeaders: (res, filePath) => {
        if (path.basename(filePath) === "sw.js" && path.dirname(filePath) === path.resolve("public")) res.setHeader("Cache-Control", "no-cache");
      },
    }),
  );

  app.use(pageCache({ db, metrics })); // anonymous catalog and price pages from memory (docs/decisions/0039)
  app.all(
    "*",
    timeRequests(metrics),
    createRequestHandler({
      build,
      mode: build.mode,
      getLoadContext: (req, res) =>
        routeContext(res, {
          requestId: res.locals.requestId,
          cspNonce: res.locals.cspNonce,
          clientIp: req.ip ?? req.socket.remoteAddress ?? "",
          log: res.locals.log,
        }),
    }),
  );

  // A web process runs no jobs worker: the primary runs the one there is.
  const worker = config.JOBS_WORKER && !webProcess ? startWorker() : null;

  const server = app.listen(config.PORT, config.HOST, () => {
    if (webProcess) return; // the primary announces once for all
    log.info({ url: shownUrl }, "listening");
    announce();
    if (dev) void broadcastDevReady(build);
  });
  server.keepAliveTimeout = 5_000;

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    // Listen for "close" now: with no connection open it comes on the next tick, before the awaits below
    // (a listener added after it would wait forever; Litestream's pipes keep the process alive).
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A kept-alive connection is closed as soon as its request in flight is answered; any left after 4 s are cut.
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const force = setTimeout(() => server.closeAllConnections(), 4_000);
    force.unref();
    await worker?.stop();
    await closed;
    clearInterval(idle);
    closeDb();
    // Last: Litestream ships the writes made while the server drained.
    await stopReplication();
    log.info("stopped");
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  if (webProcess) {
    const joined = joinCluster({ registry: metrics.registry, jobsWorker: config.JOBS_WORKER, shutdown: (reason) => void shutdown(reason) });
    metrics.render = joined.metricsText;
    // Ctrl-C reaches every process of the terminal: the primary drains the web processes in order.
    process.on("SIGINT", () => undefined);
  } else process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  logger().fatal({ err: error }, "failed to start");
  console.error(error);
  process.exit(1);
});
