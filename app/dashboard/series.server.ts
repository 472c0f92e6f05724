import type { Actor } from "~/accounts/access";
import { VIETNAM_UTC_OFFSET_MS } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { ACTIVE, scopeFor, type OnboardingOptions } from "./scope.server";

/**
 * The onboarding dashboard over time: cumulative registered / activated / verified households of
 * the cohort per week or month, in Vietnam's time (definitions in onboarding.server.ts).
 */

export type Period = "month" | "week";

export interface SeriesPoint {
  /** first day of the week (Monday) or month, yyyy-mm-dd, in Vietnam's time */
  start: string;
  /** cumulative counts at the end of the bucket */
  registered: number;
  activated: number;
  verified: number;
}

/** Vietnam has no daylight saving: local time is always UTC+7. */

const DAY_MS = 86_400_000;

/** SQLite expression: the local (Vietnam) day of a ms timestamp, as whole days since 1970-01-01. */
const localDaySql = (column: string) => `((${column} + ${VIETNAM_UTC_OFFSET_MS}) / ${DAY_MS})`;

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

/**
 * Cumulative registered / activated / verified households of the cohort, per week or month, from
 * the bucket of `from` (else of the first registration) to the bucket of `now`. A stage is reached
 * at its first household_events row to or from it; a household whose history does not record
 * reaching its current stage (a row older than the history) reached it when it was registered. For
 * every history the app writes, the last point equals onboardingFigures' totals.
 */
export function onboardingSeries(
  db: Db,
  actor: Actor,
  options: OnboardingOptions & { period: Period; now?: Date },
): SeriesPoint[] {
  const scope = scopeFor(db, actor, options);
  if (scope.communes !== null && scope.communes.length === 0) return [];
  const { period } = options;
  const sqlite = db.$client;
  // SQL counts per local day (a few hundred rows); JS folds days into weeks or months. One pass over
  // the events in household order gives each household's first activation and verification (with
  // the household looked up by rowid for the scope); the household rows are read in table order.
  const rows = sqlite
    .prepare(
      `WITH ev AS MATERIALIZED (
         SELECT MIN(CASE WHEN e.to_status IN ${ACTIVE} OR e.from_status IN ${ACTIVE} THEN e.created_at END) AS ta,
                MIN(CASE WHEN e.to_status = 'verified' OR e.from_status = 'verified' THEN e.created_at END) AS tv,
                h.status AS st
         FROM household_events e CROSS JOIN households h ON h.id = e.household_id
         WHERE (e.to_status IN ${ACTIVE} OR e.from_status IN ${ACTIVE}) AND ${scope.where}
         GROUP BY e.household_id
       )
       SELECT 'r' AS k, ${localDaySql("h.created_at")} AS d, COUNT(*) AS n FROM households h NOT INDEXED WHERE ${scope.where} GROUP BY d
       UNION ALL SELECT 'a', ${localDaySql("ta")}, COUNT(*) FROM ev GROUP BY 2
       UNION ALL SELECT 'v', ${localDaySql("tv")}, COUNT(*) FROM ev WHERE tv IS NOT NULL GROUP BY 2
       UNION ALL SELECT 'ha', NULL, COUNT(*) FROM ev WHERE st IN ${ACTIVE}
       UNION ALL SELECT 'hv', NULL, COUNT(*) FROM ev WHERE st = 'verified' AND tv IS NOT NULL
       UNION ALL SELECT 'sa', NULL, COUNT(*) FROM households h WHERE h.status IN ${ACTIVE} AND ${scope.where}
       UNION ALL SELECT 'sv', NULL, COUNT(*) FROM households h WHERE h.status = 'verified' AND ${scope.where}`,
    )
    .all(scope.params) as Array<{ k: "r" | "a" | "v" | "ha" | "hv" | "sa" | "sv"; d: number | null; n: number }>;
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
      .all(scope.params) as typeof rows;
  if (count("sa") > count("ha")) rows.push(...unrecorded("a", ACTIVE));
  if (count("sv") > count("hv")) rows.push(...unrecorded("v", "('verified')"));
  const steps = new Map<string, { registered: number; activated: number; verified: number }>();
  let firstData: string | null = null;
  let lastData: string | null = null;
  for (const row of rows) {
    if (row.d === null || (row.k !== "r" && row.k !== "a" && row.k !== "v")) continue;
    const b = bucketOfDay(row.d, period);
    let step = steps.get(b);
    if (!step) steps.set(b, (step = { registered: 0, activated: 0, verified: 0 }));
    step[row.k === "r" ? "registered" : row.k === "a" ? "activated" : "verified"] += row.n;
    if (firstData === null || b < firstData) firstData = b;
    if (lastData === null || b > lastData) lastData = b;
  }
  if (firstData === null && !options.from) return [];
  // Every stage is reached at or after registration, itself at or after `from`: nothing lies before.
  const first = options.from ? bucketOf(options.from, period) : firstData!;
  const nowBucket = bucketOf(options.now ?? new Date(), period);
  const last = lastData !== null && lastData > nowBucket ? lastData : nowBucket;
  const points: SeriesPoint[] = [];
  const totals = { registered: 0, activated: 0, verified: 0 };
  for (let b = first; b <= last; b = nextBucket(b, period)) {
    const step = steps.get(b);
    if (step) {
      totals.registered += step.registered;
      totals.activated += step.activated;
      totals.verified += step.verified;
    }
    points.push({ start: b, ...totals });
  }
  return points.length > MAX_POINTS ? points.slice(points.length - MAX_POINTS) : points;
}
