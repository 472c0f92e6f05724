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
import { CURRENT_SET, SET_2025 } from "~/addresses/sets";
import type { Actor } from "~/accounts/access";
import type { Db } from "~/lib/db.server";
import { FIGURE_KEYS } from "./figures";
import { ACTIVE, fromWithHouseholds, scopeFor, type OnboardingOptions, type Scope } from "./scope.server";

export type GroupBy = "commune" | "formerDistrict";

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

const emptyFigures = (): Figures => Object.fromEntries(FIGURE_KEYS.map((k) => [k, 0])) as unknown as Figures;

function addInto(target: Figures, source: Partial<Figures>) {
  for (const k of FIGURE_KEYS) target[k] += source[k] ?? 0;
}

const NOT_CANCELLED = "o.status NOT IN ('cancelled','rejected','expired')";

/**
 * With a registration range the rows themselves must be read: in table order, not through the
 * (commune, status) index's ~276,882 random look-ups (measured 110 ms against 420 ms of CPU) —
 * unless the scope is a small part of the table (a province of a national market).
 */
const tableOrder = (scope: Scope) => (scope.dated && !scope.small ? "NOT INDEXED" : "");

interface CommuneRow extends Partial<Figures> {
  commune: string;
}

/**
 * Figures per current commune, for the communes with at least one household of the cohort: summed from the
 * counters kept per commune and registration day (onboarding_cohorts, migration 0018, decision 0044) — a few
 * rows per commune whatever the number of households.
 */
function countedFiguresByCommune(db: Db, scope: Scope): Map<string, Figures> {
  const rows = db.$client
    .prepare(
      `SELECT c.commune_code AS commune, SUM(c.registered) AS registered, SUM(c.activated) AS activated,
         SUM(c.verified) AS verified, SUM(c.eligible) AS eligible, SUM(c.suspended) AS suspended,
         SUM(c.listed) AS listed, SUM(c.sold) AS sold, SUM(c.listings_published) AS listingsPublished,
         SUM(c.orders_completed) AS ordersCompleted, SUM(c.orders_completed_vnd) AS ordersCompletedVnd,
         SUM(c.orders_not_cancelled) AS ordersNotCancelled, SUM(c.orders_not_cancelled_vnd) AS ordersNotCancelledVnd
       FROM onboarding_cohorts c WHERE ${scope.countersWhere}
       GROUP BY c.commune_code HAVING SUM(c.registered) > 0`,
    )
    .all(scope.countersParams) as CommuneRow[];
  const byCommune = new Map<string, Figures>();
  for (const row of rows) {
    const figures = emptyFigures();
    addInto(figures, row);
    byCommune.set(row.commune, figures);
  }
  return byCommune;
}

/**
 * The same figures read from the rows themselves, for a cohort whose bounds are not Vietnam midnights (the page
 * never asks for one; the counters are keyed by day). Also what the counters are checked against in tests.
 * Four grouped scans instead of probes per household: counts by status ride the (commune, status)
 * index; listings and orders are read from their side (far fewer rows than households), except for a
 * scope that is a small part of the database, read from its households (scope.server.ts, decision 0041).
 * Only a suspended household can have left a stage it reached (households/lifecycle.server.ts: a transition
 * goes forward, or to suspended and back to where it was), so only those have their events read.
 * Measured on 276,882 generated households: see app/dashboard/bench.ts and the decision record.
 */
export function scannedFiguresByCommune(db: Db, scope: Scope): Map<string, Figures> {
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
       ${fromWithHouseholds(scope, "listings l", "l.household_id")}
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
       ${fromWithHouseholds(scope, "orders o", "o.household_id")}
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

interface FormerDistrictOf {
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
  const byCommune = scope.counted ? countedFiguresByCommune(db, scope) : scannedFiguresByCommune(db, scope);
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
