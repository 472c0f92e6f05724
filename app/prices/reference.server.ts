/**
 * The shipped reference data (db/data/reference/README.md): the commodity catalogue and the real
 * markets, loaded at every start and by `npm run db:migrate` whatever SEED_DEMO says, so real price
 * files (WFP, World Bank, officers' entries) find their commodity and market in a database without
 * the demo.
 *
 * Idempotent and respectful of admins: a slug already present (or kept as an alias by a merge) is
 * never inserted again and its names are never overwritten; only shipped aliases missing from it
 * are added, and a reference series or commune only where none is set.
 */
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { commodities, markets, MARKET_KINDS, PRICE_UNITS, type PriceUnit } from "../../db/schema";
import { CATEGORIES } from "../../db/schema/listings";
import { csvObjects } from "~/lib/csv";
import type { Db } from "~/lib/db.server";
import { cleanText, fold } from "~/lib/text";
import { invalidateMatchers } from "./catalog.server";

export const REFERENCE_DIR = path.resolve(process.cwd(), "db/data/reference");

export interface ReferenceCommodity {
  slug: string;
  nameVi: string;
  nameEn: string;
  category: string;
  defaultUnit: PriceUnit;
  /** folded; includes the names the WFP and World Bank files use */
  aliases: string[];
  referenceSeries: string | null;
}

export interface ReferenceMarket {
  slug: string;
  name: string;
  kind: (typeof MARKET_KINDS)[number];
  provinceCode: string | null;
  provinceName: string | null;
  communeCode: string | null;
}

const list = (cell: string | undefined) =>
  (cell ?? "")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);

function readCsv(dir: string, file: string): Record<string, string>[] {
  return csvObjects(fs.readFileSync(path.join(dir, file), "utf8"), { trim: true });
}

/** The catalogue as shipped; a malformed row stops the load with its slug (a packaging error). */
export function readReferenceCommodities(dir = REFERENCE_DIR): ReferenceCommodity[] {
  return readCsv(dir, "commodities.csv").map((r) => {
    if (!(CATEGORIES as readonly string[]).includes(r.category)) throw new Error(`commodities.csv ${r.slug}: unknown category ${r.category}`);
    const unit = r.default_unit || "kg";
    if (!(PRICE_UNITS as readonly string[]).includes(unit)) throw new Error(`commodities.csv ${r.slug}: unknown unit ${unit}`);
    // "wfp:Rice" → "rice": the name as the file spells it, folded like every other alias.
    const sourceNames = list(r.source_names).map((s) => s.replace(/^[a-z]+:/, ""));
    return {
      slug: r.slug,
      nameVi: cleanText(r.name_vi),
      nameEn: cleanText(r.name_en),
      category: r.category,
      defaultUnit: unit as PriceUnit,
      aliases: [...new Set([...list(r.aliases), ...sourceNames].map(fold).filter(Boolean))],
      referenceSeries: r.reference_series || null,
    };
  });
}

export function readReferenceMarkets(dir = REFERENCE_DIR): ReferenceMarket[] {
  return readCsv(dir, "markets.csv").map((r) => {
    if (!(MARKET_KINDS as readonly string[]).includes(r.kind)) throw new Error(`markets.csv ${r.slug}: unknown kind ${r.kind}`);
    return {
      slug: r.slug,
      name: cleanText(r.name),
      kind: r.kind as ReferenceMarket["kind"],
      provinceCode: r.province_code || null,
      provinceName: r.province_name || null,
      communeCode: r.commune_code || null,
    };
  });
}

export interface ReferenceLoad {
  commoditiesAdded: number;
  commoditiesUpdated: number;
  marketsAdded: number;
  marketsUpdated: number;
}

/** Loads the shipped catalogue and markets; a second run changes nothing. */
export function loadReferenceData(db: Db, dir = REFERENCE_DIR): ReferenceLoad {
  const result: ReferenceLoad = { commoditiesAdded: 0, commoditiesUpdated: 0, marketsAdded: 0, marketsUpdated: 0 };
  const shippedCommodities = readReferenceCommodities(dir);
  const shippedMarkets = readReferenceMarkets(dir);
  db.transaction((tx) => {
    const existing = tx.select().from(commodities).all();
    const bySlug = new Map(existing.map((c) => [c.slug, c]));
    // A merged-away slug lives on as an alias of the kept commodity (admin merge): not re-created.
    const mergedAway = new Set(existing.flatMap((c) => c.aliases));
    for (const c of shippedCommodities) {
      const row = bySlug.get(c.slug);
      if (!row) {
        if (mergedAway.has(c.slug)) continue;
        tx.insert(commodities).values(c).run();
        result.commoditiesAdded++;
        continue;
      }
      const aliases = [...new Set([...row.aliases, ...c.aliases])];
      const referenceSeries = row.referenceSeries ?? c.referenceSeries;
      if (aliases.length === row.aliases.length && referenceSeries === row.referenceSeries) continue;
      tx.update(commodities).set({ aliases, referenceSeries }).where(eq(commodities.id, row.id)).run();
      result.commoditiesUpdated++;
    }

    const marketRows = tx.select().from(markets).all();
    const marketBySlug = new Map(marketRows.map((m) => [m.slug, m]));
    const marketAliases = new Set(marketRows.flatMap((m) => m.aliases ?? []));
    for (const m of shippedMarkets) {
      const row = marketBySlug.get(m.slug);
      if (!row) {
        if (marketAliases.has(m.slug)) continue;
        tx.insert(markets).values({ ...m, isDemo: false }).run();
        result.marketsAdded++;
        continue;
      }
      // Fill what is missing; what an admin set stays.
      const fill = {
        provinceCode: row.provinceCode ?? m.provinceCode,
        provinceName: row.provinceName ?? m.provinceName,
        communeCode: row.communeCode ?? m.communeCode,
      };
      if (fill.provinceCode === row.provinceCode && fill.provinceName === row.provinceName && fill.communeCode === row.communeCode) continue;
      tx.update(markets).set(fill).where(eq(markets.id, row.id)).run();
      result.marketsUpdated++;
    }
  });
  if (result.commoditiesAdded + result.commoditiesUpdated + result.marketsAdded + result.marketsUpdated > 0) invalidateMatchers(db);
  return result;
}
