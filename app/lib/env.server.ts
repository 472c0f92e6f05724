import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Every environment variable the app reads is declared and validated here, once.
 * A bad value stops start-up with a message naming the variable (see formatEnvError).
 */
const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  PUBLIC_URL: z.string().url().optional(),
  /** Express "trust proxy": set (e.g. "loopback" or "1") when behind a TLS reverse proxy */
  TRUST_PROXY: z.string().optional(),
  /** Web processes `npm start` runs (decision 0038); unset: one per core (one under `npm run dev`). */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  DATABASE_PATH: z.string().min(1).default("data/app.db"),
  UPLOADS_DIR: z.string().min(1).default("data/uploads"),
  BACKUP_DIR: z.string().min(1).default("data/backups"),
  /** The worker backs the database up this often into BACKUP_DIR; 0 turns scheduled backups off. */
  BACKUP_INTERVAL_HOURS: z.coerce.number().min(0).max(24 * 31).default(24),
  /** Scheduled-backup retention: the newest copy of each of the last N days, and of each of the last N weeks. */
  BACKUP_KEEP_DAILY: z.coerce.number().int().min(1).max(366).default(7),
  BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
  /**
   * Continuous replication with Litestream (app/ops/replication.server.ts): a directory, file:///dir or
   * s3://bucket/path (any S3-compatible bucket with LITESTREAM_ENDPOINT). Unset: no replica.
   */
  LITESTREAM_REPLICA_URL: z
    .string()
    .refine((v) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^file:\/\/\/./i.test(v) || /^s3:\/\/[^/]+\/[^/].*/i.test(v), {
      message: "must be a directory, a file:///directory URL or s3://bucket/path",
    })
    .optional(),
  /** Read by Litestream itself from the environment (never written to its config file). */
  LITESTREAM_ACCESS_KEY_ID: z.string().min(1).optional(),
  LITESTREAM_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** An S3-compatible service's address (MinIO, Cloudflare R2, Backblaze B2…); unset: Amazon S3. */
  LITESTREAM_ENDPOINT: z.string().url().optional(),
  LITESTREAM_REGION: z.string().regex(/^[a-z0-9-]+$/, "must be a region name such as us-east-1 or auto").optional(),
  /** How often new WAL frames are shipped to the replica: a Go duration (250ms, 1s, 10s). At most this much (plus ~0.25 s) is lost with the disk. */
  LITESTREAM_SYNC_INTERVAL: z.string().regex(/^\d+(ms|s|m)$/, "must be a duration such as 500ms, 1s or 10s").default("500ms"),
  /** Set: /metrics needs `Authorization: Bearer <token>`. Unset: /metrics answers direct local requests only. */
  /** Rendered catalog and price pages kept in memory per web process (docs/decisions/0039); 0 turns the cache off. */
  PAGE_CACHE_MB: z.coerce.number().min(0).max(4096).default(64),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  HOME_PROVINCE_CODE: z.string().regex(/^\d{2}$/, "must be a two-digit province code").default("82"),
  /** Provinces whose farms may join, comma-separated ("82,86"); the home province is always served. */
  SERVED_PROVINCE_CODES: z
    .string()
    .regex(/^\s*\d{2}\s*(,\s*\d{2}\s*)*$/, "must be two-digit province codes separated by commas")
    .optional(),
  SEED_DEMO: booleanString.default("true"),
  NOTIFY_TRANSPORT: z.enum(["log", "webhook", "esms", "zns"]).default("log"),
  NOTIFY_WEBHOOK_URL: z.string().url().optional(),
  NOTIFY_WEBHOOK_SECRET: z.string().optional(),
  /** Delivery receipts (/webhooks/messages/…) are accepted only with this secret, in the URL (?secret=) or X-Webhook-Secret. */
  NOTIFY_CALLBACK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** SMS through eSMS (esms.vn): NOTIFY_TRANSPORT=esms, or the fallback of zns when both keys are set. */
  ESMS_API_KEY: z.string().min(1).optional(),
  ESMS_SECRET_KEY: z.string().min(1).optional(),
  /** A registered brand name (SmsType 2, customer care); without one, eSMS's fixed-number OTP line (SmsType 8). */
  ESMS_BRANDNAME: z.string().min(1).max(11, "eSMS brand names have at most 11 characters").optional(),
  ESMS_SANDBOX: booleanString.default("false"),
  /** Tests point the adapter at a local fake: http://127.0.0.1:PORT */
  ESMS_API_URL: z.string().url().optional(),
  /** Zalo ZNS: the Official Account's access token (refreshing it is the operator's job) and ZNS_TEMPLATE_* ids. */
  ZNS_ACCESS_TOKEN: z.string().min(1).optional(),
  ZNS_API_URL: z.string().url().optional(),
  OTP_TTL_MINUTES: z.coerce.number().int().min(1).max(60).default(10),
  JOBS_WORKER: booleanString.default("true"),
  /** Card payments through Stripe Checkout appear only when both are set. */
  STRIPE_SECRET_KEY: z.string().startsWith("sk_", "must be a Stripe secret key (sk_…)").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must be a Stripe webhook signing secret (whsec_…)").optional(),
  /** Tests and benchmarks point the Stripe SDK at a local fake: http://127.0.0.1:PORT */
  STRIPE_API_URL: z.string().url().optional(),
  /** Unpaid bank transfers expire after this many hours; unpaid card checkouts after CARD_EXPIRY_MINUTES. */
  TRANSFER_EXPIRY_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(48),
  CARD_EXPIRY_MINUTES: z.coerce.number().int().min(30).max(24 * 60).default(60),
  /** Delivery through GHN is offered only when both are set. GHN_API_URL: the production gateway unless set (dev gateway, a local fake). */
  GHN_TOKEN: z.string().min(1).optional(),
  GHN_SHOP_ID: z.string().regex(/^\d+$/, "must be GHN's numeric shop id").optional(),
  GHN_API_URL: z.string().url().default("https://online-gateway.ghn.vn"),
  /** Delivery through GHTK is offered only when set. GHTK_API_URL: the production API unless set. */
  GHTK_TOKEN: z.string().min(1).optional(),
  GHTK_API_URL: z.string().url().default("https://services.giaohangtietkiem.vn"),
  /** The carriers' status webhooks (/webhooks/carriers/ghn|ghtk) are accepted only with this secret, in the URL (?token=) or X-Webhook-Secret. */
  CARRIER_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** A buyer may complain about a delivered order for this many days after the delivered step. */
  COMPLAINT_WINDOW_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  DEV_ROUTES: booleanString.optional(),
});

type Env = z.infer<typeof EnvSchema> & {
  SESSION_SECRET: string;
  DEV_ROUTES: boolean;
  /** ZNS template ids by variable suffix: ZNS_TEMPLATE_OTP_SIGNUP=123 → { OTP_SIGNUP: "123" } */
  ZNS_TEMPLATES: Record<string, string>;
};

/**
 * ZNS_TEMPLATE_<NAME>=<Zalo template id>, one per outbox template (otp.signup → OTP_SIGNUP) or per
 * group (OTP covers every otp.* template). The names are data, so they are read outside the schema.
 */
function znsTemplates(source: Record<string, string | undefined>): { templates: Record<string, string>; issues: string[] } {
  const templates: Record<string, string> = {};
  const issues: string[] = [];
  for (const [name, value] of Object.entries(source)) {
    const match = /^ZNS_TEMPLATE_([A-Z0-9_]+)$/.exec(name);
    if (!match || value === undefined || value === "") continue;
    if (/^\d{1,20}$/.test(value.trim())) templates[match[1]] = value.trim();
    else issues.push(`${name}=${JSON.stringify(value)}: must be a Zalo ZNS template id (digits)`);
  }
  return { templates, issues };
}

export class EnvError extends Error {
  constructor(public issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings in .env files mean "unset".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const name = issue.path.join(".");
        const value = source[name];
        return `${name}=${value === undefined ? "(unset)" : JSON.stringify(value)}: ${issue.message}`;
      }),
    );
  }
  const env = result.data;
  if (env.NOTIFY_TRANSPORT === "webhook" && !env.NOTIFY_WEBHOOK_URL) {
    throw new EnvError(["NOTIFY_WEBHOOK_URL=(unset): required when NOTIFY_TRANSPORT=webhook"]);
  }
  const { templates, issues } = znsTemplates(cleaned);
  if (env.NOTIFY_TRANSPORT === "esms") {
    for (const name of ["ESMS_API_KEY", "ESMS_SECRET_KEY"] as const) {
      if (!env[name]) issues.push(`${name}=(unset): required when NOTIFY_TRANSPORT=esms`);
    }
  }
  if (env.NOTIFY_TRANSPORT === "zns" && !env.ZNS_ACCESS_TOKEN) issues.push("ZNS_ACCESS_TOKEN=(unset): required when NOTIFY_TRANSPORT=zns");
  if (Boolean(env.ESMS_API_KEY) !== Boolean(env.ESMS_SECRET_KEY)) {
    issues.push(`${env.ESMS_API_KEY ? "ESMS_SECRET_KEY" : "ESMS_API_KEY"}=(unset): eSMS needs both ESMS_API_KEY and ESMS_SECRET_KEY`);
  }
  // eSMS is told where to send receipts with each message, so it needs the public address.
  if (env.NOTIFY_CALLBACK_SECRET && env.ESMS_API_KEY && !env.PUBLIC_URL) {
    issues.push("PUBLIC_URL=(unset): required for eSMS delivery receipts (NOTIFY_CALLBACK_SECRET is set)");
  }
  if (Boolean(env.GHN_TOKEN) !== Boolean(env.GHN_SHOP_ID)) {
    issues.push(`${env.GHN_TOKEN ? "GHN_SHOP_ID" : "GHN_TOKEN"}=(unset): GHN needs both GHN_TOKEN and GHN_SHOP_ID`);
  }
  issues.push(...replicaIssues(env));
  if (issues.length > 0) throw new EnvError(issues);
  return {
    ...env,
    ZNS_TEMPLATES: templates,
    SESSION_SECRET: env.SESSION_SECRET ?? localSessionSecret(env.DATABASE_PATH),
    DEV_ROUTES: env.DEV_ROUTES ?? env.NODE_ENV !== "production",
  };
}

/** The replica's companions: keys for a bucket, no bucket settings without a bucket. */
function replicaIssues(env: z.infer<typeof EnvSchema>): string[] {
  const issues: string[] = [];
  const s3 = /^s3:\/\//i.test(env.LITESTREAM_REPLICA_URL ?? "");
  if (s3) {
    for (const name of ["LITESTREAM_ACCESS_KEY_ID", "LITESTREAM_SECRET_ACCESS_KEY"] as const) {
      if (!env[name]) issues.push(`${name}=(unset): required for an s3:// LITESTREAM_REPLICA_URL`);
    }
  } else {
    for (const name of ["LITESTREAM_ENDPOINT", "LITESTREAM_REGION"] as const) {
      if (env[name]) issues.push(`${name}=${JSON.stringify(env[name])}: only used with an s3:// LITESTREAM_REPLICA_URL`);
    }
  }
  return issues;
}

/**
 * Without SESSION_SECRET a random secret is created once beside the database, so a fresh
 * clone works with no configuration and sessions survive restarts. Every process that reads it must
 * get the same one (a cookie signed by one web process is checked by another): the file appears whole
 * or not at all (written aside, then hard-linked into place, which fails if it exists), and a process
 * that loses the race reads the winner's.
 */
export function localSessionSecret(databasePath: string): string {
  // An in-memory database lives only as long as the process: so does its secret.
  if (databasePath === ":memory:") return crypto.randomBytes(32).toString("base64url");
  const file = path.join(path.dirname(path.resolve(databasePath)), ".session-secret");
  const existing = readSecret(file);
  if (existing) return existing;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  fs.writeFileSync(aside, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  try {
    fs.linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(aside, { force: true });
  }
  const secret = readSecret(file);
  if (!secret) throw new Error(`${file} is empty: delete it or set SESSION_SECRET`);
  return secret;
}

function readSecret(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8").trim() || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

const globalForEnv = globalThis as unknown as { __env?: Env };

/** The validated environment, parsed on first use and shared by every module copy in the process. */
export function env(): Env {
  globalForEnv.__env ??= parseEnv();
  return globalForEnv.__env;
}

/** Tests change variables and call this to re-read them. */
export function resetEnvForTests() {
  globalForEnv.__env = undefined;
}
