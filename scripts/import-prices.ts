/**
 * Imports market prices from CSV files: the project's own template, the WFP (HDX) food price file
 * or the World Bank Pink Sheet series (see db/data/market-prices/README.md). Idempotent: running a
 * file twice writes nothing the second time. Bad rows are listed with their line number and reason
 * and the other rows are imported.
 *
 *   npx tsx scripts/import-prices.ts [--format template|wfp|worldbank] [--dry-run] [--source NAME] [--lang vi|en] FILE...
 *
 * Exit codes: 0 every row imported; 1 finished, but some rows were refused; 2 nothing done
 * (bad arguments, unreadable file, unknown format).
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { ensureAdminUnits } from "~/addresses/load.server";
import { i18nServer } from "~/i18n/i18n.server";
import { closeDb, db, migrateDatabase } from "~/lib/db.server";
import { env, EnvError } from "~/lib/env.server";
import { IMPORT_FORMATS, ImportFormatError, importPriceFile, type ImportFormat } from "~/prices/import.server";
import { loadReferenceData } from "~/prices/reference.server";

const usage =
  "usage: tsx scripts/import-prices.ts [--format template|wfp|worldbank] [--dry-run] [--source NAME] [--lang vi|en] FILE...";

type T = (key: string, options?: Record<string, unknown>) => string;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        format: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        source: { type: "string" },
        lang: { type: "string", default: "vi" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length === 0) {
    console.error(usage);
    return 2;
  }
  if (values.format && !(IMPORT_FORMATS as readonly string[]).includes(values.format)) {
    console.error(`--format must be one of ${IMPORT_FORMATS.join(", ")}\n${usage}`);
    return 2;
  }
  for (const file of positionals) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      console.error(`cannot read ${file}`);
      return 2;
    }
  }
  try {
    env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const t = (await i18nServer.getFixedT(values.lang === "en" ? "en" : "vi", "prices")) as unknown as T;
  const database = db();
  migrateDatabase(database);
  // WFP markets are placed in current provinces by name, which needs the administrative units; the
  // shipped commodities and markets (idempotent) so a never-started database takes the files in too.
  ensureAdminUnits(database);
  loadReferenceData(database);

  let exit = 0;
  for (const file of positionals) {
    console.error(`${file}`);
    const started = performance.now();
    try {
      const summary = await importPriceFile(database, file, {
        format: values.format as ImportFormat | undefined,
        dryRun: values["dry-run"],
        defaultSource: values.source,
        progressEvery: 50_000,
        onProgress: (rows) => process.stderr.write(`  ${t("import.progress", { rows })}\r`),
      });
      process.stderr.write("\n");
      for (const e of summary.errors) {
        console.log(`  ${t("import.rowError", { row: e.row, reason: t(e.reason, e.params) })}`);
      }
      if (summary.errorCount > summary.errors.length) console.log(`  ${t("import.moreErrors", { count: summary.errorCount - summary.errors.length })}`);
      console.log(
        `  ${t("import.summary", {
          format: summary.format,
          rows: summary.rows,
          valid: summary.valid,
          written: summary.written,
          unchanged: summary.unchanged,
          skipped: summary.skipped,
          errors: summary.errorCount,
        })} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
      if (summary.dryRun) console.log(`  ${t("import.dryRun")}`);
      if (summary.errorCount > 0) exit = Math.max(exit, 1);
    } catch (error) {
      if (error instanceof ImportFormatError) {
        console.error(`  ${t(error.reason, error.params)}`);
        return 2;
      }
      throw error;
    }
  }
  return exit;
}

main()
  .then((code) => {
    closeDb();
    process.exit(code);
  })
  .catch((error) => {
    console.error(error);
    closeDb();
    process.exit(2);
  });
