/**
 * The household import as an officer runs it, for the benchmarks (bench:import, bench:national): a fresh
 * database with one administrator, and the command line started as a child with its wall time, CPU time and peak RSS.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { insertUser } from "~/accounts/users.server";
import { ensureAdminUnits } from "~/addresses/load.server";
import { migrateDatabase, openDatabase } from "~/lib/db.server";

const ROOT = path.resolve(import.meta.dirname, "..");

export function freshDatabase(file: string): void {
  const db = openDatabase(file);
  migrateDatabase(db);
  ensureAdminUnits(db);
  insertUser(db, { phone: "+84901000001", name: "Quản trị bench", passwordHash: null, role: "admin", locale: "vi", phoneVerified: true });
  db.$client.close();
}

/**
 * Runs the import command as a child (its launcher bundles it, then runs it in the same process); wall
 * time and peak RSS. `env` adds variables (e.g. the served provinces).
 */
export async function runCli(
  dbFile: string,
  file: string,
  dir: string,
  extraArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<{ seconds: number; peakRssMb: number; cpuSeconds: number; code: number | null; stdout: string }> {
  const rssFile = path.join(dir, `rss-${path.basename(file)}.txt`);
  const reporter = path.join(dir, "rss-report.mjs");
  fs.writeFileSync(
    reporter,
    `import fs from "node:fs";\nprocess.on("exit", () => { const u = process.resourceUsage(); fs.writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify(u)); });\n`,
  );
  const started = performance.now();
  // What `npm run import-households -- FILE --consent` runs (without npm's own start-up).
  const child = spawn(process.execPath, ["--import", reporter, "scripts/cli.mjs", "import-households", file, "--consent", ...extraArgs], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: dbFile, BENCH_RSS_FILE: rssFile, NODE_ENV: "production", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((res) => child.on("exit", (c) => res(c)));
  const seconds = (performance.now() - started) / 1000;
  // maxRSS is in KiB, CPU times in µs; CPU time (user + system) holds on a busy machine, wall time does not.
  const usage = fs.existsSync(rssFile) ? (JSON.parse(fs.readFileSync(rssFile, "utf8")) as NodeJS.ResourceUsage) : null;
  fs.rmSync(rssFile, { force: true });
  const peakRssMb = usage ? usage.maxRSS / 1024 : NaN;
  const cpuSeconds = usage ? (usage.userCPUTime + usage.systemCPUTime) / 1e6 : NaN;
  return { seconds, peakRssMb, cpuSeconds, code, stdout };
}
