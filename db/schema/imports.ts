import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { createdAt, timestamp } from "./columns";
import { jobs } from "./jobs";

export const IMPORT_KINDS = ["households", "listings"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** previewed: uploaded and checked, waiting for the officer's confirmation; running: rows being written. */
export const IMPORT_STATUSES = ["previewed", "running", "completed", "failed", "cancelled"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const ROW_OUTCOMES = ["created", "updated", "unchanged", "rejected"] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

/**
 * One import of one file by one person: who, when, which file (name and SHA-256), the counts, and
 * how far it got. `rowsDone` is committed with the rows it counts, so a run killed midway resumes
 * after the last committed row.
 */
export const importBatches = sqliteTable(
  "import_batches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: IMPORT_KINDS }).notNull(),
    status: text("status", { enum: IMPORT_STATUSES }).notNull().default("previewed"),
    /** the officer or administrator the rows are imported as (scope and attribution) */
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** "web" (upload page) or "cli" (scripts/import-*.ts) */
    via: text("via", { enum: ["web", "cli"] }).notNull(),
    dryRun: integer("dry_run", { mode: "boolean" }).notNull().default(false),
    fileName: text("file_name").notNull(),
    fileSha256: text("file_sha256").notNull(),
    fileBytes: integer("file_bytes").notNull(),
    /** the uploaded file kept for the background run and the error report (web uploads) */
    storedPath: text("stored_path"),
    sheet: text("sheet"),
    /** the officer attested, for the whole batch, that the households consented (Decree 13/2023) */
    batchConsent: integer("batch_consent", { mode: "boolean" }).notNull().default(false),
    /**
     * The officer confirmed the changes of commune, name, phone or national ID of existing households
     * the preview listed (web: the confirm form's checkbox; command line: --allow-address-changes).
     * Without it such rows are not applied.
     */
    allowChanges: integer("allow_changes", { mode: "boolean" }).notNull().default(false),
    /** language of the error report */
    locale: text("locale", { enum: ["vi", "en"] }).notNull().default("vi"),
    /** the sheet's header row as read, for the error report */
    headers: text("headers", { mode: "json" }).$type<string[]>(),
    rowsTotal: integer("rows_total"),
    /** last data row number (1-based, as the officer sees it in Excel) whose outcome is committed */
    lastRowNumber: integer("last_row_number").notNull().default(0),
    rowsDone: integer("rows_done").notNull().default(0),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    jobId: integer("job_id").references(() => jobs.id, { onDelete: "set null" }),
    error: text("error"),
    createdAt: createdAt(),
    startedAt: timestamp("started_at"),
    finishedAt: timestamp("finished_at"),
  },
  (t) => [index("import_batches_actor_idx").on(t.actorUserId, t.createdAt), index("import_batches_file_idx").on(t.fileSha256, t.kind)],
);

/** A rejected row: its original cells (for the error report) and every reason. */
export const importRowErrors = sqliteTable(
  "import_row_errors",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    batchId: integer("batch_id")
      .notNull()
      .references(() => importBatches.id, { onDelete: "cascade" }),
    rowNumber: integer("row_number").notNull(),
    cells: text("cells", { mode: "json" }).$type<string[]>().notNull(),
    /** RowError[] of app/imports/types.ts: field, locale key, params */
    reasons: text("reasons", { mode: "json" }).$type<Array<{ field: string; key: string; params: Record<string, string | number> }>>().notNull(),
  },
  (t) => [uniqueIndex("import_row_errors_row_unique").on(t.batchId, t.rowNumber)],
);

/**
 * What officers and administrators did, for administrators to read: imports, registrations,
 * verifications, suspensions, edits on a household's behalf, data exports and deletions.
 */
export const activityLog = sqliteTable(
  "activity_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** e.g. "import.households", "household.verify", "listing.update" (see app/activity/log.server.ts) */
    action: text("action").notNull(),
    /** no foreign keys: the log outlives what it names (a deleted household stays "household #12") */
    householdId: integer("household_id"),
    listingId: integer("listing_id"),
    batchId: integer("batch_id"),
    /** commune the action concerned, so an officer's log can be read per area */
    communeCode: text("commune_code"),
    detail: text("detail", { mode: "json" }).$type<Record<string, string | number | boolean | null>>(),
    at: createdAt(),
  },
  (t) => [
    index("activity_log_at_idx").on(t.at),
    index("activity_log_actor_idx").on(t.actorUserId, t.at),
    index("activity_log_household_idx").on(t.householdId, t.at),
  ],
);

export type ImportBatch = typeof importBatches.$inferSelect;
export type ImportRowError = typeof importRowErrors.$inferSelect;
export type ActivityEntry = typeof activityLog.$inferSelect;
