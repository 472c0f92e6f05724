/**
 * The command-line door of the importer (scripts/import-households.ts, scripts/import-listings.ts):
 * the same batches and runner as the upload page, with a progress bar on stderr and a summary.
 *
 *   FILE [--officer PHONE] [--sheet NAME] [--dry-run] [--errors OUT.csv|OUT.xlsx] [--consent] [--locale vi|en]
 *        [--map "Header=field"]… [--allow-address-changes]
 *
 * A row that would change an existing household's commune, name, phone or national ID is refused (listed
 * in the error report) unless --allow-address-changes is given; then it is applied, logged, and counted
 * on the summary line.
 *
 * --map (repeatable) chooses what a column feeds: a field name, "ignore", or (households) "extra" to keep
 * it as an extra attribute; it wins over the automatic match. The mapping used is printed, one line per
 * column, before the counts.
 * Exit codes: 0 every row imported; 1 finished, some rows rejected; 2 nothing imported (bad arguments,
 * file unreadable, header or required columns missing, unknown officer).
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureAdminUnits } from "~/addresses/load.server";
import { findUserByPhone } from "~/accounts/users.server";
import { allows, type Actor } from "~/accounts/access.server";
import { isLocale, type Locale } from "~/i18n/config";
import { db as appDb, closeDb, migrateDatabase, type Db } from "~/lib/db.server";
import { isAppError } from "~/lib/errors";
import { logger } from "~/lib/logger.server";
import { formatPhone, normalizePhone } from "~/lib/phone";
import type { ImportKind } from "../../db/schema";
import { cleanText } from "~/lib/text";
import { batchForCli, getBatch, runImport, type ImportSummary } from "./batches.server";
import { changesApplied, changesToConfirm } from "./changes.server";
import { EXTRA, IGNORE, isValidTarget, type ColumnOverrides } from "./mapping";
import { processorFor, type ImportProcessor } from "./processor";
import { fileErrorMessage, type ImportsT } from "./messages";
import { errorReportCsv, errorReportXlsx, importsTranslator } from "./report.server";

export interface CliIo {
  out(line: string): void;
  err(text: string): void;
  /** stderr is a terminal: the progress bar redraws one line */
  isTTY: boolean;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stderr.isTTY),
};

/** The body of scripts/import-*.ts: runs the import with the process's arguments, closes the database, exits with its code. */
export function runImportCommand(kind: ImportKind): void {
  importCli(kind, process.argv.slice(2))
    .then((code) => {
      closeDb();
      process.exit(code);
    })
    .catch((error: unknown) => {
      // Not reached by an import's own failures (importCli words them); still, no internal text for the officer.
      logger().error({ err: error }, "import command failed");
      console.error(importsTranslator("vi").t("errors.failed"));
      closeDb();
      process.exit(2);
    });
}

/** Runs one import from the command line; returns the exit code. */
export async function importCli(kind: ImportKind, argv: string[], io: CliIo = processIo, database?: Db): Promise<number> {
  const script = kind === "households" ? "import-households" : "import-listings";
  const usage = `usage: npm run ${script} -- FILE [--officer PHONE] [--sheet NAME] [--dry-run] [--errors OUT.csv|OUT.xlsx] [--consent] [--locale vi|en] [--map "Header=field"]... [--allow-address-changes]`;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        officer: { type: "string" },
        sheet: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        errors: { type: "string" },
        consent: { type: "boolean", default: false },
        "allow-address-changes": { type: "boolean", default: false },
        locale: { type: "string", default: "vi" },
        map: { type: "string", multiple: true, default: [] },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(`${usage}\n  --map "Header=field": ${fieldNames(processorFor(kind))}`);
    return 0;
  }
  if (positionals.length !== 1 || !isLocale(values.locale) || (values.errors && !/\.(csv|xlsx)$/i.test(values.errors))) {
    io.err(`${usage}\n`);
    return 2;
  }
  const locale: Locale = values.locale;
  const { t } = importsTranslator(locale);
  const file = positionals[0];
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    io.err(`${t("cli.noFile", { file })}\n`);
    return 2;
  }
  const processor = processorFor(kind);
  const overrides = parseMapArguments(values.map, processor, t, io, usage);
  if (!overrides) return 2;

  const db = database ?? appDb();
  migrateDatabase(db);
  // Addresses are resolved through the administrative units (loaded once per data version).
  ensureAdminUnits(db);

  const actor = findActor(db, values.officer, t, io);
  if (!actor) return 2;

  let summary: ImportSummary;
  try {
    const { batch, resumed } = await batchForCli(db, {
      kind,
      actor,
      filePath: file,
      fileName: path.basename(file),
      sheet: values.sheet ?? null,
      batchConsent: values.consent,
      locale,
      dryRun: values["dry-run"],
      columnMap: Object.keys(overrides).length ? { overrides, source: "cli" } : null,
      allowChanges: values["allow-address-changes"],
    });
    if (resumed) io.err(`${t("cli.resuming", { batch: batch.id, row: batch.lastRowNumber })}\n`);
    if (batch.dryRun) io.err(`${t("cli.dryRun")}\n`);
    const progress = progressBar(io, t, batch.rowsDone);
    summary = await runImport(db, batch.id, { onProgress: progress.update });
    progress.end(summary.rowsDone);
  } catch (error) {
    if (isAppError(error) && error.messageKey.startsWith("imports:")) {
      io.err(`${fileErrorMessage(t, { key: error.messageKey, params: error.params })}\n`);
      return 2;
    }
    // A bug or a full disk: a sentence for the officer, the error and its stack for the log. The batch is
    // left running, so the same command resumes it after the last committed row.
    logger().error({ err: error, file }, "import failed");
    io.err(`${t("errors.internal")}\n`);
    return 2;
  }

  let reportPath: string | null = null;
  if (values.errors) {
    reportPath = path.resolve(values.errors);
    const bytes = /\.xlsx$/i.test(reportPath) ? await errorReportXlsx(db, summary.batchId, locale) : errorReportCsv(db, summary.batchId, locale);
    fs.writeFileSync(reportPath, bytes);
  }

  printMapping(db, summary.batchId, processor, t, io);
  if (summary.fileError) {
    io.err(`${fileErrorMessage(t, summary.fileError)}\n`);
    if (summary.fileError.key === "imports:errors.missingColumns") io.err(`${t("cli.mapHint", { fields: fieldNames(processor) })}\n`);
    io.out(t("cli.failed", { batch: summary.batchId }));
    return 2;
  }
  const summaryLine = t(summary.dryRun ? "cli.summaryDryRun" : "cli.summary", {
    batch: summary.batchId,
    rows: summary.rowsDone,
    created: summary.created,
    updated: summary.updated,
    unchanged: summary.unchanged,
    rejected: summary.rejected,
  });
  // A dry run writes no activity to count its changes by: its rows are counted as updated.
  const applied = values["allow-address-changes"] && !summary.dryRun ? ` ${t("reimport.cliApplied", { count: changesApplied(db, summary.batchId) })}` : "";
  io.out(summaryLine + applied);
  const refused = values["allow-address-changes"] ? 0 : changesToConfirm(db, summary.batchId);
  if (refused > 0) io.out(t("reimport.cliRefused", { count: refused }));
  if (reportPath) io.out(t("cli.report", { path: reportPath }));
  else if (summary.rejected > 0) io.out(t("cli.reportHint"));
  return summary.rejected > 0 ? 1 : 0;
}

/** The valid --map targets of a processor, as listed to the officer. */
function fieldNames(processor: ImportProcessor): string {
  return [...processor.fields.map((f) => f.name), IGNORE, ...(processor.keepsExtras ? [EXTRA] : [])].join(", ");
}

/** --map "Header=field" arguments → overrides; null (after saying why) for a malformed one or an unknown field. */
function parseMapArguments(args: readonly string[], processor: ImportProcessor, t: ImportsT, io: CliIo, usage: string): ColumnOverrides | null {
  const overrides: ColumnOverrides = {};
  const names = processor.fields.map((f) => f.name);
  for (const arg of args) {
    // The last "=": a header may hold one, a field name never does.
    const at = arg.lastIndexOf("=");
    const header = cleanText(arg.slice(0, Math.max(0, at)));
    const target = arg.slice(at + 1).trim();
    if (at < 0 || !header || !target) {
      io.err(`${t("cli.badMap", { arg })}\n${usage}\n`);
      return null;
    }
    if (!isValidTarget(target, names, processor.keepsExtras)) {
      io.err(`${t("cli.unknownField", { field: target, fields: fieldNames(processor) })}\n`);
      return null;
    }
    overrides[header] = target;
  }
  return overrides;
}

/** The mapping the batch was read with, one line per column: header → field / ignored / extra attribute. */
function printMapping(db: Db, batchId: number, processor: ImportProcessor, t: ImportsT, io: CliIo) {
  const batch = getBatch(db, batchId);
  if (!batch?.headers?.length) return;
  const { mapping } = processor.matchHeaders(batch.headers, batch.columnMap?.overrides);
  io.out(t("cli.mapping.title"));
  for (const column of mapping) {
    const spec = processor.fields.find((f) => f.name === column.target);
    const target =
      column.target === IGNORE ? t("cli.mapping.ignored") : column.target === EXTRA ? t("cli.mapping.extra") : `${column.target} (${t(spec?.labelKey ?? column.target)})`;
    io.out(t(column.how === "chosen" ? "cli.mapping.chosen" : "cli.mapping.auto", { header: column.header, target }));
  }
}

function findActor(db: Db, officerPhone: string | undefined, t: ImportsT, io: CliIo): Actor | null {
  if (officerPhone) {
    const phone = normalizePhone(officerPhone);
    const user = phone.ok ? findUserByPhone(db, phone.e164) : undefined;
    if (!user || !allows(user, "importData")) {
      io.err(`${t("cli.unknownOfficer", { phone: officerPhone })}\n`);
      return null;
    }
    return { id: user.id, role: user.role };
  }
  const admin = db.$client.prepare(`SELECT id, phone, name FROM users WHERE role = 'admin' ORDER BY id LIMIT 1`).get() as
    | { id: number; phone: string; name: string }
    | undefined;
  if (!admin) {
    io.err(`${t("cli.noAdmin")}\n`);
    return null;
  }
  io.err(`${t("cli.asAdmin", { name: admin.name, phone: formatPhone(admin.phone) })}\n`);
  return { id: admin.id, role: "admin" };
}

/** Rows, rows per second and the time left; one redrawn line on a terminal, a line every few seconds otherwise. */
function progressBar(io: CliIo, t: ImportsT, startDone: number) {
  const started = performance.now();
  let lastDraw = 0;
  let lastLine = "";
  const render = (done: number, total: number | undefined): string => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round((done - startDone) / seconds) : 0;
    const eta = total && rate > 0 ? Math.max(0, Math.ceil((total - done) / rate)) : null;
    const pct = total ? Math.min(100, Math.floor((done / total) * 100)) : null;
    const bar = pct === null ? "" : `[${"#".repeat(Math.floor(pct / 5)).padEnd(20, "-")}] ${String(pct).padStart(3)}% `;
    return `${bar}${t(total ? "cli.progress" : "cli.progressNoTotal", {
      done: done.toLocaleString("en-US"),
      total: (total ?? 0).toLocaleString("en-US"),
      rate: rate.toLocaleString("en-US"),
      eta: eta === null ? "?" : formatDuration(eta),
    })}`;
  };
  return {
    update(done: number, total?: number) {
      const now = performance.now();
      if (now - lastDraw < (io.isTTY ? 100 : 3000)) return;
      lastDraw = now;
      lastLine = render(done, total);
      io.err(io.isTTY ? `\r${lastLine}\u001b[K` : `${lastLine}\n`);
    },
    /** the final figures, once the rows are all done */
    end(done: number) {
      if (!lastLine && done - startDone < 10_000) return;
      lastLine = render(done, done);
      io.err(io.isTTY ? `\r${lastLine}\u001b[K\n` : `${lastLine}\n`);
    },
  };
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  return `${m}m${String(seconds % 60).padStart(2, "0")}s`;
}
