/**
 * Demo orders and reviews, made the way real ones are: placeCheckout, the order state machine, the
 * farm's payment confirmations (transfer received, cash collected), the buyer's review, the farm's
 * report. Only the timestamps are moved back afterwards (raw UPDATEs, as backdateOnboarding does),
 * so the demo buyer has a history and the farm's page reviews from past months.
 */
import { eq } from "drizzle-orm";
import { createUser } from "../../app/accounts/users.server";
import type { Actor } from "../../app/accounts/access";
import type { Db } from "../../app/lib/db.server";
import { placeCheckout } from "../../app/orders/checkout.server";
import { createReview, reportReview } from "../../app/orders/reviews.server";
import { transitionOrder } from "../../app/orders/state-machine.server";
import type { OrderStatus } from "../../app/orders/statuses";
import { markCashCollected, markTransferReceived } from "../../app/payments/payments.server";
import { listings } from "../schema";
import { DEMO_FARMER_FARM, type SeededFarm } from "./catalog";
import { seededRandom } from "./random";

const DAY_MS = 86_400_000;
/** Time between two steps of a demo order's timeline. */
const STEP_MS = 5 * 3_600_000;
/** Đạo Thạnh (Đồng Tháp): where the demo buyers live. */
const BUYER_COMMUNE = "28249";

/** Other buyers (no password: they never log in), so farms have reviews from more than one person. */
const OTHER_BUYERS = [
  { name: "Nguyễn Thị Thảo", phone: "0933 500 101", address: "45 Ấp Bắc, khu phố 2" },
  { name: "Phạm Quốc Bảo", phone: "0933 500 102", address: "18 Trưng Trắc, khu phố 1" },
  { name: "Huỳnh Ngọc Trâm", phone: "0933 500 103", address: "7 Nam Kỳ Khởi Nghĩa" },
  { name: "Võ Minh Khang", phone: "0933 500 104", address: "102 Lý Thường Kiệt" },
  { name: "Đặng Thị Kim Ngân", phone: "0933 500 105", address: "Hẻm 3, Ấp Thạnh Hưng" },
] as const;

interface Buyer {
  actor: Actor;
  name: string;
  phone: string;
  address: string;
}

interface Plan {
  buyer: Buyer;
  farm: SeededFarm;
  /** which of the farm's listings (wraps around; seedCatalog lists the farm's products in turn) */
  item: number;
  method: "cod" | "bank_transfer";
  delivery: "pickup" | "delivery";
  to: OrderStatus;
  daysAgo: number;
  note?: string;
  reason?: string;
  review?: { rating: number; comment: string };
}

/** The step path of each final status (money confirmed where a real farm would confirm it). */
const PATHS: Record<OrderStatus, OrderStatus[]> = {
  placed: [],
  confirmed: ["confirmed"],
  packed: ["confirmed", "packed"],
  shipped: ["confirmed", "shipped"],
  delivered: ["confirmed", "shipped", "delivered"],
  completed: ["confirmed", "shipped", "delivered", "completed"],
  rejected: ["rejected"],
  cancelled: ["cancelled"],
  expired: ["expired"],
  returned: ["confirmed", "shipped", "returned"],
};

/** What buyers write, by rating: the demo's reviews below 5 say what was not quite right. */
const COMMENTS: Record<number, string[]> = {
  5: [
    "Hàng tươi, đóng gói cẩn thận, giao đúng hẹn. Cả nhà đều khen.",
    "Đúng như mô tả, vườn gọi hỏi giờ giao trước. Lần sau mua tiếp.",
    "Giá hợp lý hơn ngoài chợ mà chất lượng tốt.",
    "Mua biếu ông bà, ai cũng khen. Cảm ơn vườn.",
  ],
  4: [
    "Hàng tốt, có điều giao trễ hơn hẹn nửa ngày.",
    "Chất lượng tốt, giá nhỉnh hơn chợ một chút nhưng đáng tiền.",
    "Đóng gói hơi sơ sài nhưng hàng tới vẫn nguyên vẹn.",
  ],
  3: ["Tạm được, hàng bị dập một ít khi vận chuyển, vườn hứa lần sau lót kỹ hơn."],
};

let keySeq = 0;

function placeOne(db: Db, plan: Plan, now: Date) {
  const listingId = plan.farm.listingIds[plan.item % plan.farm.listingIds.length];
  const listing = db.select().from(listings).where(eq(listings.id, listingId)).get();
  if (!listing) throw new Error(`demo listing ${listingId} is missing`);
  const placedAt = new Date(now.getTime() - plan.daysAgo * DAY_MS);
  const { orders } = placeCheckout(db, plan.buyer.actor, {
    idempotencyKey: `demo-seed-${String(++keySeq).padStart(4, "0")}`,
    paymentMethod: plan.method,
    recipientName: plan.buyer.name,
    recipientPhone: plan.buyer.phone,
    communeCode: BUYER_COMMUNE,
    addressLine: plan.buyer.address,
    note: plan.note ?? "",
    lines: [{ listingId, quantity: listing.minOrder + (plan.item % 3), seenPriceVnd: listing.priceVnd }],
    delivery: { [plan.farm.householdId]: plan.delivery },
    now: placedAt,
  });
  const order = orders[0];
  const farm = plan.farm.owner;
  for (const step of PATHS[plan.to]) {
    // A prepaid transfer is confirmed once the farm sees the money; cash is taken on delivery.
    if (step === "confirmed" && plan.method === "bank_transfer") markTransferReceived(db, farm, order.id);
    const actor = step === "completed" || step === "cancelled" ? plan.buyer.actor : step === "expired" || step === "returned" ? null : farm;
    transitionOrder(db, actor, order.id, step, step === "rejected" || step === "cancelled" ? plan.reason : null);
    if (step === "delivered" && plan.method === "cod") markCashCollected(db, farm, order.id);
  }
  const review = plan.review ? createReview(db, plan.buyer.actor, order.id, plan.review) : null;
  if (plan.daysAgo > 0) backdate(db, order.id, placedAt);
  return { order, review };
}

/** Spreads the order's timeline out from the day it was placed (each step a few hours after the last). */
function backdate(db: Db, orderId: number, placedAt: Date) {
  const sqlite = db.$client;
  const base = placedAt.getTime();
  const events = sqlite.prepare("SELECT id FROM order_events WHERE order_id = ? ORDER BY id").all(orderId) as { id: number }[];
  const setEvent = sqlite.prepare("UPDATE order_events SET created_at = ? WHERE id = ?");
  events.forEach((e, i) => setEvent.run(base + i * STEP_MS, e.id));
  const last = base + Math.max(0, events.length - 1) * STEP_MS;
  sqlite.prepare("UPDATE orders SET created_at = ?, updated_at = ? WHERE id = ?").run(base, last, orderId);
  sqlite.prepare("UPDATE checkouts SET created_at = ? WHERE id = (SELECT checkout_id FROM orders WHERE id = ?)").run(base, orderId);
  sqlite.prepare("UPDATE payments SET created_at = ?, updated_at = ? WHERE order_id = ?").run(base, last, orderId);
  sqlite.prepare("UPDATE reviews SET created_at = ? WHERE order_id = ?").run(last + STEP_MS, orderId);
}

/**
 * The demo farmer's farm gets an order in every state (and more reviews than one page shows, one of
 * them reported to the administrators); the demo buyer gets past orders and reviews at several farms;
 * other buyers review a spread of farms so the catalogue shows ratings.
 */
export async function seedOrders(db: Db, farms: SeededFarm[], demoBuyer: Actor & { name: string; phone: string }, options: { today?: Date } = {}) {
  const now = options.today ?? new Date();
  const random = seededRandom(13);
  const me: Buyer = { actor: demoBuyer, name: "Lê Minh Anh", phone: demoBuyer.phone, address: "12 Lê Lợi, khu phố 3" };
  const others: Buyer[] = [];
  for (const b of OTHER_BUYERS) {
    const user = await createUser(db, { phone: b.phone, name: b.name, password: null, role: "buyer", phoneVerified: true });
    others.push({ actor: { id: user.id, role: "buyer" }, name: b.name, phone: b.phone, address: b.address });
  }
  const byKey = new Map(farms.map((f) => [f.key, f]));
  const home = byKey.get(DEMO_FARMER_FARM);
  if (!home) throw new Error(`demo farm ${DEMO_FARMER_FARM} is missing`);
  const [o1, o2, o3, o4, o5] = others;

  // The demo farmer's farm: every state, newest first, as its order list shows them.
  const plans: Plan[] = [
    { buyer: me, farm: home, item: 0, method: "cod", delivery: "pickup", to: "placed", daysAgo: 0, note: "Chiều mai em ghé vườn lấy, lựa giúp em trái chín vừa." },
    { buyer: o1, farm: home, item: 1, method: "bank_transfer", delivery: "delivery", to: "placed", daysAgo: 0 },
    { buyer: me, farm: home, item: 2, method: "bank_transfer", delivery: "delivery", to: "confirmed", daysAgo: 1 },
    { buyer: o5, farm: home, item: 2, method: "cod", delivery: "delivery", to: "packed", daysAgo: 1 },
    { buyer: o2, farm: home, item: 0, method: "cod", delivery: "delivery", to: "shipped", daysAgo: 1 },
    { buyer: me, farm: home, item: 1, method: "cod", delivery: "pickup", to: "delivered", daysAgo: 2 },
    { buyer: o3, farm: home, item: 2, method: "cod", delivery: "pickup", to: "rejected", daysAgo: 5, reason: "Sầu riêng đợt này chưa đủ độ chín, vườn hẹn anh chị tuần sau." },
    { buyer: o4, farm: home, item: 0, method: "bank_transfer", delivery: "delivery", to: "expired", daysAgo: 6 },
    { buyer: o4, farm: home, item: 2, method: "cod", delivery: "delivery", to: "returned", daysAgo: 8 },
    { buyer: me, farm: home, item: 1, method: "cod", delivery: "delivery", to: "cancelled", daysAgo: 9, reason: "Em đặt nhầm số lượng, để em đặt lại đơn khác." },
    { buyer: me, farm: home, item: 0, method: "cod", delivery: "pickup", to: "completed", daysAgo: 20, review: { rating: 5, comment: "Sầu riêng cơm vàng, hạt lép, thơm lắm. Vườn lựa trái kỹ, tới nơi là có sẵn." } },
    { buyer: o1, farm: home, item: 4, method: "bank_transfer", delivery: "delivery", to: "completed", daysAgo: 34, review: { rating: 4, comment: "Trái ngon, có một múi hơi chín quá nhưng vẫn ăn được. Giao nhanh." } },
    { buyer: o2, farm: home, item: 2, method: "cod", delivery: "delivery", to: "completed", daysAgo: 47, review: { rating: 5, comment: "Lần thứ hai mua ở vườn, vẫn ngon như lần trước." } },
    { buyer: o3, farm: home, item: 0, method: "cod", delivery: "delivery", to: "completed", daysAgo: 58, review: { rating: 2, comment: "Giao trễ hai ngày, một múi bị sượng." } },
    { buyer: o4, farm: home, item: 1, method: "cod", delivery: "pickup", to: "completed", daysAgo: 73, review: { rating: 5, comment: "Cây giống khỏe, lá xanh, vườn dặn cách trồng rất kỹ." } },
    { buyer: o5, farm: home, item: 2, method: "cod", delivery: "delivery", to: "completed", daysAgo: 88, review: { rating: 3, comment: "Ngọt nhưng trái nhỏ hơn trong hình, giá vậy hơi cao." } },
    { buyer: me, farm: home, item: 0, method: "bank_transfer", delivery: "delivery", to: "completed", daysAgo: 110, review: { rating: 5, comment: "Chuyển khoản xong vườn báo ngay, giao tận nhà, đóng thùng chắc chắn." } },
    { buyer: o5, farm: home, item: 3, method: "cod", delivery: "pickup", to: "completed", daysAgo: 131, review: { rating: 4, comment: "Cây giống đúng giống, bầu đất chắc. Chỉ tiếc vườn hết cây to nên lấy cây nhỏ hơn." } },
  ];

  // The demo buyer's own past orders at other farms, each reviewed (item 0: the farm's first product, which the text is about).
  const mine: Array<[string, number, string]> = [
    ["vinhkim1", 5, "Vú sữa Lò Rèn ngọt thanh, nhiều sữa. Cô Hiền gói từng trái bằng giấy, không trái nào dập."],
    ["myloi", 4, "Bưởi mọng nước, ngọt hơi the. Giao chậm một ngày nhưng vườn có gọi báo trước."],
    ["chogao1", 5, "Thanh long ruột đỏ tươi, trái to đều. Sẽ đặt tiếp cho cả xóm."],
    ["gocong1", 3, "Nghêu sạch, ít cát, nhưng tới hơi trễ nên phải ngâm lại nước muối."],
  ];
  mine.forEach(([key, rating, comment], i) => {
    const farm = byKey.get(key);
    if (farm) plans.push({ buyer: me, farm, item: 0, method: "cod", delivery: "delivery", to: "completed", daysAgo: 15 + i * 23, review: { rating, comment } });
  });

  // Other buyers review a spread of farms (not the first two, which the e2e order specs use freshly).
  for (const farm of farms.slice(2)) {
    if (farm.key === DEMO_FARMER_FARM || random() < 0.35) continue;
    const rating = random() < 0.6 ? 5 : random() < 0.75 ? 4 : 3;
    const pool = COMMENTS[rating];
    const buyer = others[Math.floor(random() * others.length)];
    plans.push({ buyer, farm, item: 0, method: "cod", delivery: "pickup", to: "completed", daysAgo: 10 + Math.floor(random() * 150), review: { rating, comment: pool[Math.floor(random() * pool.length)] } });
  }

  let reviews = 0;
  for (const plan of plans) {
    const { review } = placeOne(db, plan, now);
    if (review) reviews++;
    // The farm thinks the 2-star review unfair and reports it: the administrators' queue has one to decide.
    if (review && plan.farm === home && plan.review?.rating === 2) {
      reportReview(db, home.owner, review.id, "Khách hẹn lại ngày nhận nên giao sau hai ngày; vườn còn tin nhắn Zalo xác nhận.");
    }
  }
  return { orders: plans.length, reviews };
}
