/**
 * GET /api/prices — price observations as JSON (fields documented in docs/api-prices.md).
 * Bad parameters get a 400 with a message in the caller's language; answers carry an ETag of
 * their body and may be cached for five minutes.
 */
import crypto from "node:crypto";
import { i18nServer } from "~/i18n/i18n.server";
import { addDays, daysBetween, todayInVietnam } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { getCommodityBySlug, getMarketBySlug } from "./catalog.server";
import { COUNTED_OBSERVATIONS } from "./counted";
import { parseDate } from "./import.server";
import type { SpikeFlag } from "./alps";
import { marketDayStats } from "./market-day.server";
import { spikeFlags } from "./queries.server";
import type { PriceType } from "./observations.server";
import type { PriceUnit } from "./units";

const API_MAX_DAYS = 3_660;
const API_DEFAULT_DAYS = 30;
const API_MAX_LIMIT = 10_000;
const API_DEFAULT_LIMIT = 1_000;
const PARAMS = new Set(["commodity", "market", "from", "to", "type", "limit", "offset", "group"]);
const TYPES = new Set(["wholesale", "retail", "farm_gate"]);

interface ApiRow {
  date: string;
  commodity: string;
  commodityName: string;
  commodityNameEn: string;
  market: string;
  marketName: string;
  grade: string;
  priceType: string;
  unit: string;
  minVnd: number;
  maxVnd: number;
  avgVnd: number;
  source: string;
  isDemo: boolean;
  /** seasonal spike flag of this commodity, market and price type (alps.ts) */
  spike: { status: SpikeFlag["status"]; deviation: number | null; month: string | null };
}

class ApiParamError extends Error {
  constructor(
    public key: string,
    public params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

interface ApiQuery {
  commodityId: number | null;
  marketId: number | null;
  commodity: string | null;
  market: string | null;
  from: string;
  to: string;
  type: string | null;
  limit: number;
  offset: number;
  /** "market-day": one row per market and day (min, max, modal, count) instead of the observations */
  group: "market-day" | null;
}

/** Validates the query string; throws ApiParamError with a locale key. */
function parseApiQuery(db: Db, search: URLSearchParams, today = todayInVietnam()): ApiQuery {
  for (const key of search.keys()) if (!PARAMS.has(key)) throw new ApiParamError("api.errors.unknownParam", { param: key });
  const commodity = search.get("commodity")?.trim() || null;
  const market = search.get("market")?.trim() || null;
  const commodityRow = commodity ? getCommodityBySlug(db, commodity) : null;
  if (commodity && !commodityRow) throw new ApiParamError("api.errors.unknownCommodity", { value: commodity });
  const marketRow = market ? getMarketBySlug(db, market) : null;
  if (market && !marketRow) throw new ApiParamError("api.errors.unknownMarket", { value: market });
  const date = (param: "from" | "to") => {
    const raw = search.get(param);
    if (raw === null || raw === "") return null;
    const d = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? parseDate(raw) : null;
    if (!d) throw new ApiParamError("api.errors.badDate", { param, value: raw });
    return d;
  };
  const to = date("to") ?? today;
  const from = date("from") ?? addDays(to, -(API_DEFAULT_DAYS - 1));
  if (from > to) throw new ApiParamError("api.errors.fromAfterTo");
  if (daysBetween(from, to) + 1 > API_MAX_DAYS) throw new ApiParamError("api.errors.rangeTooLong", { max: API_MAX_DAYS });
  const type = search.get("type") || null;
  if (type && !TYPES.has(type)) throw new ApiParamError("api.errors.badParam", { param: "type", value: type });
  const int = (param: string, fallback: number, min: number, max: number) => {
    const raw = search.get(param);
    if (raw === null || raw === "") return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw new ApiParamError(param === "limit" ? "api.errors.badLimit" : "api.errors.badParam", { param, value: raw, max });
    }
    return Number(raw);
  };
  return {
    commodityId: commodityRow?.id ?? null,
    marketId: marketRow?.id ?? null,
    commodity,
    market,
    from,
    to,
    type,
    limit: int("limit", API_DEFAULT_LIMIT, 1, API_MAX_LIMIT),
    offset: int("offset", 0, 0, Number.MAX_SAFE_INTEGER),
    group: parseGroup(search.get("group"), commodityRow !== null),
  };
}

function parseGroup(raw: string | null, hasCommodity: boolean): ApiQuery["group"] {
  if (raw === null || raw === "") return null;
  if (raw !== "market-day") throw new ApiParamError("api.errors.badParam", { param: "group", value: raw });
  // Per market and day only makes sense for one commodity (and keeps the SQL on its index).
  if (!hasCommodity) throw new ApiParamError("api.errors.groupNeedsCommodity");
  return raw;
}

/** Per market and day for one commodity (market-day.server.ts), paged like the observations. */
function marketDayRows(db: Db, q: ApiQuery) {
  const stats = marketDayStats(db, {
    commodityId: q.commodityId!,
    from: q.from,
    to: q.to,
    marketIds: q.marketId ? [q.marketId] : null,
    priceType: (q.type as PriceType | null) ?? null,
    limit: q.offset + q.limit + 1,
  });
  return stats.slice(q.offset).map((s) => ({ ...s, commodity: q.commodity }));
}

function apiRows(db: Db, q: ApiQuery): ApiRow[] {
  const rows = db.$client
    .prepare(
      `SELECT o.commodity_id AS commodityId, o.market_id AS marketId, c.default_unit AS defaultUnit, o.date, c.slug AS commodity, c.name_vi AS commodityName, c.name_en AS commodityNameEn, m.slug AS market,
         m.name AS marketName, o.grade, o.price_type AS priceType, o.unit, o.min_vnd AS minVnd, o.max_vnd AS maxVnd,
         o.avg_vnd AS avgVnd, o.source, o.is_demo AS isDemo
       FROM ${COUNTED_OBSERVATIONS} o JOIN commodities c ON c.id = o.commodity_id JOIN markets m ON m.id = o.market_id
       WHERE o.date >= @from AND o.date <= @to
         AND (@commodity IS NULL OR o.commodity_id = @commodity)
         AND (@market IS NULL OR o.market_id = @market)
         AND (@type IS NULL OR o.price_type = @type)
       ORDER BY o.date, c.slug, m.slug, o.grade, o.source
       LIMIT @limit OFFSET @offset`,
    )
    .all({ from: q.from, to: q.to, commodity: q.commodityId, market: q.marketId, type: q.type, limit: q.limit + 1, offset: q.offset }) as Array<
    Omit<ApiRow, "isDemo" | "spike"> & { isDemo: number; commodityId: number; marketId: number; defaultUnit: PriceUnit }
  >;
  return rows.map(({ commodityId, marketId, defaultUnit, ...r }) => {
    const flag = spikeFlags(db, commodityId, defaultUnit, r.priceType as PriceType).get(marketId);
    return { ...r, isDemo: r.isDemo === 1, spike: { status: flag?.status ?? "insufficient", deviation: flag?.deviation ?? null, month: flag?.month ?? null } };
  });
}

const CACHE_CONTROL = "public, max-age=300";

function json(status: number, body: unknown, extra: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...extra },
  });
}

export async function pricesApiResponse(db: Db, request: Request): Promise<Response> {
  const url = new URL(request.url);
  let q: ApiQuery;
  try {
    q = parseApiQuery(db, url.searchParams);
  } catch (error) {
    if (!(error instanceof ApiParamError)) throw error;
    const t = (await i18nServer.getFixedT(request, "prices")) as unknown as (k: string, o?: Record<string, unknown>) => string;
    return json(400, { error: { code: error.key.replace("api.errors.", ""), message: t(error.key, error.params) } }, { "Cache-Control": "no-store" });
  }
  const rows: unknown[] = q.group === "market-day" ? marketDayRows(db, q) : apiRows(db, q);
  const more = rows.length > q.limit;
  const data = more ? rows.slice(0, q.limit) : rows;
  let next: string | null = null;
  if (more) {
    const nextUrl = new URL(url.pathname, url.origin);
    for (const [k, v] of url.searchParams) if (k !== "offset") nextUrl.searchParams.append(k, v);
    nextUrl.searchParams.set("offset", String(q.offset + q.limit));
    next = nextUrl.pathname + nextUrl.search;
  }
  const body = JSON.stringify({
    query: { commodity: q.commodity, market: q.market, from: q.from, to: q.to, type: q.type, limit: q.limit, offset: q.offset, group: q.group },
    count: data.length,
    next,
    data,
    attribution: {
      demo: "Rows with isDemo=true are generated demo data, not real prices.",
      wfp: "Rows with source=wfp: World Food Programme (WFP), via HDX, CC BY-IGO.",
    },
  });
  const etag = `"${crypto.createHash("sha1").update(body).digest("base64url")}"`;
  const headers = { ETag: etag, "Cache-Control": CACHE_CONTROL };
  const inm = request.headers.get("If-None-Match");
  if (inm && inm.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: 200, headers: { "Content-Type": "application/json; charset=utf-8", ...headers } });
}
