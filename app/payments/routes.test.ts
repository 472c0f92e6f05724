import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  it("is for administrators only; the bank file too", async () => {
    const buyer = await signIn(db, (await makeBuyer(db)).id);
    const farmer = await signIn(db, farm.farmer.id);
    for (const cookie of [buyer, farmer]) {
      expect((await run(() => payoutLoader(args(getRequest("/quan-tri/thanh-toan", cookie))))).status).toBe(403);
      expect((await run(() => csvLoader(args(getRequest("/quan-tri/thanh-toan.csv?dot=1", cookie))))).status).toBe(403);
      expect((await run(() => payoutAction(args(formRequest("/quan-tri/thanh-toan", { intent: "run" }, cookie)))))
        .status).toBe(403);
    }
    const admin = await signIn(db, (await makeUser(db, "admin")).id);
    expect((await run(() => csvLoader(args(getRequest("/quan-tri/thanh-toan.csv?dot=abc", admin))))).status).toBe(404);
  });

  it("an admin runs a payout of completed card orders, downloads the bank file and marks it paid once", async () => {
    // A farm of its own, so that other tests' orders are not in its balance.
    const own = await farmWithListing(db, { stock: 10 });
    const buyer = await makeBuyer(db);
    const buyerCookie = await signIn(db, buyer.id);
    const { checkout, orders } = checkoutOf(db, buyer, [{ listing: own.listing, quantity: 2 }], "card");
    const first = await run(() => cardLoader(args(getRequest(`/thanh-toan/the?checkout=${checkout.id}`, buyerCookie))));
    handleStripeEvent(db, fake.event("checkout.session.completed", fake.completeSession(first.headers.get("Location")!.split("/pay/")[1])));
    const admin = await signIn(db, (await makeUser(db, "admin")).id);
    const farmRow = async () => {
      const page = await (await run(() => payoutLoader(args(getRequest("/quan-tri/thanh-toan", admin))))).json();
      return { page, row: page.farms.find((f: { householdId: number }) => f.householdId === own.household.id) };
    };
    // Paid but not completed: owed, held back, nothing payable yet.
    expect((await farmRow()).row).toMatchObject({ balance: formatMoney(orders[0].totalVnd, "vi"), payable: formatMoney(0, "vi"), reason: "nothingPayable" });

    for (const step of ["confirmed", "shipped", "delivered"] as const) transitionOrder(db, own.farmer, orders[0].id, step);
    transitionOrder(db, buyer, orders[0].id, "completed");
    expect((await farmRow()).row).toMatchObject({ payable: formatMoney(orders[0].totalVnd, "vi"), reason: null });

    const created = await run(() => payoutAction(args(formRequest("/quan-tri/thanh-toan", { intent: "run" }, admin))));
    expect(created.headers.get("Location")).toBe("/quan-tri/thanh-toan?xong=created");
    const { page } = await farmRow();
    const runId = page.runs[0].id as number;
    expect(page.runs[0]).toMatchObject({ status: "open", farmCount: 1 });
    const file = await run(() => csvLoader(args(getRequest(`/quan-tri/thanh-toan.csv?dot=${runId}`, admin))));
    expect(file.headers.get("Content-Disposition")).toBe(`attachment; filename="chi-tra-dot-${runId}.csv"`);
    const lines = (await file.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("STT,BIN,Ngan hang,So tai khoan,Ten tai khoan,So tien,Noi dung");
    expect(lines[1]).toBe(`1,970405,${lines[1].split(",")[2]},700012345678,NGUYEN VAN TU,${orders[0].totalVnd},CNS ${runId} ${own.household.id}`);

    const paid = await run(() => payoutAction(args(formRequest("/quan-tri/thanh-toan", { intent: "paid", runId: String(runId) }, admin))));
    expect(paid.status).toBe(303);
    const again = await run(() => payoutAction(args(formRequest("/quan-tri/thanh-toan", { intent: "paid", runId: String(runId) }, admin))));
    expect(again.status).toBe(409);
    expect((await again.json()).error).toBe("Đợt chi trả này đã được đánh dấu đã chuyển.");
    expect((await farmRow()).row).toMatchObject({ balance: formatMoney(0, "vi"), reason: "nothingPayable" });
  });
});

describe("/webhooks/stripe", () => {
  it("answers GET with 405", async () => {
    expect(webhookLoader().status).toBe(405);
  });
});
