import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { openDatabase } from "~/lib/db.server";
import { dispatchOutbox, SENDING_LEASE_MS } from "./dispatch.server";
import { enqueueMessage, getOutboxMessage } from "./outbox.server";
import { logTransport, verifyWebhookSignature, webhookTransport, type Transport } from "./transports.server";

const db = freshTestDb();

interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  json: { id: number; channel: string; to: string; template: string; locale: string; body: string; payload: Record<string, unknown> };
}

/** A gateway on 127.0.0.1 that records requests and answers with the queued statuses (then 200). */
let received: Received[] = [];
let statuses: number[] = [];
let delayMs = 0;
const server = http.createServer((req, res) => {
  let raw = "";
  req.setEncoding("utf8");
  req.on("data", (chunk) => (raw += chunk));
  req.on("end", () => {
    received.push({ headers: req.headers, raw, json: JSON.parse(raw) });
    const status = statuses.shift() ?? 200;
    setTimeout(() => res.writeHead(status, { "Content-Type": "text/plain" }).end(status === 200 ? "ok" : "boom"), delayMs);
  });
});
let url = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  db.cleanup();
});
afterEach(() => {
  received = [];
  statuses = [];
  delayMs = 0;
  db.$client.exec("delete from outbox");
});

const otp = (recipient: string, code = "246810") =>
  enqueueMessage(db, { channel: "sms", recipient, template: "otp.signup", locale: "vi", payload: { code, minutes: 10 } });

describe("webhook transport", () => {
  it("posts the message as signed JSON with an idempotency key", async () => {
    const id = otp("+84911111111");
    const result = await dispatchOutbox(db, webhookTransport(url, "s3cret"));
    expect(result).toMatchObject({ claimed: 1, sent: 1, retrying: 0, failed: 0 });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request.headers["idempotency-key"]).toBe(`outbox-${id}`);
    expect(verifyWebhookSignature(request.raw, "s3cret", request.headers["x-signature-256"] as string)).toBe(true);
    expect(verifyWebhookSignature(request.raw, "other", request.headers["x-signature-256"] as string)).toBe(false);
    expect(request.json).toEqual({
      id,
      channel: "sms",
      to: "+84911111111",
      template: "otp.signup",
      locale: "vi",
      body: "Mã đăng ký Chợ Nông Sản: 246810. Hiệu lực 10 phút. Không đưa mã này cho ai.",
      payload: { code: "246810", minutes: 10 },
    });
    const row = getOutboxMessage(db, id)!;
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(1);
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it("sends no signature header without a secret", async () => {
    otp("+84911111112");
    await dispatchOutbox(db, webhookTransport(url));
    expect(received[0].headers["x-signature-256"]).toBeUndefined();
  });

  it("retries after a 500 with backoff, then succeeds with the same idempotency key", async () => {
    statuses = [500];
    const id = otp("+84911111113");
    const start = new Date();
    const first = await dispatchOutbox(db, webhookTransport(url), { now: start });
    expect(first).toMatchObject({ claimed: 1, sent: 0, retrying: 1 });
    let row = getOutboxMessage(db, id)!;
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toContain("HTTP 500");
    expect(row.nextAttemptAt.getTime()).toBe(start.getTime() + 30_000);

    // Not due yet: nothing is sent.
    expect((await dispatchOutbox(db, webhookTransport(url), { now: new Date(start.getTime() + 10_000) })).claimed).toBe(0);

    const later = await dispatchOutbox(db, webhookTransport(url), { now: new Date(start.getTime() + 31_000) });
    expect(later).toMatchObject({ claimed: 1, sent: 1 });
    row = getOutboxMessage(db, id)!;
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    expect(received.map((r) => r.headers["idempotency-key"])).toEqual([`outbox-${id}`, `outbox-${id}`]);
  });

  it("gives up after the last attempt and marks the message failed", async () => {
    statuses = [500, 502, 503];
    const id = otp("+84911111114");
    const opts = { maxAttempts: 3, backoffMs: () => 0 };
    await dispatchOutbox(db, webhookTransport(url), opts);
    await dispatchOutbox(db, webhookTransport(url), opts);
    const last = await dispatchOutbox(db, webhookTransport(url), opts);
    expect(last.failed).toBe(1);
    const row = getOutboxMessage(db, id)!;
    expect(row).toMatchObject({ status: "failed", attempts: 3 });
    expect(row.lastError).toContain("HTTP 503");
    expect((await dispatchOutbox(db, webhookTransport(url), opts)).claimed).toBe(0);
  });

  it("treats a network error as retryable", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((resolve) => closed.close(resolve));
    const id = otp("+84911111115");
    const result = await dispatchOutbox(db, webhookTransport(deadUrl));
    expect(result.retrying).toBe(1);
    const row = getOutboxMessage(db, id)!;
    expect(row.status).toBe("pending");
    expect(row.lastError).toMatch(/webhook unreachable/);
  });

  it("sends each message once when two dispatchers on two connections run at the same time", async () => {
    delayMs = 20;
    const ids = Array.from({ length: 12 }, (_, i) => otp(`+8491200000${String(i).padStart(2, "0")}`));
    const other = openDatabase(db.$client.name);
    try {
      const [a, b] = await Promise.all([
        dispatchOutbox(db, webhookTransport(url), { limit: 5 }),
        dispatchOutbox(other, webhookTransport(url), { limit: 5 }),
      ]);
      const [c, d] = await Promise.all([
        dispatchOutbox(db, webhookTransport(url), { limit: 5 }),
        dispatchOutbox(other, webhookTransport(url), { limit: 5 }),
      ]);
      expect(a.sent + b.sent + c.sent + d.sent).toBe(12);
    } finally {
      other.$client.close();
    }
    const sentIds = received.map((r) => r.json.id).sort((x, y) => x - y);
    expect(sentIds).toEqual(ids);
    expect(ids.every((id) => getOutboxMessage(db, id)!.status === "sent")).toBe(true);
  });
});

describe("stuck messages", () => {
  it("requeues a message left in 'sending' by a crash once its lease has passed", async () => {
    const id = otp("+84911111116");
    const crashed: Transport = { name: "crash", send: () => new Promise(() => {}) }; // never settles
    const start = new Date();
    void dispatchOutbox(db, crashed, { now: start });
    await new Promise((resolve) => setImmediate(resolve));
    expect(getOutboxMessage(db, id)!.status).toBe("sending");

    // Before the lease ends another dispatcher leaves it alone.
    expect((await dispatchOutbox(db, webhookTransport(url), { now: new Date(start.getTime() + 60_000) })).claimed).toBe(0);
    const after = await dispatchOutbox(db, webhookTransport(url), { now: new Date(start.getTime() + SENDING_LEASE_MS + 1) });
    expect(after).toMatchObject({ requeued: 1, claimed: 1, sent: 1 });
    const row = getOutboxMessage(db, id)!;
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
    expect(received).toHaveLength(1);
  });
});

describe("log transport", () => {
  it("writes the message to the log and marks it sent", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const id = otp("+84911111117", "135790");
    const result = await dispatchOutbox(db, logTransport(pino(sink)));
    expect(result.sent).toBe(1);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ outboxId: id, channel: "sms", to: "+84911111117", template: "otp.signup", msg: "outbox message (log transport)" });
    expect(entry.text).toContain("135790");
    expect(getOutboxMessage(db, id)!.status).toBe("sent");
  });
});
