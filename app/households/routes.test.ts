/**
 * Route-level tests: loaders and actions called with Request objects, as Remix would. Officers
 * stay inside their areas whatever id is in the URL; farmers only ever touch their own household.
 */
import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, makeUser, signIn, routeArgs as args, thrown } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import * as dashboard from "~/routes/ban-hang._index";
import * as wizard from "~/routes/ban-hang.dang-ky";
import * as profile from "~/routes/ban-hang.ho-so";
import * as officerList from "~/routes/can-bo._index";
import * as officerHousehold from "~/routes/can-bo.ho.$id";
import { createOwnHousehold, type HouseholdInput } from "./profile.server";
import { getHousehold, getHouseholdForUser } from "./records.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const body = async (value: unknown) => (value as Response).json();

let seq = 500_000_000;
const cccd = () => `082${String(++seq).padStart(9, "0")}`;

const household = (overrides: Partial<HouseholdInput> = {}): HouseholdInput => ({
  representativeName: "Lê Thị Mai",
  displayName: "Vườn bưởi Năm Roi cô Mai",
  phone: "0938 111 222",
  nationalId: cccd(),
  communeCode: "28249",
  delivery: { pickup: true },
  ...overrides,
});

const formFields = (overrides: Record<string, string> = {}) => ({
  kind: "household",
  representativeName: "Phạm Văn Sáu",
  displayName: "Vườn sầu riêng Sáu",
  phone: "0977 123 456",
  nationalId: cccd(),
  communeCode: "28261",
  addressLine: "Ấp Mỹ Lợi",
  mainProducts: "Sầu riêng Ri6",
  farmAreaM2: "5.000",
  bankBin: "970405",
  bankAccountNumber: "7000 1234 5678",
  pickup: "on",
  feeCommune: "15.000",
  feeProvince: "",
  freeAbove: "500000",
  ...overrides,
});

async function staff() {
  const officer = await makeUser(db, "officer");
  assignOfficerAreas(db, officer.id, [{ kind: "province", code: "82" }]);
  const outsider = await makeUser(db, "officer");
  assignOfficerAreas(db, outsider.id, [{ kind: "province", code: "86" }]);
  return { officer, outsider };
}

describe("registration wizard", () => {
  it("shows the account step to visitors, with a sign-up link that comes back here", async () => {
    const data = await body(await wizard.loader(args(getRequest("/ban-hang/dang-ky"))));
    expect(data).toMatchObject({ step: 1, account: null });
  });

  it("a farmer saves the form (input as people type it) and lands on step 3 with an activated household", async () => {
    const farmer = await makeUser(db, "farmer");
    const cookie = await signIn(db, farmer.id);
    const step2 = await body(await wizard.loader(args(getRequest("/ban-hang/dang-ky", cookie))));
    expect(step2.step).toBe(2);
    expect(step2.form.communes.length).toBeGreaterThan(100);
    expect(step2.form.banks.some((b: { shortName: string }) => b.shortName === "Agribank")).toBe(true);

    const response = (await wizard.action(args(formRequest("/ban-hang/dang-ky", formFields({ certifications: "vietgap" }), cookie)))) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/ban-hang/dang-ky?luu=1");
    const h = getHouseholdForUser(db, farmer.id)!;
    expect(h).toMatchObject({
      status: "activated",
      communeCode: "28261",
      farmAreaM2: 5000,
      bankBin: "970405",
      bankAccountNumber: "700012345678",
      certifications: ["vietgap"],
      delivery: { pickup: true, feeCommune: 15000, feeProvince: null, feeElsewhere: null, freeAbove: 500000 },
      phone: "+84977123456",
    });
    expect((await body(await wizard.loader(args(getRequest("/ban-hang/dang-ky?luu=1", cookie))))).step).toBe(3);

    const home = await body(await dashboard.loader(args(getRequest("/ban-hang", cookie))));
    expect(home.seller).toMatchObject({ status: "activated", next: "waitForVerification" });
  });

  it("returns errors on their fields with the input kept", async () => {
    const farmer = await makeUser(db, "farmer");
    const cookie = await signIn(db, farmer.id);
    const response = (await wizard.action(args(formRequest("/ban-hang/dang-ky", formFields({ nationalId: "12345", communeCode: "28756" }), cookie)))) as Response;
    expect(response.status).toBe(400);
    const data = await response.json();
    // The first problem the module meets is reported on its field.
    expect(Object.keys(data.result.error)).toEqual(["nationalId"]);
    expect(data.result.initialValue.representativeName).toBe("Phạm Văn Sáu");
    expect(getHouseholdForUser(db, farmer.id)).toBeUndefined();
  });

  it("a buyer account cannot register a household", async () => {
    const buyer = await makeUser(db, "buyer");
    const cookie = await signIn(db, buyer.id);
    expect((await body(await wizard.loader(args(getRequest("/ban-hang/dang-ky", cookie))))).step).toBe(1);
    const response = (await wizard.action(args(formRequest("/ban-hang/dang-ky", formFields(), cookie)))) as Response;
    expect(response.status).toBe(403);
    expect(getHouseholdForUser(db, buyer.id)).toBeUndefined();
  });
});

describe("profile page", () => {
  it("sends a farmer without a household to the wizard", async () => {
    const farmer = await makeUser(db, "farmer");
    const response = await thrown(profile.loader(args(getRequest("/ban-hang/ho-so", await signIn(db, farmer.id)))));
    expect(response.headers.get("Location")).toBe("/ban-hang/dang-ky");
  });

  it("edits only the signed-in owner's household, whatever ids are slipped into the form", async () => {
    const alice = await makeUser(db, "farmer");
    const bob = await makeUser(db, "farmer");
    const hAlice = createOwnHousehold(db, alice, household());
    const hBob = createOwnHousehold(db, bob, household({ displayName: "Vườn của Bob" }));
    const cookie = await signIn(db, alice.id);
    const response = (await profile.action(
      args(formRequest("/ban-hang/ho-so", formFields({ nationalId: hAlice.nationalId!, displayName: "Tên mới", id: String(hBob.id), householdId: String(hBob.id) }), cookie)),
    )) as Response;
    expect(response.headers.get("Location")).toBe("/ban-hang/ho-so?luu=1");
    expect(getHousehold(db, hAlice.id)?.displayName).toBe("Tên mới");
    expect(getHousehold(db, hBob.id)?.displayName).toBe("Vườn của Bob");
  });
});

describe("officer pages", () => {
  it("farmers and buyers get 403", async () => {
    const farmer = await makeUser(db, "farmer");
    const h = createOwnHousehold(db, farmer, household());
    const cookie = await signIn(db, farmer.id);
    expect((await thrown(officerList.loader(args(getRequest("/can-bo", cookie))))).status).toBe(403);
    expect((await thrown(officerHousehold.loader(args(getRequest(`/can-bo/ho/${h.id}`, cookie), { id: String(h.id) })))).status).toBe(403);
    const verify = thrown(officerHousehold.action(args(formRequest(`/can-bo/ho/${h.id}`, { intent: "verify" }, cookie), { id: String(h.id) })));
    expect((await verify).status).toBe(403);
    expect(getHousehold(db, h.id)?.status).toBe("activated");
  });

  it("an officer outside the household's area gets 403 on the page and every form", async () => {
    const { outsider } = await staff();
    const farmer = await makeUser(db, "farmer");
    const h = createOwnHousehold(db, farmer, household());
    const cookie = await signIn(db, outsider.id);
    const params = { id: String(h.id) };
    expect((await thrown(officerHousehold.loader(args(getRequest(`/can-bo/ho/${h.id}`, cookie), params)))).status).toBe(403);
    const forms: Array<Record<string, string>> = [{ intent: "verify" }, { intent: "suspend", reason: "x" }, { intent: "reinstate" }];
    for (const fields of forms) {
      expect((await thrown(officerHousehold.action(args(formRequest(`/can-bo/ho/${h.id}`, fields, cookie), params)))).status).toBe(403);
    }
    expect(getHousehold(db, h.id)?.status).toBe("activated");
    const list = await body(await officerList.loader(args(getRequest("/can-bo", cookie))));
    expect(list.rows.some((r: { id: number }) => r.id === h.id)).toBe(false);
  });

  it("an officer of the area sees the pending household with its full ID, verifies it, suspends it with a reason", async () => {
    const { officer } = await staff();
    const farmer = await makeUser(db, "farmer");
    const h = createOwnHousehold(db, farmer, household({ nationalId: "331234567" }));
    const cookie = await signIn(db, officer.id);
    const params = { id: String(h.id) };

    const list = await body(await officerList.loader(args(getRequest("/can-bo?trang-thai=activated", cookie))));
    expect(list.status).toBe("activated");
    const row = list.rows.find((r: { id: number }) => r.id === h.id);
    expect(row).toMatchObject({ status: "activated", cmnd: true });
    expect(JSON.stringify(list)).not.toContain("331234567");

    const page = await body(await officerHousehold.loader(args(getRequest(`/can-bo/ho/${h.id}`, cookie), params)));
    expect(page.household).toMatchObject({ nationalId: "331234567", cmnd: true, status: "activated" });
    expect(page.events.map((e: { to: string }) => e.to)).toEqual(["registered", "activated"]);

    // No method chosen: the field says so and the note typed is kept.
    const noMethod = (await officerHousehold.action(args(formRequest(`/can-bo/ho/${h.id}`, { intent: "verify", note: "Đã xem CMND" }, cookie), params))) as Response;
    expect(noMethod.status).toBe(400);
    const reply = await body(noMethod);
    expect(reply.result.error.method).toEqual(["households:errors.methodRequired"]);
    expect(reply.result.initialValue.note).toBe("Đã xem CMND");
    expect(getHousehold(db, h.id)?.status).toBe("activated");
    const verified = (await officerHousehold.action(
      args(formRequest(`/can-bo/ho/${h.id}`, { intent: "verify", method: "in_person_id_card", note: "Đã xem CMND" }, cookie), params),
    )) as Response;
    expect(verified.headers.get("Location")).toBe(`/can-bo/ho/${h.id}?xong=verify`);
    expect(getHousehold(db, h.id)).toMatchObject({ status: "verified", statusNote: "Đã xem CMND", verificationMethod: "in_person_id_card", verifiedBy: officer.id });
    const after = await body(await officerHousehold.loader(args(getRequest(`/can-bo/ho/${h.id}`, cookie), params)));
    expect(after.household.verification).toMatchObject({ officerName: officer.name, method: "in_person_id_card" });

    const noReason = (await officerHousehold.action(args(formRequest(`/can-bo/ho/${h.id}`, { intent: "suspend", reason: "" }, cookie), params))) as Response;
    expect(noReason.status).toBe(400);
    expect(getHousehold(db, h.id)?.status).toBe("verified");

    await officerHousehold.action(args(formRequest(`/can-bo/ho/${h.id}`, { intent: "suspend", reason: "Khiếu nại của người mua" }, cookie), params));
    expect(getHousehold(db, h.id)).toMatchObject({ status: "suspended", statusNote: "Khiếu nại của người mua" });
    // Verifying a suspended household is refused with a message, not a crash.
    const again = (await officerHousehold.action(
      args(formRequest(`/can-bo/ho/${h.id}`, { intent: "verify", method: "documents" }, cookie), params),
    )) as Response;
    expect(again.status).toBe(409);
    await officerHousehold.action(args(formRequest(`/can-bo/ho/${h.id}`, { intent: "reinstate" }, cookie), params));
    expect(getHousehold(db, h.id)?.status).toBe("verified");
  });

  it("an unknown id is 404 for staff", async () => {
    const { officer } = await staff();
    const cookie = await signIn(db, officer.id);
    expect((await thrown(officerHousehold.loader(args(getRequest("/can-bo/ho/999999", cookie), { id: "999999" })))).status).toBe(404);
    expect((await thrown(officerHousehold.loader(args(getRequest("/can-bo/ho/abc", cookie), { id: "abc" })))).status).toBe(404);
  });

  it("the farmer's own profile page shows the full ID, nobody's page shows another's", async () => {
    const farmer = await makeUser(db, "farmer");
    const id = cccd();
    createOwnHousehold(db, farmer, household({ nationalId: id }));
    const data = await body(await profile.loader(args(getRequest("/ban-hang/ho-so", await signIn(db, farmer.id)))));
    expect(data.defaults.nationalId).toBe(id);
  });
});
