/**
 * The onboarding dashboard's figures, computed straight from the database for an officer's areas
 * (administrators: everywhere). Definitions (see docs/decisions/0005-dashboard-former-districts.md):
 *
 * - The date filter picks a COHORT: households registered (households.created_at) in [from, to).
 *   Every figure is about those households, as of now (their listings now, their orders ever).
 * - registered: every household row in the cohort.
 * - activated / verified: the household REACHED the stage — its status is (or is past) that stage,
 *   or a household_events row moved it to or from that stage. A verified household suspended later
 *   still counts as registered, activated and verified (the funnel reading, as householdFunnel).
 * - eligible: currently verified, i.e. able to trade today; suspended: currently suspended.
 * - listed: at least one listing published now; sold: at least one completed order.
 * - listings published: listings whose status is published now.
 * - orders: completed orders (count, total_vnd including delivery) and every order that was not
 *   cancelled, rejected or expired (placed … completed), count and value.
 * - groups: by current commune, or by former (2025-03-01) district; a current commune that took in
 *   communes of several former districts is attributed whole to its main one (mainFormerDistrict).
 */
import type { Actor } from "~/households/access-rules.server";
import { communesCoveredBy } from "~/addresses/areas.server";
import { CURRENT_SET, SET_2025 } from "~/addresses/sets";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { FIGURE_KEYS } from "./figures";

export type GroupBy = "commune" | "formerDistrict";
export type Period = "month" | "week";

export interface Figures {
  registered: number;
  activated: number;
  verified: number;
  /** currently verified: eligible to trade today */
  eligible: number;
  suspended: number;
  /** households with ≥ 1 published listing */
  listed: number;
  /** households with ≥ 1 completed order */
  sold: number;
  listingsPublished: number;
  ordersCompleted: number;
  ordersCompletedVnd: number;
  /** orders neither cancelled, rejected nor expired */
  ordersNotCancelled: number;
  ordersNotCancelledVnd: number;
}

export interface FigureGroup {
  /** current commune code, former district code, or "" for a commune the mapping does not know */
  code: string;
  name: string;
  /** former district rows: the former province's name; commune rows: the former district(s) it came from */
  context: string;
  /** former district rows: names of attributed communes that also took in parts of other districts */
  sharedCommunes: string[];
  figures: Figures;
}

export interface OnboardingFigures {
  groupBy: GroupBy;
  groups: FigureGroup[];
  totals: Figures;
  /** false for an officer without areas: nothing to show */
  hasScope: boolean;
  /** communes in scope where no household of the cohort is registered (they have no row) */
  communesWithoutHouseholds: number;
}

export interface OnboardingOptions {
  /** registered at or after this instant */
  from?: Date | null;
  /** registered before this instant (exclusive) */
  to?: Date | null;
}

export interface SeriesPoint {
  /** first day of the week (Monday) or month, yyyy-mm-dd, in Vietnam's time */
  start: string;
  /** cumulative counts at the end of the bucket */
  registered: number;
  activated: number;
  verified: number;
}

export { FIGURE_KEYS };

export const emptyFigures = (): Figures => Object.fromEntries(FIGURE_KEYS.map((k) => [k, 0])) as unknown as Figures;

function addInto(target: Figures, source: Partial<Figures>) {
  for (const k of FIGURE_KEYS) target[k] += source[k] ?? 0;
}

/** Vietnam has no daylight saving: local time is always UTC+7. */
const VN_OFFSET_MS = 7 * 3600_000;

const ACTIVE = "('activated','verified')";
const NOT_CANCELLED = "o.status NOT IN ('cancelled','rejected','expired')";

interface Scope {
  /** SQL condition on households h */
  where: string;
  params: Record<string, string | number>;
  /** commune codes covered (null for administrators: every commune) */
  communes: string[] | null;
  /** a registration range is set: household rows must be read, not only the (commune, status) index */
  dated: boolean;
}

/** Which households the actor may count, and the cohort filter. Buyers and farmers: 403. */
function scopeFor(db: Db, actor: Actor, options: OnboardingOptions): Scope {
  if (actor.role !== "officer" && actor.role !== "admin") throw new AppError("common:errors.forbiddenText", 403);
  const conditions: string[] = [];
  const params: Record<string, string | number> = {};
  let communes: string[] | null = null;
  if (actor.role === "officer") {
    communes = communesCoveredBy(db, actor.id);
    // One JSON parameter instead of a placeholder per commune (a province has ~100, a region more).
    conditions.push("h.commune_code IN (SELECT value FROM json_each(@communes))");
    params.communes = JSON.stringify(communes);
  }
  if (options.from) {
    conditions.push("h.created_at >= @from");
    params.from = options.from.getTime();
  }
  if (options.to) {
    conditions.push("h.created_at < @to");
    params.to = options.to.getTime();
  }
  return { where: conditions.length ? conditions.join(" AND ") : "1", params, communes, dated: Boolean(options.from || options.to) };
}

/**
 * With a registration range the rows themselves must be read: in table order, not through the
 * (commune, status) index's ~276,882 random look-ups (measured 110 ms against 420 ms of CPU).
 */
const tableOrder = (scope: Scope) => (scope.dated ? "NOT INDEXED" : "");

interface CommuneRow extends Partial<Figures> {
  commune: string;
}

/**
 * Figures per current commune, for the communes with at least one household of the cohort.
 * Four grouped scans instead of probes per household: counts by status ride the (commune, status)
 * index; listings and orders are read from their side (far fewer rows than households).
 * Only a suspended household can have left a stage it reached (households/lifecycle.server.ts: a transition
 * goes forward, or to suspended and back to where it was), so only those have their events read.
 * Measured on 276,882 generated households: see app/dashboard/bench.ts and the decision record.
 */
function figuresByCommune(db: Db, scope: Scope): Map<string, Figures> {
  const sqlite = db.$client;
  const statuses = sqlite
    .prepare(
      `SELECT h.commune_code AS commune, COUNT(*) AS registered,
         SUM(h.status IN ${ACTIVE}) AS activated,
         SUM(h.status = 'verified') AS verified,
         SUM(h.status = 'verified') AS eligible,
         SUM(h.status = 'suspended') AS suspended
       FROM households h ${tableOrder(scope)}
       WHERE ${scope.where}
       GROUP BY h.commune_code`,
    )
    .all(scope.params) as CommuneRow[];
  const suspendedReached = sqlite
    .prepare(
      `SELECT h.commune_code AS commune,
         SUM(EXISTS (SELECT 1 FROM household_events e WHERE e.household_id = h.id
           AND (e.to_status IN ${ACTIVE} OR e.from_status IN ${ACTIVE}))) AS activated,
         SUM(EXISTS (SELECT 1 FROM household_events e WHERE e.household_id = h.id
           AND (e.to_status = 'verified' OR e.from_status = 'verified'))) AS verified
       FROM households h
       WHERE h.status = 'suspended' AND ${scope.where}
       GROUP BY h.commune_code`,
    )
    .all(scope.params) as CommuneRow[];
  const listings = sqlite
    .prepare(
      `SELECT h.commune_code AS commune, COUNT(DISTINCT l.household_id) AS listed, COUNT(*) AS listingsPublished
       FROM listings l CROSS JOIN households h ON h.id = l.household_id
       WHERE l.status = 'published' AND ${scope.where}
       GROUP BY h.commune_code`,
    )
    .all(scope.params) as CommuneRow[];
  const orders = sqlite
    .prepare(
      `SELECT h.commune_code AS commune,
         COUNT(DISTINCT CASE WHEN o.status = 'completed' THEN o.household_id END) AS sold,
         SUM(o.status = 'completed') AS ordersCompleted,
         SUM(CASE WHEN o.status = 'completed' THEN o.total_vnd ELSE 0 END) AS ordersCompletedVnd,
         SUM(${NOT_CANCELLED}) AS ordersNotCancelled,
         SUM(CASE WHEN ${NOT_CANCELLED} THEN o.total_vnd ELSE 0 END) AS ordersNotCancelledVnd
       FROM orders o CROSS JOIN households h ON h.id = o.household_id
       WHERE ${scope.where}
       GROUP BY h.commune_code`,
    )
    .all(scope.params) as CommuneRow[];
  const byCommune = new Map<string, Figures>();
  // Communes come from the first query: every other row belongs to a household it counted.
  for (const row of [...statuses, ...suspendedReached, ...listings, ...orders]) {
    let figures = byCommune.get(row.commune);
    if (!figures) byCommune.set(row.commune, (figures = emptyFigures()));
    addInto(figures, row);
  }
  return byCommune;
}

interface DistrictSource {
  district: string;
  full: number;
  all: number;
}

export interface FormerDistrictOf {
  /** the main former district (2025-03-01 code), "" when the mapping has none */
  main: string;
  /** every former district that gave the commune some of its area, main first */
  all: string[];
}

/**
 * The former (2025-03-01) districts each current commune came from, and its main one: the district
 * that gave it the most whole communes (merge_type full), then the most communes in any part, then
 * the lowest code — a fixed rule, so a split commune always lands in the same row.
 */
export function mainFormerDistricts(db: Db, communeCodes: string[]): Map<string, FormerDistrictOf> {
  const rows = db.$client
    .prepare(
      `SELECT m.to_code AS commune,
         CASE WHEN o.level = 'district' THEN o.code ELSE o.parent_code END AS district,
         SUM(m.merge_type = 'full') AS "full", COUNT(*) AS "all"
       FROM admin_unit_mappings m
       JOIN admin_units o ON o.set_id = m.from_set AND o.code = m.from_code
       WHERE m.from_set = '${SET_2025}' AND m.to_set = '${CURRENT_SET}'
         AND m.to_code IN (SELECT value FROM json_each(?))
       GROUP BY 1, 2`,
    )
    .all(JSON.stringify(communeCodes)) as Array<DistrictSource & { commune: string }>;
  const sources = new Map<string, DistrictSource[]>();
  for (const row of rows) {
    const list = sources.get(row.commune) ?? [];
    list.push(row);
    sources.set(row.commune, list);
  }
  const result = new Map<string, FormerDistrictOf>();
  for (const code of communeCodes) {
    const list = (sources.get(code) ?? []).sort(
      (a, b) => b.full - a.full || b.all - a.all || a.district.localeCompare(b.district),
    );
    result.set(code, { main: list[0]?.district ?? "", all: list.map((s) => s.district) });
  }
  return result;
}

const collator = new Intl.Collator("vi", { numeric: true });

function unitNames(db: Db, setId: string, codes: string[]): Map<string, { name: string; province: string }> {
  const rows = db.$client
    .prepare(
      `SELECT u.code, u.name, COALESCE(p.short_name, '') AS province FROM admin_units u
       LEFT JOIN admin_units p ON p.set_id = u.set_id AND p.code = u.province_code AND p.level = 'province'
       WHERE u.set_id = ? AND u.code IN (SELECT value FROM json_each(?)) AND u.level IN ('commune', 'district')`,
    )
    .all(setId, JSON.stringify(codes)) as Array<{ code: string; name: string; province: string }>;
  return new Map(rows.map((r) => [r.code, { name: r.name, province: r.province }]));
}

/**
 * The dashboard's table: figures per current commune or per former district, and the totals.
 * `unknownName` labels the row of communes the mapping does not know (never seen in the shipped data).
 */
export function onboardingFigures(
  db: Db,
  actor: Actor,
  options: OnboardingOptions & { groupBy: GroupBy; unknownName?: string },
): OnboardingFigures {
  const scope = scopeFor(db, actor, options);
  const totals = emptyFigures();
  if (scope.communes !== null && scope.communes.length === 0) {
    return { groupBy: options.groupBy, groups: [], totals, hasScope: false, communesWithoutHouseholds: 0 };
  }
  const byCommune = figuresByCommune(db, scope);
  for (const figures of byCommune.values()) addInto(totals, figures);
  const communeCodes = [...byCommune.keys()];
  const districtsOf = mainFormerDistricts(db, communeCodes);
  const allDistricts = [...new Set([...districtsOf.values()].flatMap((d) => d.all))];
  const districtNames = unitNames(db, SET_2025, allDistricts);
  const districtLabel = (code: string) => {
    const unit = districtNames.get(code);
    return unit ? `${unit.name} (${unit.province})` : code;
  };
  const communeNames = unitNames(db, CURRENT_SET, communeCodes);

  let groups: FigureGroup[];
  if (options.groupBy === "commune") {
    groups = communeCodes.map((code) => ({
      code,
      name: communeNames.get(code)?.name ?? code,
      context: (districtsOf.get(code)?.all ?? []).map(districtLabel).join("; "),
      sharedCommunes: [],
      figures: byCommune.get(code)!,
    }));
  } else {
    const byDistrict = new Map<string, FigureGroup>();
    for (const code of communeCodes) {
      const of = districtsOf.get(code)!;
      let group = byDistrict.get(of.main);
      if (!group) {
        const unit = districtNames.get(of.main);
        group = {
          code: of.main,
          name: unit?.name ?? options.unknownName ?? "?",
          context: unit?.province ?? "",
          sharedCommunes: [],
          figures: emptyFigures(),
        };
        byDistrict.set(of.main, group);
      }
      addInto(group.figures, byCommune.get(code)!);
      if (of.all.length > 1) group.sharedCommunes.push(communeNames.get(code)?.name ?? code);
    }
    groups = [...byDistrict.values()];
    for (const g of groups) g.sharedCommunes.sort(collator.compare);
  }
  groups.sort((a, b) => collator.compare(a.name, b.name) || collator.compare(a.context, b.context) || a.code.localeCompare(b.code));
  const inScope = scope.communes?.length ?? countCurrentCommunes(db);
  return { groupBy: options.groupBy, groups, totals, hasScope: true, communesWithoutHouseholds: inScope - byCommune.size };
}

function countCurrentCommunes(db: Db): number {
  const row = db.$client
    .prepare(`SELECT COUNT(*) AS n FROM admin_units WHERE set_id = '${CURRENT_SET}' AND level = 'commune'`)
    .get() as { n: number };
  return row.n;
}

// ---------------------------------------------------------------------------------------------
// Over time

const DAY_MS = 86_400_000;

/** SQLite expression: the local (Vietnam) day of a ms timestamp, as whole days since 1970-01-01. */
const localDaySql = (column: string) => `((${column} + ${VN_OFFSET_MS}) / ${DAY_MS})`;

/** The bucket (first day, yyyy-mm-dd) of a local day number. */
function bucketOfDay(day: number, period: Period): string {
  // 1970-01-01 was a Thursday: (day + 3) % 7 is the number of days since Monday.
  const start = period === "week" ? day - ((((day + 3) % 7) + 7) % 7) : day;
  const iso = new Date(start * DAY_MS).toISOString();
  return period === "month" ? `${iso.slice(0, 7)}-01` : iso.slice(0, 10);
}

/** The bucket of an instant, in Vietnam's time. */
export function bucketOf(instant: Date, period: Period): string {
  return bucketOfDay(Math.floor((instant.getTime() + VN_OFFSET_MS) / DAY_MS), period);
}

function nextBucket(start: string, period: Period): string {
  const [y, m, d] = start.split("-").map(Number);
  const next = period === "month" ? new Date(Date.UTC(y, m, 1)) : new Date(Date.UTC(y, m - 1, d + 7));
  return next.toISOString().slice(0, 10);
}

/** At most this many points; a longer span is cut at its start (the latest points matter most). */
export const MAX_POINTS = 520;

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
