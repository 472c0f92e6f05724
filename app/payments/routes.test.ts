import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freshTestDb } from "../../tests/db";
import { startStripeFake, type StripeFake } from "../../tests/stripe-fake";
import { formRequest, getRequest, makeUser, signIn, testContext } from "~/accounts/test-utils";
import { formatMoney } from "~/i18n/format";
import { transitionOrder } from "~/orders/state-machine.server";
import { loader as cardLoader } from "~/routes/thanh-toan_.the";
import { loader as successLoader } from "~/routes/thanh-toan_.thanh-cong";
import { loader as cancelLoader } from "~/routes/thanh-toan_.huy";
import { action as payoutAction, loader as payoutLoader } from "~/routes/quan-tri.thanh-toan";
import { loader as csvLoader } from "~/routes/quan-tri.thanh-toan[.]csv";
import { loader as webhookLoader } from "~/routes/webhooks.stripe";
import { handleStripeEvent } from "./webhook.server";
import { checkoutOf, farmWithListing, makeBuyer, useStripe } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
let fake: StripeFake;
let farm: Awaited<ReturnType<typeof farmWithListing>>;

beforeAll(async () => {
  fake = await startStripeFake();
  useStripe(fake.url);
  farm = await farmWithListing(db, { stock: 100 });
});
afterAll(async () => {
  await fake.close();
  useStripe(null);
  db.cleanup();
});

/** Runs a loader and returns its Response whether it was returned or thrown. */
async function run(fn: () => Promise<unknown>): Promise<Response> {
  try {
    return (await fn()) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function buyerWithCardCheckout() {
  const buyer = await makeBuyer(db);
  const cookie = await signIn(db, buyer.id);
  const { checkout, orders } = checkoutOf(db, buyer, [{ listing: farm.listing, quantity: 2 }], "card");
  return { buyer, cookie, checkout, orders };
}

const args = (request: Request) => ({ request, params: {}, context: testContext() });

describe("/thanh-toan/the", () => {
  it("sends the buyer to Stripe with a 303; another buyer, a guess or a signed-out visitor gets nothing", async () => {
    const { cookie, checkout } = await buyerWithCardCheckout();
    const response = await run(() => cardLoader(args(getRequest(`/thanh-toan/the?checkout=${checkout.id}`, cookie))));
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toMatch(new RegExp(`^${fake.url}/pay/cs_test_`));

    const other = await signIn(db, (await makeBuyer(db)).id);
    expect((await run(() => cardLoader(args(getRequest(`/thanh-toan/the?checkout=${checkout.id}`, other))))).status).toBe(404);
    expect((await run(() => cardLoader(args(getRequest(`/thanh-toan/the?checkout=abc`, cookie))))).status).toBe(404);
    const anonymous = await run(() => cardLoader(args(getRequest(`/thanh-toan/the?checkout=${checkout.id}`))));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/dang-nhap\?redirectTo=/);
  });

  it("a paid checkout goes to the success page, an expired one to the cancel page", async () => {
    const paid = await buyerWithCardCheckout();
    const first = await run(() => cardLoader(args(getRequest(`/thanh-toan/the?checkout=${paid.checkout.id}`, paid.cookie))));
    const sessionId = first.headers.get("Location")!.split("/pay/")[1];
    handleStripeEvent(db, fake.event("checkout.session.completed", fake.completeSession(sessionId)));
    const again = await run(() => cardLoader(args(getRequest(`/thanh-toan/the?checkout=${paid.checkout.id}`, paid.cookie))));
    expect(again.headers.get("Location")).toBe(`/thanh-toan/thanh-cong?checkout=${paid.checkout.id}`);

    const expired = await buyerWithCardCheckout();
    transitionOrder(db, null, expired.orders[0].id, "expired");
    const closed = await run(() => cardLoader(args(getRequest(`/thanh-toan/the?checkout=${expired.checkout.id}`, expired.cookie))));
    expect(closed.headers.get("Location")).toBe(`/thanh-toan/huy?checkout=${expired.checkout.id}`);
  });

  it("when Stripe cannot be reached the buyer gets a page with a retry link, not an error trace", async () => {
    const { cookie, checkout } = await buyerWithCardCheckout();
    useStripe("http://127.0.0.1:9");
    try {
      const response = await run(() => cardLoader(args(getRequest(`/thanh-toan/the?checkout=${checkout.id}`, cookie))));
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({
        checkoutId: checkout.id,
        message: "Không kết nối được với cổng thanh toán thẻ. Đơn hàng vẫn được giữ; vui lòng thử lại sau ít phút.",
      });
    } finally {
      useStripe(fake.url);
    }
  });
});

describe("success and cancel pages only show the stored state", () => {
  it("reaching the success URL does not make anything paid", async () => {
    const { cookie, checkout, orders } = await buyerWithCardCheckout();
    const response = await run(() => successLoader(args(getRequest(`/thanh-toan/thanh-cong?checkout=${checkout.id}&session_id=cs_test_forged`, cookie))));
    const data = await response.json();
    expect(data).toMatchObject({ checkoutId: checkout.id, state: "pending", orders: [{ code: orders[0].code, paymentStatus: "pending" }] });
    const cancel = await (await run(() => cancelLoader(args(getRequest(`/thanh-toan/huy?checkout=${checkout.id}`, cookie))))).json();
    expect(cancel).toMatchObject({ state: "pending", canPay: true });
    const other = await signIn(db, (await makeBuyer(db)).id);
    expect((await run(() => successLoader(args(getRequest(`/thanh-toan/thanh-cong?checkout=${checkout.id}`, other))))).status).toBe(404);
  });
});

describe("/quan-tri/thanh-toan", () => {
  it("is for administrators only; the CSV too", async () => {
    const buyer = await signIn(db, (await makeBuyer(db)).id);
    const farmer = await signIn(db, farm.farmer.id);
    for (const cookie of [buyer, farmer]) {
      expect((await run(() => payoutLoader(args(getRequest("/quan-tri/thanh-toan", cookie))))).status).toBe(403);
      expect((await run(() => csvLoader(args(getRequest("/quan-tri/thanh-toan.csv", cookie))))).status).toBe(403);
      expect((await run(() => payoutAction(args(formRequest("/quan-tri/thanh-toan", { householdId: String(farm.household.id), amountVnd: "1", reference: "x" }, cookie)))))
        .status).toBe(403);
    }
    const admin = await signIn(db, (await makeUser(db, "admin")).id);
    const csv = await run(() => csvLoader(args(getRequest("/quan-tri/thanh-toan.csv", admin))));
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  });

  it("names the CSV with the day in Vietnam: at 03:00 on 2 December there (20:00 UTC on the 1st) it is 2026-12-02", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T20:00:00Z") });
    try {
      const admin = await signIn(db, (await makeUser(db, "admin")).id);
      const csv = await run(() => csvLoader(args(getRequest("/quan-tri/thanh-toan.csv", admin))));
      expect(csv.headers.get("Content-Disposition")).toBe('attachment; filename="so-cai-thanh-toan-2026-12-02.csv"');
    } finally {
      vi.useRealTimers();
    }
  });

  it("an admin records a payout with a reference; a missing reference keeps the form with a message", async () => {
    const { buyer, checkout, orders } = await buyerWithCardCheckout();
    const buyerCookie = await signIn(db, buyer.id);
    const first = await run(() => cardLoader(args(getRequest(`/thanh-toan/the?checkout=${checkout.id}`, buyerCookie))));
    handleStripeEvent(db, fake.event("checkout.session.completed", fake.completeSession(first.headers.get("Location")!.split("/pay/")[1])));
    for (const step of ["confirmed", "shipped", "delivered"] as const) transitionOrder(db, farm.farmer, orders[0].id, step);
    transitionOrder(db, buyer, orders[0].id, "completed");

    const admin = await signIn(db, (await makeUser(db, "admin")).id);
    const page = await (await run(() => payoutLoader(args(getRequest("/quan-tri/thanh-toan", admin))))).json();
    const row = page.farms.find((f: { householdId: number }) => f.householdId === farm.household.id);
    expect(row.owedVnd).toBe(orders[0].totalVnd);

    const fields = { householdId: String(farm.household.id), amountVnd: String(row.owedVnd) };
    const refused = await run(() => payoutAction(args(formRequest("/quan-tri/thanh-toan", { ...fields, reference: "" }, admin))));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ householdId: farm.household.id, reference: "", error: "Nhập mã giao dịch của lần chuyển khoản." });
    // The amount owed moved since the page was drawn: the message names the new amount, as money.
    const stale = await run(() => payoutAction(args(formRequest("/quan-tri/thanh-toan", { ...fields, amountVnd: String(row.owedVnd + 1), reference: "FT2604150001" }, admin))));
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toBe(`Số tiền còn nợ vừa thay đổi thành ${formatMoney(row.owedVnd, "vi")}. Vui lòng kiểm tra lại trước khi ghi nhận.`);
    const done = await run(() => payoutAction(args(formRequest("/quan-tri/thanh-toan", { ...fields, reference: "FT2604150001" }, admin))));
    expect(done.status).toBe(303);
    const after = await (await run(() => payoutLoader(args(getRequest("/quan-tri/thanh-toan?xong=1", admin))))).json();
    expect(after.done).toBe(true);
    expect(after.history[0]).toMatchObject({ reference: "FT2604150001" });
  });
});

describe("/webhooks/stripe", () => {
  it("answers GET with 405", async () => {
    expect(webhookLoader().status).toBe(405);
  });
});
