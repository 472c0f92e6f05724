/**
 * `npm run bench:search-quality`: how well and how fast catalog search answers what buyers type.
 *  1. Quality: the demo catalogue (the real demo seed, in a temporary database) searched with every query of
 *     bench/search-queries.json through the public searchUncached(); nDCG@10 against the hand-written
 *     grades, and the share of answerable queries whose first page is empty. Prints a table per kind of
 *     query and the ten worst queries.
 *  2. Speed: the 100,000-listing catalogue of bench:catalog (bench/catalog-data.ts), the same queries timed
 *     warm, several rounds each; beside them, as the reference measured in the same run, a bare FTS5 MATCH
 *     of one word on the same database.
 * Ends with one JSON line. Options: --listings=N (default 100000), --rounds=N (default 10), --only=quality|speed, --all (print every query).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureAdminUnits } from "~/addresses/load.server";
import { searchUncached } from "~/catalog/search.server";
import { migrateDatabase, openDatabase, type Db } from "~/lib/db.server";
import { fold } from "~/lib/text";
import { DEMO_FARMS, DEMO_PRODUCTS } from "../db/seed/catalog-data";
import { seedDemoData } from "../db/seed/index";
import { buildBenchCatalog } from "./catalog-data";
import { gradeListing, ndcgAt, parseLabelledSet, summarise, type LabelledSet, type ListingFacts, type QueryOutcome } from "./search-labels";
import { benchArgs, percentile, round } from "./support";

const { arg, has, wants } = benchArgs();
const LISTINGS = Number(arg("listings") ?? 100_000);
const ROUNDS = Number(arg("rounds") ?? 10);
const K = 10;
const HOME = process.env.HOME_PROVINCE_CODE ?? "82";
const QUERIES_FILE = path.resolve("bench/search-queries.json");

const log = (...parts: unknown[]) => console.log(...parts);

function tempDatabase(dir: string, name: string): Db {
  const db = openDatabase(path.join(dir, name));
  migrateDatabase(db);
  ensureAdminUnits(db);
  return db;
}

/** What the grading rules may look at, for every listing a buyer can see. */
function listingFacts(db: Db): ListingFacts[] {
  const productByTitle = new Map(DEMO_PRODUCTS.flatMap((p) => p.titles.map((t) => [t, p.key] as const)));
  const farmByName = new Map(DEMO_FARMS.map((f) => [f.displayName, f.key]));
  const rows = db.$client
    .prepare(
      `SELECT l.id, l.title, l.category, h.display_name AS farmName FROM listings l JOIN households h ON h.id = l.household_id
       WHERE l.status = 'published' AND h.status = 'verified'`,
    )
    .all() as Array<{ id: number; title: string; category: string; farmName: string }>;
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    category: r.category,
    product: productByTitle.get(r.title) ?? null,
    farm: farmByName.get(r.farmName) ?? null,
  }));
}

interface Judged extends QueryOutcome {
  top: Array<{ title: string; grade: number }>;
  wanted: string;
  error?: string;
}

async function benchQuality(dir: string, set: LabelledSet): Promise<Judged[]> {
  const db = tempDatabase(dir, "demo.db");
  try {
    const started = performance.now();
    await seedDemoData(db);
    const facts = listingFacts(db);
    const byId = new Map(facts.map((f) => [f.id, f]));
    log(`demo catalogue: ${facts.length} visible listings, seeded in ${Math.round(performance.now() - started)} ms`);
    return set.queries.map((query) => {
      const grades = facts.map((f) => gradeListing(f, query, set));
      const bestGrade = Math.max(0, ...grades);
      const best = facts[grades.indexOf(bestGrade)];
      let ids: number[] = [];
      let error: string | undefined;
      try {
        ids = searchUncached(db, { q: query.q }).items.map((item) => item.id);
      } catch (e) {
        // A crash is scored as an empty page and named in the worst-queries list.
        error = e instanceof Error ? e.message : String(e);
      }
      const page = ids.slice(0, K).map((id) => {
        const f = byId.get(id);
        return { title: f?.title ?? `#${id}`, grade: f ? gradeListing(f, query, set) : 0 };
      });
      return {
        q: query.q,
        kind: query.kind,
        ndcg: ndcgAt(page.map((p) => p.grade), grades, K),
        results: ids.length,
        bestGrade,
        top: page,
        wanted: bestGrade > 0 && best ? best.title : "(an empty page)",
        error,
      };
    });
  } finally {
    db.$client.close();
  }
}

function printQuality(judged: Judged[]) {
  const summary = summarise(judged);
  log("");
  log(`${"kind".padEnd(18)} queries  nDCG@10  zero-result pages`);
  for (const [kind, s] of [...summary.byKind].sort((a, b) => a[1].ndcg - b[1].ndcg)) {
    log(`${kind.padEnd(18)} ${String(s.queries).padStart(7)}  ${s.ndcg.toFixed(3).padStart(7)}  ${String(s.zero).padStart(6)}`);
  }
  const shown = has("all") ? judged : [...judged].sort((a, b) => a.ndcg - b.ndcg).slice(0, 10);
  log("");
  log(has("all") ? "every query:" : "worst 10 queries:");
  for (const j of shown) {
    const top = j.top.slice(0, 3).map((t) => `${t.title} [${t.grade}]`).join("; ") || "—";
    log(`  ${j.ndcg.toFixed(3)}  "${j.q}" (${j.kind}) ${j.results} results${j.error ? `, ERROR ${j.error}` : ""}`);
    log(`         got: ${top}`);
    log(`      wanted: ${j.wanted}`);
  }
  log("");
  return summary;
}

/** The bare reference: the FTS5 table the catalog indexes into, matched with one folded word. */
function bareMatch(db: Db, queries: string[]): number[] {
  const table = (
    db.$client.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%' ORDER BY name = 'listings_fts' DESC, name`).get() as
      | { name: string }
      | undefined
  )?.name;
  if (!table) throw new Error("no FTS5 table in the database");
  const stmt = db.$client.prepare(`SELECT rowid FROM "${table}" WHERE "${table}" MATCH ? LIMIT 20`);
  const words = queries.map((q) => fold(q).split(/[^\p{L}\p{N}]+/u).find(Boolean) ?? "a").map((w) => `"${w}"`);
  for (const w of words) stmt.all(w);
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const w of words) {
      const t = performance.now();
      stmt.all(w);
      times.push(performance.now() - t);
    }
  }
  return times;
}

function benchSpeed(dir: string, queries: string[]) {
  const db = tempDatabase(dir, "catalog.db");
  try {
    const built = buildBenchCatalog(db, { households: Math.max(1, Math.round(LISTINGS / 2)), listings: LISTINGS, provinceCode: HOME });
    log(`bench catalogue: ${built.listings} listings, ${built.indexed} indexed; insert ${built.buildMs} ms, index ${built.indexMs} ms`);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    db.$client.exec("ANALYZE");
    // Warm-up: prepared statements, page cache, place names.
    for (const q of queries) searchUncached(db, { q });
    const times: number[] = [];
    const perQuery: Array<{ q: string; p95: number }> = [];
    for (const q of queries) {
      const own: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const t = performance.now();
        searchUncached(db, { q });
        own.push(performance.now() - t);
      }
      times.push(...own);
      perQuery.push({ q, p95: percentile(own, 95) });
    }
    const bare = bareMatch(db, queries);
    const slowest = [...perQuery].sort((a, b) => b.p95 - a.p95).slice(0, 5);
    log(`search: ${queries.length} queries × ${ROUNDS} on ${LISTINGS} listings, p50 ${round(percentile(times, 50))} ms, p95 ${round(percentile(times, 95))} ms, max ${round(Math.max(...times))} ms`);
    log(`  slowest: ${slowest.map((s) => `"${s.q}" ${round(s.p95)} ms`).join("; ")}`);
    log(`bare FTS5 MATCH of one word: p50 ${round(percentile(bare, 50), 3)} ms, p95 ${round(percentile(bare, 95), 3)} ms`);
    return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), bareP95: round(percentile(bare, 95), 3) };
  } finally {
    db.$client.close();
  }
}

async function main() {
  log(`bench:search-quality — nproc ${os.availableParallelism()}, node ${process.version}`);
  const set = parseLabelledSet(JSON.parse(fs.readFileSync(QUERIES_FILE, "utf8")));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-bench-search-"));
  // The demo seed writes photos and reads the environment: keep both inside the temporary directory.
  process.env.DATABASE_PATH = path.join(dir, "demo.db");
  process.env.UPLOADS_DIR = path.join(dir, "uploads");
  const figures = {
    queries: set.queries.length,
    ndcg_at_10: null as number | null,
    zero_result_rate: null as number | null,
    p95_ms: null as number | null,
    bare_p95_ms: null as number | null,
    p50_ms: null as number | null,
    listings: LISTINGS,
  };
  try {
    if (wants("quality")) {
      const summary = printQuality(await benchQuality(dir, set));
      figures.ndcg_at_10 = round(summary.ndcg, 4);
      figures.zero_result_rate = round(summary.zeroResultRate, 4);
      log(`nDCG@10 ${figures.ndcg_at_10} (goal ≥ 0.9), zero-result rate ${figures.zero_result_rate} (goal 0)`);
    }
    if (wants("speed")) {
      const s = benchSpeed(dir, set.queries.map((q) => q.q));
      figures.p95_ms = s.p95;
      figures.bare_p95_ms = s.bareP95;
      figures.p50_ms = s.p50;
      log(`p95 ${s.p95} ms (goal ≤ 10), ${s.bareP95 > 0 ? round(s.p95 / s.bareP95, 1) : "—"}× the bare MATCH`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  log(`nproc ${os.availableParallelism()}`);
  console.log(JSON.stringify({ bench: "search-quality", ...figures }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
