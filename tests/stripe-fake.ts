/**
 * A small local HTTP fake of the Stripe endpoints the app uses, for tests and the benchmark:
 *   POST /v1/checkout/sessions, GET /v1/checkout/sessions/:id, POST /v1/refunds
 * with Idempotency-Key replay (same key + same parameters → the first response; different
 * parameters → 400 idempotency_error, as Stripe does). The real `stripe` SDK talks to it through
 * its host/port/protocol options. A hosted "payment page" (/pay/:id) lets a browser pay or leave;
 * paying sends the signed checkout.session.completed webhook to the app before redirecting, the
 * way Stripe does it (the webhook, not the redirect, marks the order paid).
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

interface FakeSession {
  id: string;
  object: "checkout.session";
  mode: string;
  currency: string;
  amount_total: number;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  payment_intent: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  payment_intent_metadata: Record<string, string>;
  success_url: string;
  cancel_url: string;
  expires_at: number;
  created: number;
  locale: string | null;
  url: string | null;
  line_items: Array<{ name: string; unit_amount: number; quantity: number }>;
  livemode: false;
}

interface FakeRefund {
  id: string;
  object: "refund";
  amount: number;
  currency: string;
  payment_intent: string;
  charge: string;
  status: "succeeded";
  metadata: Record<string, string>;
  created: number;
}

export interface StripeFake {
  url: string;
  port: number;
  /** what Stripe would hold, by id */
  sessions: Map<string, FakeSession>;
  refunds: FakeRefund[];
  /** every API request received (method, path, idempotency key) */
  requests: Array<{ method: string; path: string; idempotencyKey: string | null }>;
  /** where paying on the hosted page and refunding send signed events; set after start if needed */
  webhook: { url: string; secret: string } | null;
  /** the buyer pays: the session completes with a payment intent */
  completeSession(id: string): FakeSession;
  expireSession(id: string): FakeSession;
  /** a Stripe event object around a snapshot of `object` */
  event(type: string, object: object): Stripe.Event;
  /** the charge behind a completed session, as a charge.* event carries it */
  chargeFor(sessionId: string): Record<string, unknown>;
  /** signs and POSTs an event to the webhook URL; returns the HTTP status */
  sendEvent(event: Stripe.Event): Promise<number>;
  close(): Promise<void>;
}

const now = () => Math.floor(Date.now() / 1000);
const randomId = (prefix: string) => `${prefix}_test_${crypto.randomBytes(12).toString("hex")}`;

/** Stripe's form encoding (a[b][0][c]=v) back into nested objects; numeric keys become arrays. */
function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const index = /^\d+$/.test(part) ? Number(part) : part;
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[index] = value;
        return;
      }
      if (container[index] === undefined) container[index] = /^\d+$/.test(parts[i + 1]) ? [] : {};
      node = container[index] as Record<string, unknown>;
    });
  }
  return root;
}

class FakeError extends Error {
  constructor(
    public status: number,
    public type: string,
    message: string,
    public param?: string,
  ) {
    super(message);
  }
}

export async function startStripeFake(options: { webhook?: { url: string; secret: string } } = {}): Promise<StripeFake> {
  const sessions = new Map<string, FakeSession>();
  const refunds: FakeRefund[] = [];
  const requests: StripeFake["requests"] = [];
  const idempotent = new Map<string, { fingerprint: string; status: number; body: string }>();
  let baseUrl = "";

  function createSession(params: Record<string, unknown>): FakeSession {
    const items = (params.line_items as Array<Record<string, unknown>> | undefined) ?? [];
    if (items.length === 0) throw new FakeError(400, "invalid_request_error", "line_items is required", "line_items");
    const currency = String(((items[0].price_data as Record<string, unknown>) ?? {}).currency ?? "");
    const lines = items.map((item, i) => {
      const price = (item.price_data ?? {}) as Record<string, unknown>;
      const amount = Number(price.unit_amount);
      // VND is zero-decimal: a fractional or missing amount is refused, as Stripe does.
      if (!Number.isInteger(amount) || amount < 0) {
        throw new FakeError(400, "invalid_request_error", "Invalid integer unit_amount", `line_items[${i}][price_data][unit_amount]`);
      }
      if (String(price.currency) !== currency) throw new FakeError(400, "invalid_request_error", "All line items need the same currency");
      const product = (price.product_data ?? {}) as Record<string, unknown>;
      return { name: String(product.name ?? ""), unit_amount: amount, quantity: Number(item.quantity ?? 1) };
    });
    let expiresAt = now() + 24 * 3600;
    if (params.expires_at !== undefined) {
      expiresAt = Number(params.expires_at);
      if (expiresAt < now() + 30 * 60 - 5 || expiresAt > now() + 24 * 3600 + 5) {
        throw new FakeError(400, "invalid_request_error", "expires_at must be between 30 minutes and 24 hours from now", "expires_at");
      }
    }
    for (const field of ["success_url", "cancel_url"]) {
      if (typeof params[field] !== "string") throw new FakeError(400, "invalid_request_error", `${field} is required`, field);
    }
    const id = randomId("cs");
    const session: FakeSession = {
      id,
      object: "checkout.session",
      mode: String(params.mode ?? "payment"),
      currency,
      amount_total: lines.reduce((sum, l) => sum + l.unit_amount * l.quantity, 0),
      status: "open",
      payment_status: "unpaid",
      payment_intent: null,
      client_reference_id: (params.client_reference_id as string | undefined) ?? null,
      metadata: (params.metadata as Record<string, string> | undefined) ?? {},
      payment_intent_metadata: (((params.payment_intent_data ?? {}) as Record<string, unknown>).metadata as Record<string, string>) ?? {},
      success_url: String(params.success_url),
      cancel_url: String(params.cancel_url),
      expires_at: expiresAt,
      created: now(),
      locale: (params.locale as string | undefined) ?? null,
      url: `${baseUrl}/pay/${id}`,
      line_items: lines,
      livemode: false,
    };
    sessions.set(id, session);
    return session;
  }

  function findSession(id: string): FakeSession {
    const session = sessions.get(id);
    if (!session) throw new FakeError(404, "invalid_request_error", `No such checkout.session: '${id}'`, "id");
    return session;
  }

  function publicSession(session: FakeSession) {
    // The hosted page's URL is only shown while the session is open, as in Stripe.
    const { payment_intent_metadata: _pim, line_items: _li, ...rest } = session;
    return { ...rest, url: session.status === "open" ? session.url : null };
  }

  function sessionByPaymentIntent(pi: string): FakeSession {
    for (const s of sessions.values()) if (s.payment_intent === pi) return s;
    throw new FakeError(404, "invalid_request_error", `No such payment_intent: '${pi}'`, "payment_intent");
  }

  function refunded(session: FakeSession): number {
    return refunds.filter((r) => r.payment_intent === session.payment_intent).reduce((sum, r) => sum + r.amount, 0);
  }

  function createRefund(params: Record<string, unknown>): FakeRefund {
    const pi = params.payment_intent;
    if (typeof pi !== "string") throw new FakeError(400, "invalid_request_error", "payment_intent is required", "payment_intent");
    const session = sessionByPaymentIntent(pi);
    const remaining = session.amount_total - refunded(session);
    const amount = params.amount === undefined ? remaining : Number(params.amount);
    if (!Number.isInteger(amount) || amount <= 0 || amount > remaining) {
      throw new FakeError(400, "invalid_request_error", `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, "amount");
    }
    const refund: FakeRefund = {
      id: randomId("re"),
      object: "refund",
      amount,
      currency: session.currency,
      payment_intent: pi,
      charge: chargeId(session),
      status: "succeeded",
      metadata: (params.metadata as Record<string, string> | undefined) ?? {},
      created: now(),
    };
    refunds.push(refund);
    return refund;
  }

  const chargeId = (session: FakeSession) => `ch_${session.payment_intent?.slice(3)}`;

  function chargeFor(sessionId: string): Record<string, unknown> {
    const session = findSession(sessionId);
    if (!session.payment_intent) throw new Error(`session ${sessionId} has no payment yet`);
    const amountRefunded = refunded(session);
    return {
      id: chargeId(session),
      object: "charge",
      amount: session.amount_total,
      amount_captured: session.amount_total,
      amount_refunded: amountRefunded,
      currency: session.currency,
      paid: true,
      refunded: amountRefunded >= session.amount_total,
      payment_intent: session.payment_intent,
      // Stripe copies the payment intent's metadata onto the charge it creates.
      metadata: session.payment_intent_metadata,
      refunds: {
        object: "list",
        data: refunds.filter((r) => r.payment_intent === session.payment_intent),
        has_more: false,
      },
      status: "succeeded",
      livemode: false,
    };
  }

  function event(type: string, object: object): Stripe.Event {
    return {
      id: randomId("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: now(),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: structuredClone(object) },
    } as unknown as Stripe.Event;
  }

  async function sendEvent(evt: Stripe.Event): Promise<number> {
    if (!fake.webhook) throw new Error("the Stripe fake has no webhook URL");
    const payload = JSON.stringify(evt, null, 2);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: fake.webhook.secret });
    const response = await fetch(fake.webhook.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Stripe-Signature": signature },
      body: payload,
    });
    await response.arrayBuffer();
    return response.status;
  }

  function completeSession(id: string): FakeSession {
    const session = findSession(id);
    if (session.status !== "open") throw new Error(`session ${id} is ${session.status}`);
    session.status = "complete";
    session.payment_status = "paid";
    session.payment_intent = randomId("pi");
    return session;
  }

  function expireSession(id: string): FakeSession {
    const session = findSession(id);
    if (session.status !== "open") throw new Error(`session ${id} is ${session.status}`);
    session.status = "expired";
    return session;
  }

  function payPage(session: FakeSession): string {
    const total = new Intl.NumberFormat("vi-VN").format(session.amount_total);
    const lines = session.line_items.map((l) => `<li>${escapeHtml(l.name)} — ${new Intl.NumberFormat("vi-VN").format(l.unit_amount)} ₫</li>`).join("");
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripe fake checkout</title></head><body>
<h1>Stripe fake checkout</h1><ul>${lines}</ul><p>Total: <strong>${total} ₫</strong> (${escapeHtml(session.currency.toUpperCase())})</p>
<form method="post" action="/pay/${session.id}"><button type="submit">Pay</button></form>
<p><a href="${escapeHtml(session.cancel_url)}">Back</a></p></body></html>`;
  }

  async function route(req: http.IncomingMessage, body: string, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", baseUrl);
    const method = req.method ?? "GET";

    // The hosted payment page (what a browser sees at session.url).
    const pay = url.pathname.match(/^\/pay\/(cs_test_[0-9a-f]+)$/);
    if (pay) {
      const session = sessions.get(pay[1]);
      if (!session) return send(res, 404, "text/plain", "no such session");
      if (method === "GET") return send(res, 200, "text/html; charset=utf-8", payPage(session));
      if (session.status === "open") {
        completeSession(session.id);
        if (fake.webhook) await sendEvent(event("checkout.session.completed", publicSession(session)));
      }
      res.writeHead(303, { Location: session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id) });
      return res.end();
    }

    if (!url.pathname.startsWith("/v1/")) return send(res, 404, "text/plain", "not found");
    const key = req.headers["idempotency-key"];
    const idempotencyKey = typeof key === "string" ? key : null;
    requests.push({ method, path: url.pathname, idempotencyKey });

    const auth = req.headers.authorization ?? "";
    if (!/^Bearer sk_(test|live)_\S+$/.test(auth)) {
      throw new FakeError(401, "invalid_request_error", "Invalid API Key provided");
    }

    if (method === "POST" && idempotencyKey) {
      const fingerprint = `${url.pathname}\n${body}`;
      const previous = idempotent.get(idempotencyKey);
      if (previous) {
        if (previous.fingerprint !== fingerprint) {
          throw new FakeError(400, "idempotency_error", "Keys for idempotent requests can only be used with the same parameters they were first used with.");
        }
        res.writeHead(previous.status, { "Content-Type": "application/json", "Idempotent-Replayed": "true", "Idempotency-Key": idempotencyKey });
        return res.end(previous.body);
      }
      const { status, payload } = await apiCall(method, url.pathname, body);
      const text = JSON.stringify(payload);
      idempotent.set(idempotencyKey, { fingerprint, status, body: text });
      res.writeHead(status, { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey });
      return res.end(text);
    }
    const { status, payload } = await apiCall(method, url.pathname, body);
    return send(res, status, "application/json", JSON.stringify(payload));
  }

  async function apiCall(method: string, pathname: string, body: string): Promise<{ status: number; payload: unknown }> {
    if (method === "POST" && pathname === "/v1/checkout/sessions") {
      return { status: 200, payload: publicSession(createSession(parseStripeForm(body))) };
    }
    const get = pathname.match(/^\/v1\/checkout\/sessions\/([^/]+)$/);
    if (method === "GET" && get) return { status: 200, payload: publicSession(findSession(get[1])) };
    if (method === "POST" && pathname === "/v1/refunds") {
      const refund = createRefund(parseStripeForm(body));
      if (fake.webhook) {
        const session = sessionByPaymentIntent(refund.payment_intent);
        await sendEvent(event("charge.refunded", chargeFor(session.id)));
      }
      return { status: 200, payload: refund };
    }
    throw new FakeError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${pathname})`);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      route(req, Buffer.concat(chunks).toString("utf8"), res).catch((error: unknown) => {
        if (error instanceof FakeError) {
          send(res, error.status, "application/json", JSON.stringify({ error: { type: error.type, message: error.message, param: error.param } }));
        } else {
          send(res, 500, "application/json", JSON.stringify({ error: { type: "api_error", message: String(error) } }));
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  const fake: StripeFake = {
    url: baseUrl,
    port,
    sessions,
    refunds,
    requests,
    webhook: options.webhook ?? null,
    completeSession,
    expireSession,
    event,
    chargeFor,
    sendEvent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

function send(res: http.ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, { "Content-Type": type });
  res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
