import pino from "pino";
import { env } from "./env.server";

const globalForLogger = globalThis as unknown as { __logger?: pino.Logger };

/** Structured JSON logs; request handlers use a child logger carrying the request id. */
export function logger(): pino.Logger {
  globalForLogger.__logger ??= pino({
    level: env().NODE_ENV === "test" ? "silent" : env().LOG_LEVEL,
    base: { app: "cho-nong-san" },
    redact: ["password", "*.password", "code", "*.code", "req.headers.cookie"],
  });
  return globalForLogger.__logger;
}
