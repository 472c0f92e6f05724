/**
 * `npm run bench:checkout` (tsx bench/checkout.ts): issue 4, "Measured".
 *  1. The built server (one process, production mode, its usual protections) on a temp database with
 *     one verified farm and one listing of 100 units; 400 buyers, each with a session created in the
 *     database (createSession + the session cookie's signer) and 1 unit in their cart, POST /thanh-toan
 *     at once with a valid Origin. Prints orders created (must be 100), units oversold (0), stock left
 *     (0) and checkouts per second.
 *  2. A webhook replay: 60 card checkouts through the same HTTP routes (POST /thanh-toan, then
 *     /thanh-toan/the which opens the Stripe Checkout Session at a local Stripe fake); 50 are paid, 5
 *     expire, 5 have a failed attempt. Every event (completed, expired, failed; a few paid checkouts
 *     also had a failed attempt first) is sent 5 times, shuffled, 16 at a time, to /webhooks/stripe,
 *     signed with stripe.webhooks.generateTestHeaderString. Prints payments recorded (must be 50) and
 *     orders paid twice (0).
 * Ends with one JSON line: {"bench":"checkout",...}. Option: --keep (leave the temp directory).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { startStripeFake } from "../tests/stripe-fake";
import { round, startBuiltServer } from "./support";

const BUYERS = 400;
const STOCK = 100;
const CARD_CHECKOUTS = 60;
const PAID = 50;
const REPLAYS = 5;
const WEBHOOK_CONCURRENCY = 16;
const STRIPE_KEY = "sk_test_bench_checkout";
const WEBHOOK_SECRET = `whsec_bench_${crypto.randomBytes(12).toString("hex")}`;
const SESSION_SECRET = crypto.randomBytes(32).toString("base64url");

const keep = process.argv.includes("--keep");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-bench-checkout-"));
const databasePath = path.join(dir, "bench.db");

// The bench process writes the fixtures and signs cookies with the server's own secret.
process.env.NODE_ENV = "production";
process.env.DATABASE_PATH = databasePath;
process.env.SESSION_SECRET = SESSION_SECRET;
process.env.SEED_DEMO = "false";
process.env.LOG_LEVEL = "error";

const log = (...parts: unknown[]) => console.log(...parts);

function shuffle<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function main() {
  const { ensureAdminUnits } = await import("~/addresses/load.server");
  const { migrateDatabase, openDatabase } = await import("~/lib/db.server");
  const { createBenchBuyers, createBenchFarm, postCheckout } = await import("./checkout-flow");

  // --- Fixtures, written before the server starts.
  const db = openDatabase(databasePath);
  migrateDatabase(db);
  ensureAdminUnits(db);
  const { household, publish } = await createBenchFarm(db);
  const hot = publish("Xoài cát Hòa Lộc loại 1", STOCK);
  const cardListing = publish("Xoài cát chu", 10_000);
  const rush = await createBenchBuyers(db, BUYERS, "10", hot);
  const cardBuyers = await createBenchBuyers(db, CARD_CHECKOUTS, "20", cardListing);
  db.$client.close();

  // --- The server and the Stripe fake.
  const fake = await startStripeFake();
  const server = await startBuiltServer({
    databasePath,
    uploadsDir: path.join(dir, "uploads"),
    log,
    // the worker sends the outbox; payments go to the fake
    env: { SESSION_SECRET, JOBS_WORKER: "true", STRIPE_SECRET_KEY: STRIPE_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: fake.url },
  }).catch(async (error: unknown) => {
    await fake.close();
    throw error;
  });
  const base = server.base;
  fake.webhook = { url: `${base}/webhooks/stripe`, secret: WEBHOOK_SECRET };
  const stop = async () => {
    await server.stop();
    await fake.close();
  };
  try {
    const post = (cookie: string, method: "cod" | "card") => postCheckout(base, cookie, household, method);

    // --- 1. 400 concurrent checkouts for 100 units.
    log(`checkout rush: ${BUYERS} buyers, ${STOCK} units, ${os.cpus().length} cores`);
    const statuses = new Map<string, number>();
    const started = performance.now();
    await Promise.all(
      rush.map(async (b) => {
        const res = await post(b.cookie, "cod");
        await res.arrayBuffer();
        // Placed → 302 to /thanh-toan/da-dat?checkout=…; sold out → the page's loader sends the
        // buyer back to the cart, which says what changed (302 → /gio-hang).
        const placed = res.status === 302 && (res.headers.get("Location") ?? "").startsWith("/thanh-toan/da-dat");
        const key = placed ? "placed" : `refused ${res.status}${res.headers.get("Location") ? ` → ${res.headers.get("Location")}` : ""}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const check = new (await import("better-sqlite3")).default(databasePath, { readonly: true });
    const orders = (check.prepare("SELECT count(DISTINCT o.id) AS n FROM orders o JOIN order_items i ON i.order_id = o.id WHERE i.listing_id = ?").get(hot.id) as { n: number }).n;
    const sold = (check.prepare("SELECT coalesce(sum(quantity), 0) AS n FROM order_items WHERE listing_id = ?").get(hot.id) as { n: number }).n;
    const stockLeft = (check.prepare("SELECT stock FROM listings WHERE id = ?").get(hot.id) as { stock: number }).stock;
    const oversold = Math.max(0, sold - STOCK) + Math.max(0, -stockLeft);
    // Every attempt, placed or refused, is a checkout the server had to decide.
    const checkoutsPerS = round(BUYERS / seconds, 1);
    log(`  responses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(", ")} in ${round(seconds, 2)} s`);
    log(`  orders created ${orders} (must be ${STOCK}), units oversold ${oversold} (0), stock left ${stockLeft} (0), ${checkoutsPerS} checkouts/s`);

    // --- 2. Card checkouts through the routes, then every Stripe event 5 times, shuffled.
    const sessions: Array<{ checkoutId: number; sessionId: string }> = [];
    await pool(cardBuyers, 8, async (b) => {
      const placed = await post(b.cookie, "card");
      await placed.arrayBuffer();
      const next = placed.headers.get("Location") ?? "";
      const checkoutId = Number(new URL(next, base).searchParams.get("checkout"));
      if (!checkoutId) throw new Error(`card checkout was not placed (${placed.status} → ${next})`);
      const redirect = await fetch(new URL(next, base), { redirect: "manual", headers: { Cookie: b.cookie } });
      await redirect.arrayBuffer();
      const stripeUrl = redirect.headers.get("Location") ?? "";
      if (redirect.status !== 303 || !stripeUrl.startsWith(fake.url)) throw new Error(`no Stripe redirect (${redirect.status} → ${stripeUrl})`);
      sessions.push({ checkoutId, sessionId: stripeUrl.split("/pay/")[1] });
    });
    const events: Array<{ event: Stripe.Event; checkoutId: number }> = [];
    shuffle(sessions).forEach(({ checkoutId, sessionId }, i) => {
      if (i < PAID) {
        if (i % 10 === 0) {
          events.push({ checkoutId, event: fake.event("payment_intent.payment_failed", { id: `pi_test_failed_${i}`, object: "payment_intent", metadata: { checkout_id: String(checkoutId) } }) });
        }
        events.push({ checkoutId, event: fake.event("checkout.session.completed", fake.completeSession(sessionId)) });
      } else if (i < PAID + 5) {
        events.push({ checkoutId, event: fake.event("checkout.session.expired", fake.expireSession(sessionId)) });
      } else {
        events.push({ checkoutId, event: fake.event("payment_intent.payment_failed", { id: `pi_test_failed_${i}`, object: "payment_intent", metadata: { checkout_id: String(checkoutId) } }) });
      }
    });
    const deliveries = shuffle(events.flatMap((e) => Array.from({ length: REPLAYS }, () => e)));
    const paidOutcomes = new Map<number, number>();
    const outcomes = new Map<string, number>();
    let rejected = 0;
    const webhookStarted = performance.now();
    await pool(deliveries, WEBHOOK_CONCURRENCY, async ({ event, checkoutId }) => {
      const payload = JSON.stringify(event);
      const res = await fetch(`${base}/webhooks/stripe`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Stripe-Signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
        body: payload,
      });
      const body = (await res.json()) as { outcome?: string };
      if (res.status !== 200) rejected++;
      const outcome = body.outcome ?? `http ${res.status}`;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (outcome === "paid") paidOutcomes.set(checkoutId, (paidOutcomes.get(checkoutId) ?? 0) + 1);
    });
    const webhookSeconds = (performance.now() - webhookStarted) / 1000;
    const ids = sessions.map((s) => s.checkoutId);
    const marks = ids.map(() => "?").join(",");
    const webhookPayments = (
      check.prepare(`SELECT count(*) AS n FROM payments WHERE provider = 'stripe' AND status = 'succeeded' AND checkout_id IN (${marks})`).get(...ids) as { n: number }
    ).n;
    // Paid twice: an order with more than one "paid" entry in its timeline, or a checkout the webhook paid more than once.
    const twiceInTimeline = (
      check
        .prepare(
          `SELECT count(*) AS n FROM (SELECT e.order_id FROM order_events e JOIN orders o ON o.id = e.order_id
           WHERE o.checkout_id IN (${marks}) AND e.note LIKE 'payment:paid%' GROUP BY e.order_id HAVING count(*) > 1)`,
        )
        .get(...ids) as { n: number }
    ).n;
    const doublePaid = twiceInTimeline + [...paidOutcomes.values()].filter((n) => n > 1).length;
    const expiredOrders = (check.prepare(`SELECT count(*) AS n FROM orders WHERE status = 'expired' AND checkout_id IN (${marks})`).get(...ids) as { n: number }).n;
    check.close();
    log(`webhook replay: ${events.length} events × ${REPLAYS} = ${deliveries.length} deliveries in ${round(webhookSeconds, 2)} s (${rejected} refused)`);
    log(`  outcomes: ${[...outcomes].map(([o, n]) => `${o}×${n}`).join(", ")}; orders expired ${expiredOrders} (5)`);
    log(`  payments recorded ${webhookPayments} (must be ${PAID}), orders paid twice ${doublePaid} (0)`);

    console.log(
      JSON.stringify({
        bench: "checkout",
        orders,
        oversold,
        stock_left: stockLeft,
        checkouts_per_s: checkoutsPerS,
        webhook_payments: webhookPayments,
        double_paid: doublePaid,
      }),
    );
  } finally {
    await stop();
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});
