/**
 * Data for the price pages (board, commodity, market), shaped for the routes, and their CSV
 * downloads (?format=csv on the same URL, so every view with its filters can be downloaded).
 */
import { getCurrentCommune } from "~/addresses/lookup.server";
import { addDays, todayInVietnam } from "~/lib/clock";
import type { Locale } from "~/i18n/config";
import { toCsv } from "~/lib/csv";
import type { Db } from "~/lib/db.server";
import { CATEGORIES } from "../../db/schema";
import { getCommodityBySlug, getMarketBySlug, listMarkets } from "./catalog.server";
import { priceChart } from "./chart.server";
import { marketDayStats } from "./market-day.server";
import { parseDate } from "./import.server";
import type { PriceType } from "./observations.server";
import { confirmedOutlier } from "./entry.server";
import { commodityView, latestByMarket, marketDates, marketDay, marketIdsInCommune, priceBoardPage, RANGES, referenceSeries, spikeFlags, yearOnYear, type RangeDays } from "./queries.server";

const PRICE_TYPES: PriceType[] = ["wholesale", "retail", "farm_gate"];

interface BoardParams {
  category: string | null;
  market: string | null;
  commune: string | null;
  type: PriceType;
  page: number;
}

/** Cards per board page: a phone screen-full is about three; thirty keeps the page light. */
const BOARD_PAGE_SIZE = 30;

/** Filters from the query string; unknown values are ignored rather than refused (links get old). */
export function boardParams(search: URLSearchParams): BoardParams {
  const category = search.get("category");
  const type = search.get("type") as PriceType | null;
  return {
    category: category && (CATEGORIES as readonly string[]).includes(category) ? category : null,
    market: search.get("market") || null,
    commune: search.get("commune") && /^\d{5}$/.test(search.get("commune")!) ? search.get("commune") : null,
    type: type && PRICE_TYPES.includes(type) ? type : "wholesale",
    page: Math.max(1, Math.min(1000, Math.floor(Number(search.get("page"))) || 1)),
  };
}

export function boardData(db: Db, params: BoardParams, options: { paged?: boolean } = { paged: true }) {
  const markets = listMarkets(db);
  const market = params.market ? (markets.find((m) => m.slug === params.market) ?? null) : null;
  let marketIds: number[] | null = null;
  if (market) marketIds = [market.id];
  if (params.commune) {
    const inCommune = marketIdsInCommune(db, params.commune);
    marketIds = marketIds ? marketIds.filter((id) => inCommune.includes(id)) : inCommune;
  }
  const filters = { category: params.category, marketIds, priceType: params.type };
  const { rows, total } = options.paged
    ? priceBoardPage(db, filters, { offset: (params.page - 1) * BOARD_PAGE_SIZE, limit: BOARD_PAGE_SIZE })
    : priceBoardPage(db, filters);
  const communeCodes = [...new Set(markets.map((m) => m.communeCode).filter((c): c is string => c !== null))];
  const communes = communeCodes
    .map((code) => getCurrentCommune(db, code))
    .filter((c) => c !== null)
    .map((c) => ({ code: c.code, name: c.name }))
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
  const marketNames = new Map(markets.map((m) => [m.id, m.name]));
  return {
    rows: rows.map((r) => ({ ...r, spikeMarket: r.spike ? (marketNames.get(r.spike.marketId) ?? null) : null })),
    total,
    pages: Math.max(1, Math.ceil(total / BOARD_PAGE_SIZE)),
    filters: { ...params, market: market?.slug ?? null },
    markets: markets.map((m) => ({ slug: m.slug, name: m.name, kind: m.kind, isDemo: m.isDemo })),
    communes,
    categories: [...CATEGORIES],
    priceTypes: PRICE_TYPES,
  };
}

function parseRange(search: URLSearchParams): RangeDays {
  const raw = search.get("days");
  if (raw === "all") return "all";
  const days = Number(raw);
  return (RANGES as readonly unknown[]).includes(days) ? (days as RangeDays) : 90;
}

export function commodityData(db: Db, slug: string, search: URLSearchParams, locale: Locale) {
  const commodity = getCommodityBySlug(db, slug);
  if (!commodity) return null;
  const days = parseRange(search);
  const marketSlug = search.get("market");
  const market = marketSlug ? getMarketBySlug(db, marketSlug) : null;
  const type = boardParams(search).type;
  const view = commodityView(db, commodity, { days: days === "all" ? null : days, marketIds: market ? [market.id] : null, priceType: type });
  const yoy = view.latest ? yearOnYear(db, commodity, view.latest.date, { marketIds: market ? [market.id] : null, priceType: type }) : null;
  const chart = priceChart(view.series, { from: view.from, to: view.to }, locale);
  const reference = commodity.referenceSeries
    ? referenceSeries(db, commodity.referenceSeries, addDays(todayInVietnam(), -365 * 2).slice(0, 7)).slice(-12)
    : [];
  // Each market's newest day, as the per-market table found it: a handful of market-days, not the range.
  const newest = [...new Map(view.byMarket.map((r) => [r.marketId, { marketId: r.marketId, date: r.date }])).values()];
  const marketDays = newest.length ? marketDayStats(db, { commodityId: commodity.id, from: view.from, to: view.to, priceType: type, days: newest }) : [];
  const spikes = spikeFlags(db, commodity.id, commodity.defaultUnit, type);
  const allMarkets = latestByMarket(db, commodity.id, addDays(view.to, -364), null, type);
  return {
    commodity: {
      slug: commodity.slug,
      nameVi: commodity.nameVi,
      nameEn: commodity.nameEn,
      category: commodity.category,
      unit: commodity.defaultUnit,
      referenceSeries: commodity.referenceSeries,
    },
    days,
    type,
    market: market ? { slug: market.slug, name: market.name } : null,
    marketOptions: [...new Map(allMarkets.map((m) => [m.marketSlug, { slug: m.marketSlug, name: m.marketName }])).values()],
    series: view.series,
    latest: view.latest,
    yearOnYear: yoy,
    byMarket: view.byMarket.map((r) => ({
      ...r,
      spike: spikes.get(r.marketId) ?? null,
      // An officer's price saved only after confirming it was far from the median keeps its flag here.
      outlier: r.source === "officer" ? confirmedOutlier(db, { commodityId: commodity.id, date: r.date, priceType: type, marketIds: [r.marketId] }) : null,
    })),
    marketDays,
    from: view.from,
    to: view.to,
    chart,
    reference,
    hasDemo: view.series.some((p) => p.isDemo) || view.byMarket.some((r) => r.isDemo),
    hasWfp: view.byMarket.some((r) => r.source === "wfp"),
  };
}

export function marketData(db: Db, slug: string, search: URLSearchParams) {
  const market = getMarketBySlug(db, slug);
  if (!market) return null;
  const dates = marketDates(db, market.id, 400);
  const asked = search.get("date");
  const date = (asked && parseDate(asked)) || dates[0] || todayInVietnam();
  const commune = market.communeCode ? getCurrentCommune(db, market.communeCode) : null;
  const rows = marketDay(db, market.id, date);
  return {
    market: {
      slug: market.slug,
      name: market.name,
      kind: market.kind,
      isDemo: market.isDemo,
      provinceName: commune?.provinceName ?? market.provinceName,
      communeName: commune?.name ?? null,
    },
    date,
    asked: asked ?? null,
    dates: dates.slice(0, 14),
    minDate: dates.at(-1) ?? null,
    maxDate: dates[0] ?? null,
    rows,
    hasDemo: rows.some((r) => r.isDemo),
    hasWfp: rows.some((r) => r.source === "wfp"),
  };
}

export function marketCsv(data: NonNullable<ReturnType<typeof marketData>>): string {
  return toCsv(
    ["date", "market", "commodity", "name", "grade", "price_type", "unit", "min_vnd", "max_vnd", "avg_vnd", "source", "is_demo"],
    data.rows.map((r) => [data.date, data.market.slug, r.slug, r.nameVi, r.grade, r.priceType, r.unit, r.minVnd, r.maxVnd, r.avgVnd, r.source, r.isDemo]),
  );
}
