/**
 * GET /api/prices — price observations as JSON (fields documented in docs/api-prices.md).
 * Bad parameters get a 400 with a message in the caller's language; answers carry an ETag of
 * their body and may be cached for five minutes. Public data: any origin may read it (CORS, no
 * credentials); each client address gets RATE_POLICY requests per window (decision 0027).
 */
import crypto from "node:crypto";
import { hitRate } from "~/accounts/rate-limit.server";
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

export const API_MAX_DAYS = 3_660;
export const API_DEFAULT_DAYS = 30;
/** The largest page; a larger limit is refused with a 400 (badLimit), never silently clamped. */
export const API_MAX_LIMIT = 10_000;
export const API_DEFAULT_LIMIT = 1_000;
export const API_PARAMS = [
  "commodity",
  "market",
  "from",
  "to",
  "type",
  "limit",
  "offset",
  "group",
] as const;
export const API_TYPES = ["wholesale", "retail", "farm_gate"] as const;
const PARAMS = new Set<string>(API_PARAMS);
const TYPES = new Set<string>(API_TYPES);
/** The licence wording WFP's data requires wherever it is passed on (CC BY-IGO). */
export const WFP_ATTRIBUTION = "World Food Programme (WFP), via HDX, CC BY-IGO";

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
    public params: Record<string, string | number> = {}
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
function parseApiQuery(
  db: Db,
  search: URLSearchParams,
  today = todayInVietnam()
): ApiQuery {
  for (const key of search.keys())
    if (!PARAMS.has(key))
      throw new ApiParamError("api.errors.unknownParam", { param: key });
  const commodity = search.get("commodity")?.trim() || null;
  const market = search.get("market")?.trim() || null;
  const commodityRow = commodity ? getCommodityBySlug(db, commodity) : null;
  if (commodity && !commodityRow)
    throw new ApiParamError("api.errors.unknownCommodity", {
      value: commodity,
    });
  const marketRow = market ? getMarketBySlug(db, market) : null;
  if (market && !marketRow)
    throw new ApiParamError("api.errors.unknownMarket", { value: market });
  const date = (param: "from" | "to") => {
    const raw = search.get(param);
    if (raw === null || raw === "") return null;
    const d = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? parseDate(raw) : null;
    if (!d)
      throw new ApiParamError("api.errors.badDate", { param, value: raw });
    return d;
  };
  const to = date("to") ?? today;
  const from = date("from") ?? addDays(to, -(API_DEFAULT_DAYS - 1));
  if (from > to) throw new ApiParamError("api.errors.fromAfterTo");
  if (daysBetween(from, to) + 1 > API_MAX_DAYS)
    throw new ApiParamError("api.errors.rangeTooLong", { max: API_MAX_DAYS });
  const type = search.get("type") || null;
  if (type && !TYPES.has(type))
    throw new ApiParamError("api.errors.badParam", {
      param: "type",
      value: type,
    });
  const int = (param: string, fallback: number, min: number, max: number) => {
    const raw = search.get(param);
    if (raw === null || raw === "") return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw new ApiParamError(
        param === "limit" ? "api.errors.badLimit" : "api.errors.badParam",
        { param, value: raw, max }
      );
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

function parseGroup(
  raw: string | null,
  hasCommodity: boolean
): ApiQuery["group"] {
  if (raw === null || raw === "") return null;
  if (raw !== "market-day")
    throw new ApiParamError("api.errors.badParam", {
      param: "group",
      value: raw,
    });
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
       LIMIT @limit OFFSET @offset`
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

/** Public data: any site may read it from a browser; no cookies are ever needed or accepted. */
export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers":
    "ETag, RateLimit, RateLimit-Policy, Retry-After",
};

/** The answer to a CORS preflight (OPTIONS): only GET and HEAD, with the one conditional header. */
export function preflightResponse(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
      "Access-Control-Allow-Headers": "If-None-Match",
      "Access-Control-Max-Age": "86400",
    },
  });
}

/** Anything but GET, HEAD and OPTIONS: the API is read-only. */
export function methodNotAllowed(): Response {
  return new Response(null, {
    status: 405,
    headers: { ...CORS_HEADERS, Allow: "GET, HEAD, OPTIONS" },
  });
}

/** Requests per client address per window (IETF draft-ietf-httpapi-ratelimit-headers, "default" policy). */
export const RATE_POLICY = { quota: 60, windowSeconds: 60 };

/**
 * A fixed window per client address, counted in the database's rate_limits table by the app's one
 * limiter (accounts/rate-limit.server.ts): every web process sees the same count (decision 0038).
 * It costs one upsert per API request; decision 0027 kept it in memory while the app ran as one process.
 */
export class ApiRateLimiter {
  constructor(readonly policy = RATE_POLICY) {}

  /** Counts one request; remaining is what is left in the window, resetSeconds when it ends. */
  hit(db: Db, client: string, now = Date.now()): { allowed: boolean; remaining: number; resetSeconds: number } {
    const status = hitRate(db, `api:${client}`, { limit: this.policy.quota, windowMs: this.policy.windowSeconds * 1000 }, now);
    return {
      allowed: status.allowed,
      remaining: Math.max(0, this.policy.quota - status.count),
      resetSeconds: Math.max(1, Math.ceil((status.windowEndsAt - now) / 1000)),
    };
  }
}

const limiter = new ApiRateLimiter();

type Translate = (k: string, o?: Record<string, unknown>) => string;

function json(
  status: number,
  body: unknown,
  extra: Record<string, string> = {}
) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...extra },
  });
}

/**
 * GET /api/prices. With a client (the route passes the address), the request counts against that
 * client's rate limit and every answer carries the RateLimit headers; callers inside the app name none.
 */
export async function pricesApiResponse(
  db: Db,
  request: Request,
  options: { client?: string; rateLimiter?: ApiRateLimiter } = {}
): Promise<Response> {
  const rateLimiter = options.rateLimiter ?? limiter;
  const rate =
    options.client === undefined ? null : rateLimiter.hit(db, options.client);
  const headers: Record<string, string> = { ...CORS_HEADERS };
  if (rate) {
    headers[
      "RateLimit-Policy"
    ] = `"default";q=${rateLimiter.policy.quota};w=${rateLimiter.policy.windowSeconds}`;
    headers.RateLimit = `"default";r=${rate.remaining};t=${rate.resetSeconds}`;
  }
  const t = async () =>
    (await i18nServer.getFixedT(request, "prices")) as unknown as Translate;
  if (rate && !rate.allowed) {
    const message = (await t())("api.errors.tooManyRequests", {
      count: rate.resetSeconds,
    });
    return json(
      429,
      { error: { code: "tooManyRequests", message } },
      {
        ...headers,
        "Retry-After": String(rate.resetSeconds),
        "Cache-Control": "no-store",
      }
    );
  }
  const url = new URL(request.url);
  let q: ApiQuery;
  try {
    q = parseApiQuery(db, url.searchParams);
  } catch (error) {
    if (!(error instanceof ApiParamError)) throw error;
    const message = (await t())(error.key, error.params);
    return json(
      400,
      { error: { code: error.key.replace("api.errors.", ""), message } },
      { ...headers, "Cache-Control": "no-store" }
    );
  }
  const rows: unknown[] =
    q.group === "market-day" ? marketDayRows(db, q) : apiRows(db, q);
  const more = rows.length > q.limit;
  const data = more ? rows.slice(0, q.limit) : rows;
  let next: string | null = null;
  if (more) {
    const nextUrl = new URL(url.pathname, url.origin);
    for (const [k, v] of url.searchParams)
      if (k !== "offset") nextUrl.searchParams.append(k, v);
    nextUrl.searchParams.set("offset", String(q.offset + q.limit));
    next = nextUrl.pathname + nextUrl.search;
  }
  const body = JSON.stringify({
    query: {
      commodity: q.commodity,
      market: q.market,
      from: q.from,
      to: q.to,
      type: q.type,
      limit: q.limit,
      offset: q.offset,
      group: q.group,
    },
    maxLimit: API_MAX_LIMIT,
    count: data.length,
    next,
    data,
    attribution: {
      demo: "Rows with isDemo=true are generated demo data, not real prices.",
      wfp: `Rows with source=wfp: ${WFP_ATTRIBUTION}.`,
    },
  });
  const etag = `"${crypto
    .createHash("sha1")
    .update(body)
    .digest("base64url")}"`;
  Object.assign(headers, { ETag: etag, "Cache-Control": CACHE_CONTROL });
  const inm = request.headers.get("If-None-Match");
  if (
    inm &&
    inm.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)
  ) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(body, {
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}

// ---------------------------------------------------------------------------------------------
// Source and market in the CSV downloads (WFP's licence requires attribution wherever its data goes).

export interface DaySources {
  /** market slugs, "; "-separated */
  markets: string;
  /** sources (wfp, officer, demo …), "; "-separated */
  sources: string;
}

/**
 * Which markets and sources stand behind one commodity's daily figures: the counted observations
 * under the pages' own filters (market, commune, price type), keyed by date.
 */
export function sourcesByDay(
  db: Db,
  f: {
    commodity: string;
    from: string;
    to: string;
    market: string | null;
    commune?: string | null;
    type: string;
  }
): Map<string, DaySources> {
  const rows = db.$client
    .prepare(
      `SELECT o.date, group_concat(DISTINCT m.slug) AS markets, group_concat(DISTINCT o.source) AS sources
       FROM ${COUNTED_OBSERVATIONS} o JOIN markets m ON m.id = o.market_id
       WHERE o.commodity_id = (SELECT id FROM commodities WHERE slug = @commodity)
         AND o.date >= @from AND o.date <= @to AND o.price_type = @type
         AND (@market IS NULL OR m.slug = @market) AND (@commune IS NULL OR m.commune_code = @commune)
       GROUP BY o.date`
    )
    .all({ ...f, commune: f.commune ?? null }) as Array<{
    date: string;
    markets: string;
    sources: string;
  }>;
  const list = (text: string) => text.split(",").sort().join("; ");
  return new Map(
    rows.map((r) => [
      r.date,
      { markets: list(r.markets), sources: list(r.sources) },
    ])
  );
}

/** The attribution line a download ends with when any of its rows comes from WFP. */
export function attributionLines(sources: Iterable<string>): string[][] {
  for (const s of sources)
    if (s.split("; ").includes("wfp")) return [[`wfp: ${WFP_ATTRIBUTION}`]];
  return [];
}
