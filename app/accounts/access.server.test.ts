/**
 * The access policy as a table: every role and area relation × every policy. The expected columns are
 * written out by hand (not computed by the rule under test), so a rule that drifts fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import type { Role } from "../../db/schema";
import { assignOfficerAreas, communesCoveredBy } from "~/addresses/areas.server";
import { CURRENT_SET } from "~/addresses/sets";
import { allows, ROLE_RULES, type Actor, type RoleRule } from "./access";
import {
  communeScope,
  complaintRoles,
  coversCommune,
  householdRelation,
  mayActForFarm,
  mayComplainAbout,
  mayConfirmPayment,
  mayEditHousehold,
  mayEnterPricesAt,
  mayExportHouseholdData,
  mayFollowFirstSale,
  mayManageAlert,
  mayReadImportBatch,
  mayRegisterHouseholdIn,
  maySeeNationalId,
  mayStartResetFor,
  mayManageHousehold,
  mayReportReview,
  mayViewComplaint,
  mayViewFarmMoney,
  mayViewOrder,
  orderParties,
  orderPartiesFor,
  sellerAccess,
} from "./access.server";
import { makeUser } from "./test-utils";

/** Where the resource lies, seen from the officers below. */
const PLACES = ["sameCommune", "formerDistrict", "otherCommune", "otherProvince"] as const;
type Place = (typeof PLACES)[number];

/**
 * The actors. officerCommune's area is the commune "sameCommune"; officerDistrict's a former district
 * (stored as the current communes it became; "formerDistrict" is one of them); officerProvince's the
 * home province (which holds the first three places); officerNone has no area.
 */
const ACTORS = ["admin", "officerCommune", "officerDistrict", "officerProvince", "officerNone", "owner", "otherFarmer", "buyer", "anonymous"] as const;
type ActorName = (typeof ACTORS)[number];

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const actors = {} as Record<ActorName, Actor | null>;
/** The owner of the household at each place (the "owner" actor is the one of the place under test). */
const owners = {} as Record<Place, Actor>;
const commune = {} as Record<Place, string>;

beforeAll(async () => {
  const sqlite = db.$client;
  // A former district of Tiền Giang (2025-03-01 set) and the current communes it went into.
  const make = async (role: Role) => {
    const u = await makeUser(db, role);
    return { id: u.id, role: u.role };
  };
  actors.admin = await make("admin");
  actors.officerCommune = await make("officer");
  actors.officerDistrict = await make("officer");
  actors.officerProvince = await make("officer");
  actors.officerNone = await make("officer");
  actors.otherFarmer = await make("farmer");
  actors.buyer = await make("buyer");
  actors.anonymous = null;
  for (const place of PLACES) owners[place] = await make("farmer");

  assignOfficerAreas(db, actors.officerDistrict!.id, [{ kind: "former-district", code: "819" }]);
  const district = communesCoveredBy(db, actors.officerDistrict!.id);
  const home = (sqlite.prepare(`SELECT code FROM admin_units WHERE set_id = ? AND level = 'commune' AND province_code = '82' ORDER BY code`).all(CURRENT_SET) as { code: string }[]).map((r) => r.code);
  const outside = home.filter((c) => !district.includes(c));
  commune.formerDistrict = district[0];
  commune.sameCommune = outside[0];
  commune.otherCommune = outside[outside.length - 1];
  commune.otherProvince = (sqlite.prepare(`SELECT code FROM admin_units WHERE set_id = ? AND level = 'commune' AND province_code <> '82' LIMIT 1`).get(CURRENT_SET) as { code: string }).code;
  assignOfficerAreas(db, actors.officerCommune!.id, [{ kind: "commune", code: commune.sameCommune }]);
  assignOfficerAreas(db, actors.officerProvince!.id, [{ kind: "province", code: "82" }]);
});

const actor = (name: ActorName, place: Place) => (name === "owner" ? owners[place] : actors[name]);
const household = (place: Place) => ({ ownerUserId: owners[place].id, communeCode: commune[place] });
/** The same place's household before anyone claimed it (registered by an officer). */
const unclaimed = (place: Place) => ({ ownerUserId: null, communeCode: commune[place] });

/** Who is allowed, per place. "owner" is the household's (or the order's farm's) owner. */
type Expected = Record<Place, ActorName[]>;
const STAFF_OF: Expected = {
  sameCommune: ["admin", "officerCommune", "officerProvince"],
  formerDistrict: ["admin", "officerDistrict", "officerProvince"],
  otherCommune: ["admin", "officerProvince"],
  otherProvince: ["admin"],
};
const NOBODY: Expected = { sameCommune: [], formerDistrict: [], otherCommune: [], otherProvince: [] };
const withOwner = (e: Expected): Expected => Object.fromEntries(PLACES.map((p) => [p, [...e[p], "owner"]])) as Expected;

const TABLE: Record<string, { expected: Expected; check: (a: Actor | null, place: Place) => boolean }> = {
  coversCommune: { expected: STAFF_OF, check: (a, p) => coversCommune(db, a, commune[p]) },
  mayEditHousehold: { expected: withOwner(STAFF_OF), check: (a, p) => mayEditHousehold(db, a, household(p)) },
  maySeeNationalId: { expected: withOwner(STAFF_OF), check: (a, p) => maySeeNationalId(db, a, household(p)) },
  mayExportHouseholdData: { expected: withOwner(STAFF_OF), check: (a, p) => mayExportHouseholdData(db, a, household(p)) },
  "sellerAccess (list on behalf)": { expected: withOwner(STAFF_OF), check: (a, p) => sellerAccess(db, a, household(p)).allowed },
  "sellerAccess.onBehalf": { expected: STAFF_OF, check: (a, p) => sellerAccess(db, a, household(p)).onBehalf },
  mayFollowFirstSale: {
    expected: { sameCommune: ["owner"], formerDistrict: ["owner"], otherCommune: ["owner"], otherProvince: ["owner"] },
    check: (a, p) => mayFollowFirstSale(db, a, household(p)),
  },
  "mayFollowFirstSale (no household yet)": {
    // Any farmer may start; nobody else has a first sale to make.
    expected: { sameCommune: ["owner", "otherFarmer"], formerDistrict: ["owner", "otherFarmer"], otherCommune: ["owner", "otherFarmer"], otherProvince: ["owner", "otherFarmer"] },
    check: (a) => mayFollowFirstSale(db, a, null),
  },
  mayManageHousehold: { expected: STAFF_OF, check: (a, p) => mayManageHousehold(db, a, household(p)) },
  mayRegisterHouseholdIn: { expected: STAFF_OF, check: (a, p) => mayRegisterHouseholdIn(db, a, commune[p]) },
  "mayStartResetFor (the household's farmer)": {
    // Officers only for farmers of their areas; the owner never for themself.
    expected: STAFF_OF,
    check: (a, p) => mayStartResetFor(db, a, owners[p], [commune[p]]),
  },
  "mayViewOrder as buyer": {
    expected: { sameCommune: ["buyer"], formerDistrict: ["buyer"], otherCommune: ["buyer"], otherProvince: ["buyer"] },
    check: (a, p) => mayViewOrder(db, a, { buyerUserId: actors.buyer!.id }, household(p), "buyer"),
  },
  "mayViewOrder as farm": {
    expected: { sameCommune: ["owner"], formerDistrict: ["owner"], otherCommune: ["owner"], otherProvince: ["owner"] },
    check: (a, p) => mayViewOrder(db, a, { buyerUserId: actors.buyer!.id }, household(p), "farm"),
  },
  "mayViewOrder as officer": { expected: STAFF_OF, check: (a, p) => mayViewOrder(db, a, { buyerUserId: actors.buyer!.id }, household(p), "officer") },
  mayConfirmPayment: {
    expected: { sameCommune: ["admin", "owner"], formerDistrict: ["admin", "owner"], otherCommune: ["admin", "owner"], otherProvince: ["admin", "owner"] },
    check: (a, p) => mayConfirmPayment(a, owners[p].id),
  },
  "mayActForFarm (no owner yet)": { expected: STAFF_OF, check: (a, p) => mayActForFarm(db, a, unclaimed(p)) },
  "mayActForFarm (claimed: the farmer acts)": { expected: NOBODY, check: (a, p) => mayActForFarm(db, a, household(p)) },
  "orderPartiesFor: farm party (no owner yet)": {
    expected: STAFF_OF,
    check: (a, p) => orderPartiesFor(db, a, { buyerUserId: actors.buyer!.id }, unclaimed(p)).parties.has("farm"),
  },
  "orderPartiesFor: on behalf (no owner yet)": {
    expected: STAFF_OF,
    check: (a, p) => orderPartiesFor(db, a, { buyerUserId: actors.buyer!.id }, unclaimed(p)).onBehalf,
  },
  "orderPartiesFor: farm party (claimed)": {
    expected: { sameCommune: ["owner"], formerDistrict: ["owner"], otherCommune: ["owner"], otherProvince: ["owner"] },
    check: (a, p) => orderPartiesFor(db, a, { buyerUserId: actors.buyer!.id }, household(p)).parties.has("farm"),
  },
  "orderPartiesFor: on behalf (claimed)": {
    expected: NOBODY,
    check: (a, p) => orderPartiesFor(db, a, { buyerUserId: actors.buyer!.id }, household(p)).onBehalf,
  },
  mayEnterPricesAt: { expected: STAFF_OF, check: (a, p) => mayEnterPricesAt(db, a, { communeCode: commune[p] }) },
  // A farm reports a review of itself; staff only for a household nobody has claimed (as with its orders).
  "mayReportReview (claimed)": {
    expected: { sameCommune: ["owner"], formerDistrict: ["owner"], otherCommune: ["owner"], otherProvince: ["owner"] },
    check: (a, p) => mayReportReview(db, a, household(p)).allowed,
  },
  "mayReportReview (no owner yet)": { expected: STAFF_OF, check: (a, p) => mayReportReview(db, a, unclaimed(p)).allowed },
  // A farm's money: its owner and administrators (any farm); officers only for a household nobody has claimed.
  "mayViewFarmMoney (claimed)": {
    expected: { sameCommune: ["admin", "owner"], formerDistrict: ["admin", "owner"], otherCommune: ["admin", "owner"], otherProvince: ["admin", "owner"] },
    check: (a, p) => mayViewFarmMoney(db, a, household(p)).allowed,
  },
  "mayViewFarmMoney.onBehalf (claimed)": {
    expected: { sameCommune: ["admin"], formerDistrict: ["admin"], otherCommune: ["admin"], otherProvince: ["admin"] },
    check: (a, p) => mayViewFarmMoney(db, a, household(p)).onBehalf,
  },
  "mayViewFarmMoney (no owner yet)": { expected: STAFF_OF, check: (a, p) => mayViewFarmMoney(db, a, unclaimed(p)).allowed },
  "mayReportReview.onBehalf (no owner yet)": { expected: STAFF_OF, check: (a, p) => mayReportReview(db, a, unclaimed(p)).onBehalf },
  "mayReportReview.onBehalf (claimed)": { expected: NOBODY, check: (a, p) => mayReportReview(db, a, household(p)).onBehalf },
  // Complaints: the order's buyer opens and withdraws; the farm (its owner, or staff for a household
  // nobody has claimed) answers; staff of the farm's area and administrators decide; nobody else sees it.
  mayComplainAbout: {
    expected: { sameCommune: ["buyer"], formerDistrict: ["buyer"], otherCommune: ["buyer"], otherProvince: ["buyer"] },
    check: (a) => mayComplainAbout(a, { buyerUserId: actors.buyer!.id }),
  },
  "complaintRoles.farm (claimed)": {
    expected: { sameCommune: ["owner"], formerDistrict: ["owner"], otherCommune: ["owner"], otherProvince: ["owner"] },
    check: (a, p) => complaintRoles(db, a, { buyerUserId: actors.buyer!.id }, household(p)).farm,
  },
  "complaintRoles.farm (no owner yet)": { expected: STAFF_OF, check: (a, p) => complaintRoles(db, a, { buyerUserId: actors.buyer!.id }, unclaimed(p)).farm },
  "complaintRoles.decide": { expected: STAFF_OF, check: (a, p) => complaintRoles(db, a, { buyerUserId: actors.buyer!.id }, household(p)).decide },
  mayViewComplaint: {
    expected: Object.fromEntries(PLACES.map((p) => [p, [...STAFF_OF[p], "owner", "buyer"]])) as Expected,
    check: (a, p) => mayViewComplaint(db, a, { buyerUserId: actors.buyer!.id }, household(p)),
  },
  // A price alert is the owner's alone (the "owner" actor stands for the person who set it).
  mayManageAlert: {
    expected: { sameCommune: ["owner"], formerDistrict: ["owner"], otherCommune: ["owner"], otherProvince: ["owner"] },
    check: (a, p) => mayManageAlert(a, { userId: owners[p].id }),
  },
};

describe("access policy table: actor × place × policy", () => {
  const rows = Object.entries(TABLE).flatMap(([policy, { expected }]) =>
    PLACES.flatMap((place) => ACTORS.map((name) => ({ policy, place, name, allowed: expected[place].includes(name) }))),
  );
  it.each(rows)("$policy: $name at $place → $allowed", ({ policy, place, name, allowed }) => {
    expect(TABLE[policy].check(actor(name, place), place)).toBe(allowed);
  });
});

describe("access policy: rules by role", () => {
  const EXPECTED: Record<RoleRule, Role[]> = {
    useOfficerWorkspace: ["officer", "admin"],
    importData: ["officer", "admin"],
    viewDashboard: ["officer", "admin"],
    enterPrices: ["officer", "admin"],
    exportNationalIds: ["admin"],
    administer: ["admin"],
    moderateReviews: ["admin"],
    readMessageLog: ["admin"],
    managePrices: ["admin"],
    sell: ["farmer"],
    buy: ["buyer"],
  };
  it("covers every rule", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(ROLE_RULES).sort());
  });
  const rows = (Object.keys(EXPECTED) as RoleRule[]).flatMap((rule) =>
    (["admin", "officer", "farmer", "buyer"] as Role[]).map((role) => ({ rule, role, allowed: EXPECTED[rule].includes(role) })),
  );
  it.each(rows)("$rule: $role → $allowed", ({ rule, role, allowed }) => {
    expect(allows({ role }, rule)).toBe(allowed);
  });
  it("refuses every rule to a visitor who is not signed in", () => {
    for (const rule of Object.keys(ROLE_RULES) as RoleRule[]) expect(allows(null, rule)).toBe(false);
  });
});

describe("access policy: the rest of the relations", () => {
  it("a password reset for a buyer, an officer or an administrator is for administrators only", () => {
    const targets = { buyer: actors.buyer!, officer: actors.officerNone!, admin: actors.admin! };
    for (const name of ACTORS) {
      const a = actors[name === "owner" ? "otherFarmer" : name];
      expect(mayStartResetFor(db, a, targets.buyer, [])).toBe(name === "admin");
      expect(mayStartResetFor(db, a, targets.officer, [])).toBe(name === "admin");
      expect(mayStartResetFor(db, a, targets.admin, [])).toBe(false);
    }
    // A farmer without a household (no commune) is outside every officer's area.
    expect(mayStartResetFor(db, actors.officerProvince, actors.otherFarmer!, [])).toBe(false);
    expect(mayStartResetFor(db, actors.admin, actors.otherFarmer!, [])).toBe(true);
    // Nobody resets their own password through someone else's page.
    expect(mayStartResetFor(db, actors.admin, actors.admin!, [])).toBe(false);
  });

  it("an import batch is read by whoever ran it and by administrators", () => {
    const batch = { actorUserId: actors.officerCommune!.id };
    const readers = ACTORS.filter((name) => mayReadImportBatch(actor(name, "sameCommune"), batch));
    expect(readers).toEqual(["admin", "officerCommune"]);
  });

  it("the parties of an order: buyer, farm, administrator, or the system when no one acts", () => {
    const order = { buyerUserId: actors.buyer!.id };
    const farmOwner = owners.sameCommune.id;
    expect([...orderParties(actors.buyer!, order, farmOwner)]).toEqual(["buyer"]);
    expect([...orderParties(owners.sameCommune, order, farmOwner)]).toEqual(["farm"]);
    expect([...orderParties(actors.admin!, order, farmOwner)]).toEqual(["admin"]);
    expect([...orderParties(actors.officerCommune!, order, farmOwner)]).toEqual([]);
    expect([...orderParties(null, order, farmOwner)]).toEqual(["system"]);
    // A farm without an owner yet (registered by an officer, not claimed) has no farm party.
    expect([...orderParties(owners.sameCommune, order, null)]).toEqual([]);
  });

  it("the relation and the list scope", () => {
    expect(householdRelation(db, owners.sameCommune, household("sameCommune"))).toBe("owner");
    expect(householdRelation(db, actors.officerCommune, household("sameCommune"))).toBe("staff");
    expect(householdRelation(db, actors.officerCommune, household("otherCommune"))).toBeNull();
    expect(communeScope(db, actors.admin!)).toBeNull();
    expect(communeScope(db, actors.officerCommune!)).toEqual([commune.sameCommune]);
    expect(communeScope(db, actors.officerNone!)).toEqual([]);
    expect(communeScope(db, actors.buyer!)).toEqual([]);
  });
});
