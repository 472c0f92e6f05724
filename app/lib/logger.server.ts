import cluster from "node:cluster";
import pino from "pino";
import { env } from "./env.server";

const globalForLogger = globalThis as unknown as { __logger?: pino.Logger };

/** Structured JSON logs; request handlers use a child logger carrying the request id. */
export function logger(): pino.Logger {
  globalForLogger.__logger ??= pino({
    level: env().NODE_ENV === "test" ? "silent" : env().LOG_LEVEL,
    // With several web processes (decision 0038) each line says which one wrote it ("web-1", "web-2"…; the primary's own say "primary").
    base: { app: "cho-nong-san", pid: process.pid, ...(cluster.isWorker ? { process: `web-${process.env.CNS_WEB_PROCESS ?? cluster.worker?.id}` } : {}) },
    redact: ["password", "*.password", "code", "*.code", "req.headers.cookie"],
  });
  return globalForLogger.__logger;
}
