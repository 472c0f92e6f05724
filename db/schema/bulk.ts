import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { createdAt, timestamp } from "./columns";
import { jobs } from "./jobs";

export const BULK_KINDS = ["handOverCodes", "verify", "exportCsv", "exportXlsx"] as const;
export type BulkKind = (typeof BULK_KINDS)[number];

export const BULK_STATUSES = ["queued", "running", "completed", "failed"] as const;
export type BulkStatus = (typeof BULK_STATUSES)[number];

/**
 * One action over a filtered set of households, run by a durable job in chunks. `cursor` (the last
 * household id processed) is committed with the chunk it covers, so a killed run resumes after it;
 * `maxHouseholdId` fixes the set when the action starts (households added later are not swept in).
 */
export const bulkActions = sqliteTable(
  "bulk_actions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    kind: text("kind", { enum: BULK_KINDS }).notNull(),
    /** the household list's filters as chosen (commune, hamlet, stage, batch, listings, sales, search) */
    filters: text("filters", { mode: "json" }).$type<Record<string, string | number | boolean | null>>().notNull(),
    /** note, method (verify); delivery print/sms/both (codes) */
    options: text("options", { mode: "json" }).$type<Record<string, string | null>>().notNull(),
    status: text("status", { enum: BULK_STATUSES }).notNull().default("queued"),
    maxHouseholdId: integer("max_household_id").notNull(),
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    /** households of the set the action did not apply to (already claimed, not in a state to verify…) */
    skipped: integer("skipped").notNull().default(0),
    cursor: integer("cursor").notNull().default(0),
    /** counts and outcome for the page and the activity log */
    result: text("result", { mode: "json" }).$type<Record<string, number>>(),
    /** an export's file under UPLOADS_DIR/bulk, and its committed length (a CSV resumes from there) */
    resultPath: text("result_path"),
    resultBytes: integer("result_bytes").notNull().default(0),
    jobId: integer("job_id").references(() => jobs.id, { onDelete: "set null" }),
    error: text("error"),
    createdAt: createdAt(),
    startedAt: timestamp("started_at"),
    finishedAt: timestamp("finished_at"),
    /** hand-over codes stop working then; their sealed copies are deleted after it */
    expiresAt: timestamp("expires_at"),
  },
  (t) => [index("bulk_actions_actor_idx").on(t.actorUserId, t.createdAt)],
);

/**
 * The hand-over codes of one action, sealed (AES-256-GCM under a key derived from the server secret)
 * so the slips can be printed again until the codes expire; deleted with the action's codes after that.
 * Households sharing a phone share one code (a claim code belongs to a phone).
 */
export const bulkActionCodes = sqliteTable(
  "bulk_action_codes",
  {
    actionId: integer("action_id")
      .notNull()
      .references(() => bulkActions.id, { onDelete: "cascade" }),
    householdId: integer("household_id").notNull(),
    phone: text("phone").notNull(),
    sealedCode: text("sealed_code"),
    expiresAt: timestamp("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.householdId] }), index("bulk_action_codes_phone_idx").on(t.actionId, t.phone), index("bulk_action_codes_expiry_idx").on(t.expiresAt)],
);

export type BulkAction = typeof bulkActions.$inferSelect;
