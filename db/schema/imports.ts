import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
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
 * The officer's column choices for a batch: header as written → field, "ignore" or "extra". source:
 * chosen on this batch's mapping step or with --map, or remembered from the officer's earlier file
 * with the same headers (rememberedAt: when that mapping was saved).
 */
export interface BatchColumnMap {
  overrides: Record<string, string>;
  source: "chosen" | "remembered" | "cli";
  rememberedAt?: number;
}

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
    /** field → 0-based column the run read it from, so the preview can show the cell a problem is about */
    fieldColumns: text("field_columns", { mode: "json" }).$type<Record<string, number>>(),
    /** the officer's column choices this batch is read with (null: every column matched automatically) */
    columnMap: text("column_map", { mode: "json" }).$type<BatchColumnMap>(),
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
 * An accepted row that carries notes (a former address mapped, a CCCD's zero restored): recorded by the
 * preview, which is the pass that words notes, and kept after the run so the page can still show them.
 */
export const importRowNotes = sqliteTable(
  "import_row_notes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    batchId: integer("batch_id")
      .notNull()
      .references(() => importBatches.id, { onDelete: "cascade" }),
    rowNumber: integer("row_number").notNull(),
    cells: text("cells", { mode: "json" }).$type<string[]>().notNull(),
    notes: text("notes", { mode: "json" }).$type<Array<{ field: string; key: string; params: Record<string, string | number> }>>().notNull(),
  },
  (t) => [uniqueIndex("import_row_notes_row_unique").on(t.batchId, t.rowNumber)],
);

/**
 * One reason (error or note) of one row, beside the JSON in import_row_errors / import_row_notes: the
 * preview counts and pages rows per reason through this index. Over json_each a 20,000-row rejected
 * batch took ≈ 200–330 ms to group and ≈ 120 ms for its last page; through this table ≈ 6 ms each.
 */
export const importRowReasons = sqliteTable(
  "import_row_reasons",
  {
    batchId: integer("batch_id")
      .notNull()
      .references(() => importBatches.id, { onDelete: "cascade" }),
    /** "error": the row was refused; "note": accepted with a note */
    kind: text("kind", { enum: ["error", "note"] }).notNull(),
    /** locale key, e.g. "imports:errors.phone.wrongLength" */
    key: text("key").notNull(),
    field: text("field").notNull(),
    rowNumber: integer("row_number").notNull(),
  },
  (t) => [primaryKey({ name: "import_row_reasons_pk", columns: [t.batchId, t.kind, t.key, t.field, t.rowNumber] })],
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
export type ImportRowNote = typeof importRowNotes.$inferSelect;
export type ActivityEntry = typeof activityLog.$inferSelect;

/**
 * An officer's column choices, remembered for the next file of the same kind with the same header row
 * (signature: SHA-256 of the folded headers). Per officer: another officer's files are not affected.
 */
export const importColumnMaps = sqliteTable(
  "import_column_maps",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: IMPORT_KINDS }).notNull(),
    signature: text("signature").notNull(),
    /** header as written → field, "ignore" or "extra" */
    mapping: text("mapping", { mode: "json" }).$type<Record<string, string>>().notNull(),
    updatedAt: timestamp("updated_at")
      .notNull()
      .$defaultFn(() => new Date()),
  },
  (t) => [uniqueIndex("import_column_maps_user_kind_signature_unique").on(t.userId, t.kind, t.signature)],
);
