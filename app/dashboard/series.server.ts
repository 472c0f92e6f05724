import type { Actor } from "~/accounts/access";
import { now as clockNow, VIETNAM_UTC_OFFSET_MS } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { SERIES_STAGES, type SeriesStage } from "./figures";
import { SALE_AT, SALE_STATUSES } from "./sales.server";
import { ACTIVE, fromWithHouseholds, localDaySql, scopeFor, type OnboardingOptions, type Scope } from "./scope.server";

/**
 * The onboarding dashboard over time: households of the cohort reaching each stage per week or month
 * (and cumulative), listings published and products, in Vietnam's time (figures: onboarding.server.ts).
 */

export type Period = "month" | "week";

export { SERIES_STAGES, type SeriesStage };
export type StageCounts = Record<SeriesStage, number>;

export interface SeriesPoint extends StageCounts {
  /** first day of the week (Monday) or month, yyyy-mm-dd, in Vietnam's time */
  start: string;
  /** households that reached each stage during the bucket (the fields above are cumulative at its end) */
  added: StageCounts;
  /** listings first published during the bucket */
  listingsPublished: number;
  /** distinct products among them: the reference commodity a listing names, else its category */
  productsListed: number;
}

/** Vietnam has no daylight saving: local time is always UTC+7. */

const DAY_MS = 86_400_000;

/** The bucket (first day, yyyy-mm-dd) of a local day number. */
function bucketOfDay(day: number, period: Period): string {
  // 1970-01-01 was a Thursday: (day + 3) % 7 is the number of days since Monday.
  const start = period === "week" ? day - ((((day + 3) % 7) + 7) % 7) : day;
  const iso = new Date(start * DAY_MS).toISOString();
  return period === "month" ? `${iso.slice(0, 7)}-01` : iso.slice(0, 10);
}

/** The bucket of an instant, in Vietnam's time. */
export function bucketOf(instant: Date, period: Period): string {
  return bucketOfDay(Math.floor((instant.getTime() + VIETNAM_UTC_OFFSET_MS) / DAY_MS), period);
}

function nextBucket(start: string, period: Period): string {
  const [y, m, d] = start.split("-").map(Number);
  const next = period === "month" ? new Date(Date.UTC(y, m, 1)) : new Date(Date.UTC(y, m - 1, d + 7));
  return next.toISOString().slice(0, 10);
}

/** At most this many points; a longer span is cut at its start (the latest points matter most). */
const MAX_POINTS = 520;

/** SQLite expression: when a listing l was first published; a published listing older than published_at counts from its creation. */
const PUBLISHED_AT = "COALESCE(l.published_at, CASE WHEN l.status = 'published' THEN l.created_at END)";

type DayRow = { k: "r" | "a" | "v" | "l" | "s" | "ha" | "hv" | "sa" | "sv"; d: number | null; n: number };

const STAGE_OF: Partial<Record<DayRow["k"], SeriesStage>> = { r: "registered", a: "activated", v: "verified", l: "listed", s: "sold" };

const zeroStages = (): StageCounts => ({ registered: 0, activated: 0, verified: 0, listed: 0, sold: 0 });

/**
 * The series of the cohort per week or month, from the bucket of `from` (else of the first event)
 * to the bucket of `now`: households reaching each stage (per bucket and cumulative), listings
 * published and distinct products among them.
 *
 * - registered: households.created_at.
 * - activated / verified: the first household_events row to or from the stage; a household whose
 *   history does not record reaching its current stage (a row older than the history) reached it
 *   when it was registered. For every history the app writes, the last point equals
 *   onboardingFigures' totals.
 * - listed: the first publication of any of its listings (listings.published_at, kept when a
 *   listing is later paused or archived), so the last point counts households that ever listed,
 *   not only those listing now.
 * - sold: its first sale (sales.server.ts: an order reaching delivered or completed).
 * - listings published: listings whose first publication falls in the bucket; products: distinct
 *   reference commodities among them, a listing without one counted by its category.
 */
export function onboardingSeries(
  db: Db,
  actor: Actor,
  options: OnboardingOptions & { period: Period; now?: Date },
): SeriesPoint[] {
  const scope = scopeFor(db, actor, options);
  if (scope.communes !== null && scope.communes.length === 0) return [];
  const { period } = options;
  const { rows, published } = scope.counted ? countedDays(db, scope) : scannedDays(db, scope);

  interface Step {
    added: StageCounts;
    listingsPublished: number;
    products: Set<string>;
  }
  const steps = new Map<string, Step>();
  // Assigned inside stepOf: typed by assertion so narrowing does not pin them to null.
  let firstData = null as string | null;
  let lastData = null as string | null;
  const stepOf = (day: number): Step => {
    const b = bucketOfDay(day, period);
    let step = steps.get(b);
    if (!step) steps.set(b, (step = { added: zeroStages(), listingsPublished: 0, products: new Set() }));
    if (firstData === null || b < firstData) firstData = b;
    if (lastData === null || b > lastData) lastData = b;
    return step;
  };
  for (const row of rows) {
    const stage = STAGE_OF[row.k];
    if (row.d === null || !stage) continue;
    stepOf(row.d).added[stage] += row.n;
  }
  for (const row of published) {
    const step = stepOf(row.d);
    step.listingsPublished += row.n;
    step.products.add(row.product);
  }
  if (firstData === null && !options.from) return [];
  const fromBucket = options.from ? bucketOf(options.from, period) : null;
  // Stages follow registration, itself at or after `from`; the min only guards odd data (a listing
  // dated before its household).
  const first = fromBucket !== null && (firstData === null || fromBucket < firstData) ? fromBucket : firstData!;
  const nowBucket = bucketOf(options.now ?? clockNow(), period);
  const last = lastData !== null && lastData > nowBucket ? lastData : nowBucket;
  const points: SeriesPoint[] = [];
  const totals = zeroStages();
  for (let b = first; b <= last; b = nextBucket(b, period)) {
    const step = steps.get(b);
    const added = step?.added ?? zeroStages();
    for (const stage of SERIES_STAGES) totals[stage] += added[stage];
    points.push({
      start: b,
      ...totals,
      added,
      listingsPublished: step?.listingsPublished ?? 0,
      productsListed: step?.products.size ?? 0,
    });
  }
  return points.length > MAX_POINTS ? points.slice(points.length - MAX_POINTS) : points;
}

interface Days {
  /** households reaching each stage per local day */
  rows: DayRow[];
  /** listings first published per local day and product */
  published: Array<{ d: number; product: string; n: number }>;
}

/**
 * The days, from the counters (migration 0018, decision 0044) — a whole province's own rows, else its communes' —:
 * registrations from onboarding_cohorts, the other stages from onboarding_days, products from onboarding_products.
 */
function countedDays(db: Db, scope: Scope): Days {
  const sqlite = db.$client;
  const rows = sqlite
    .prepare(
      `SELECT 'r' AS k, c.reg_day AS d, SUM(c.registered) AS n FROM onboarding_cohorts c WHERE ${scope.registrationsWhere} GROUP BY 2
       UNION ALL
       SELECT CASE c.stage WHEN 'activated' THEN 'a' WHEN 'verified' THEN 'v' WHEN 'listed' THEN 'l' ELSE 's' END, c.day, SUM(c.households)
       FROM onboarding_days c WHERE ${scope.rollupWhere} GROUP BY c.stage, c.day`,
    )
    .all(scope.countersParams) as DayRow[];
  const published = sqlite
    .prepare(
      `SELECT c.day AS d, c.product, SUM(c.listings) AS n FROM onboarding_products c WHERE ${scope.rollupWhere}
       GROUP BY c.day, c.product HAVING SUM(c.listings) > 0`,
    )
    .all(scope.countersParams) as Days["published"];
  return { rows: rows.filter((r) => r.n !== 0), published };
}

/**
 * The days read from the rows themselves, for a cohort whose bounds are not Vietnam midnights (the counters are
 * keyed by day; the page never asks for one). SQL counts per local day (a few hundred rows). One pass over
 * the events in household order gives each household's first activation and verification (with
 * the household looked up by rowid for the scope); the household rows are read in table order.
 */
function scannedDays(db: Db, scope: Scope): Days {
  const sqlite = db.$client;
  const rows = sqlite
    .prepare(
      `WITH ev AS MATERIALIZED (
         SELECT MIN(CASE WHEN e.to_status IN ${ACTIVE} OR e.from_status IN ${ACTIVE} THEN e.created_at END) AS ta,
                MIN(CASE WHEN e.to_status = 'verified' OR e.from_status = 'verified' THEN e.created_at END) AS tv,
                h.status AS st
         ${fromWithHouseholds(scope, "household_events e", "e.household_id")}
         WHERE (e.to_status IN ${ACTIVE} OR e.from_status IN ${ACTIVE}) AND ${scope.where}
         GROUP BY e.household_id
       )
       SELECT 'r' AS k, ${localDaySql("h.created_at")} AS d, COUNT(*) AS n FROM households h ${scope.small ? "" : "NOT INDEXED"} WHERE ${scope.where} GROUP BY d
       UNION ALL SELECT 'a', ${localDaySql("ta")}, COUNT(*) FROM ev GROUP BY 2
       UNION ALL SELECT 'v', ${localDaySql("tv")}, COUNT(*) FROM ev WHERE tv IS NOT NULL GROUP BY 2
       UNION ALL SELECT 'ha', NULL, COUNT(*) FROM ev WHERE st IN ${ACTIVE}
       UNION ALL SELECT 'hv', NULL, COUNT(*) FROM ev WHERE st = 'verified' AND tv IS NOT NULL
       UNION ALL SELECT 'sa', NULL, COUNT(*) FROM households h WHERE h.status IN ${ACTIVE} AND ${scope.where}
       UNION ALL SELECT 'sv', NULL, COUNT(*) FROM households h WHERE h.status = 'verified' AND ${scope.where}`,
    )
    .all(scope.params) as DayRow[];
  const count = (k: string) => rows.find((r) => r.k === k)?.n ?? 0;
  // A household whose history does not record reaching its current stage (rows older than the
  // history) reached it at registration. Only looked for when the counts say such rows exist.
  const unrecorded = (k: "a" | "v", stages: string) =>
    sqlite
      .prepare(
        `SELECT '${k}' AS k, ${localDaySql("h.created_at")} AS d, COUNT(*) AS n FROM households h
         WHERE h.status IN ${stages} AND ${scope.where}
           AND NOT EXISTS (SELECT 1 FROM household_events e WHERE e.household_id = h.id
                           AND (e.to_status IN ${stages} OR e.from_status IN ${stages}))
         GROUP BY d`,
      )
      .all(scope.params) as DayRow[];
  if (count("sa") > count("ha")) rows.push(...unrecorded("a", ACTIVE));
  if (count("sv") > count("hv")) rows.push(...unrecorded("v", "('verified')"));
  // Listings and orders are read from their side (far fewer rows than households), each household
  // looked up by rowid for the scope.
  rows.push(
    ...(sqlite
      .prepare(
        `SELECT 'l' AS k, ${localDaySql("t")} AS d, COUNT(*) AS n FROM (
           SELECT MIN(${PUBLISHED_AT}) AS t ${fromWithHouseholds(scope, "listings l", "l.household_id")}
           WHERE (l.published_at IS NOT NULL OR l.status = 'published') AND ${scope.where}
           GROUP BY l.household_id)
         GROUP BY d
         UNION ALL
         SELECT 's', ${localDaySql("t")}, COUNT(*) FROM (
           SELECT MIN(${SALE_AT}) AS t ${fromWithHouseholds(scope, "orders o", "o.household_id")}
           WHERE o.status IN ${SALE_STATUSES} AND ${scope.where}
           GROUP BY o.household_id)
         GROUP BY 2`,
      )
      .all(scope.params) as DayRow[]),
  );
  const published = sqlite
    .prepare(
      `SELECT ${localDaySql(PUBLISHED_AT)} AS d, COALESCE('m' || l.commodity_id, 'c' || l.category) AS product, COUNT(*) AS n
       ${fromWithHouseholds(scope, "listings l", "l.household_id")}
       WHERE (l.published_at IS NOT NULL OR l.status = 'published') AND ${scope.where}
       GROUP BY d, product`,
    )
    .all(scope.params) as Array<{ d: number; product: string; n: number }>;

  return { rows, published };
}
