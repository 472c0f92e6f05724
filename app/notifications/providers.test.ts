import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEsmsFake, type EsmsFake } from "../../tests/fakes/esms";
import type { CallbackSender } from "../../tests/fakes/http";
import { startZnsFake, type ZnsFake } from "../../tests/fakes/zns";
import { freshTestDb } from "../../tests/db";
import { testContext } from "~/accounts/test-utils";
import { resetEnvForTests } from "~/lib/env.server";
import { action, loader } from "~/routes/webhooks.messages.$provider";
import { dispatchOutbox } from "./dispatch.server";
import { esmsReceiptToken, esmsTransport } from "./esms.server";
import { enqueueMessage, getOutboxMessage } from "./outbox.server";
import { znsTransport } from "./zns.server";

const db = freshTestDb();
const SECRET = "receipts-secret-0123456789";
const APP = "http://localhost";

/** The provider's callback goes straight into the route, as the server would route it. */
const toRoute: CallbackSender = async (request) => {
  const provider = new URL(request.url).pathname.split("/").pop()!;
  const args = { request, params: { provider }, context: testContext() };
  return request.method === "GET" ? loader(args) : action(args);
};

let esms: EsmsFake;
let zns: ZnsFake;
beforeAll(async () => {
  process.env.NOTIFY_CALLBACK_SECRET = SECRET;
  resetEnvForTests();
  esms = await startEsmsFake({ apiKey: "key-1", secretKey: "secret-1", brandnames: ["CHONONGSAN"], sendCallback: toRoute });
  zns = await startZnsFake({ accessToken: "zalo-token", templateIds: ["245001"], unreachable: ["84976000111"], sendCallback: toRoute });
});
afterAll(async () => {
  await Promise.all([esms.close(), zns.close()]);
  delete process.env.NOTIFY_CALLBACK_SECRET;
  resetEnvForTests();
  db.cleanup();
});
afterEach(() => {
  esms.mode = "ok";
  zns.mode = "ok";
  db.$client.exec("delete from outbox");
});

const sms = (overrides: Partial<{ apiKey: string; timeoutMs: number; brandname: string }> = {}) =>
  esmsTransport({
    apiKey: overrides.apiKey ?? "key-1",
    brandname: overrides.brandname,
    secretKey: "secret-1",
    apiUrl: esms.url,
    // as in production: a token per message, not the shared secret
    callbackUrl: (msg) => `${APP}/webhooks/messages/esms?token=${esmsReceiptToken(SECRET, msg.id)}`,
    timeoutMs: overrides.timeoutMs,
  });
const zalo = (templates: Record<string, string>, withFallback = false) =>
  znsTransport({ accessToken: "zalo-token", templates, apiUrl: zns.url, fallback: withFallback ? sms() : undefined });

const otp = (recipient = "+84912345678", code = "135790") =>
  enqueueMessage(db, { channel: "sms", recipient, template: "otp.signup", locale: "vi", payload: { code, minutes: 10 } });

describe("eSMS adapter against the local fake", () => {
  it("sends the message and stores eSMS's SMSID", async () => {
    const id = otp();
    expect(await dispatchOutbox(db, sms())).toMatchObject({ sent: 1 });
    const [request] = esms.requests.slice(-1);
    expect(request).toMatchObject({ Phone: "0912345678", SmsType: "8", IsUnicode: "1", RequestId: `outbox-${id}` });
    expect(request.Content).toContain("135790");
    const row = getOutboxMessage(db, id)!;
    expect(row).toMatchObject({ status: "sent", provider: "esms", channel: "sms", attempts: 1 });
    expect(row.providerMessageId).toBe(esms.messages.at(-1)!.smsId);
  });

  it("fails at once, with eSMS's reason, when the keys are wrong", async () => {
    const id = otp();
    expect(await dispatchOutbox(db, sms({ apiKey: "wrong" }))).toMatchObject({ failed: 1, retrying: 0 });
    const row = getOutboxMessage(db, id)!;
    expect(row).toMatchObject({ status: "failed", attempts: 1, lastError: "eSMS CodeResult 101: Authorize Failed" });
    expect(row.failedAt).toBeInstanceOf(Date);
  });

  it("sends under a registered brand name, and fails at once under one eSMS does not know", async () => {
    const branded = otp();
    await dispatchOutbox(db, sms({ brandname: "CHONONGSAN" }));
    expect(esms.requests.at(-1)).toMatchObject({ SmsType: "2", Brandname: "CHONONGSAN" });
    expect(getOutboxMessage(db, branded)!.status).toBe("sent");
    const unknown = otp();
    await dispatchOutbox(db, sms({ brandname: "OTHERBRAND" }));
    expect(getOutboxMessage(db, unknown)).toMatchObject({ status: "failed", lastError: "eSMS CodeResult 104: Brand name code is not exist" });
  });

  it("fails at once a number that is no Vietnamese mobile, without asking eSMS", async () => {
    const before = esms.requests.length;
    const id = otp("+84212345678");
    await dispatchOutbox(db, sms());
    expect(getOutboxMessage(db, id)).toMatchObject({ status: "failed", lastError: "not a Vietnamese mobile number (landline)" });
    expect(esms.requests.length).toBe(before);
  });

  it("retries after a 5xx, then sends", async () => {
    const id = otp();
    esms.queue("5xx");
    const start = new Date();
    expect(await dispatchOutbox(db, sms(), { now: start })).toMatchObject({ retrying: 1 });
    expect(getOutboxMessage(db, id)).toMatchObject({ status: "pending", lastError: "eSMS answered HTTP 502" });
    expect(await dispatchOutbox(db, sms(), { now: new Date(start.getTime() + 60 * 60_000) })).toMatchObject({ sent: 1 });
    expect(getOutboxMessage(db, id)).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });

  it("retries when eSMS does not answer in time", async () => {
    const id = otp();
    esms.mode = "hang";
    expect(await dispatchOutbox(db, sms({ timeoutMs: 300 }))).toMatchObject({ retrying: 1 });
    expect(getOutboxMessage(db, id)!.lastError).toMatch(/^eSMS unreachable/);
  });

  it("a retry after a lost answer is not sent twice (eSMS's duplicate RequestId counts as sent)", async () => {
    const id = otp();
    await dispatchOutbox(db, sms());
    const count = esms.messages.length;
    db.$client.prepare("update outbox set status = 'pending', next_attempt_at = 0 where id = ?").run(id);
    expect(await dispatchOutbox(db, sms())).toMatchObject({ sent: 1 });
    expect(esms.messages.length).toBe(count);
  });

  it("marks the message delivered on eSMS's receipt, once", async () => {
    const id = otp();
    await dispatchOutbox(db, sms());
    const smsId = getOutboxMessage(db, id)!.providerMessageId!;
    const first = await esms.deliver(smsId);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, outcome: "updated" });
    const delivered = getOutboxMessage(db, id)!;
    expect(delivered.status).toBe("delivered");
    expect(delivered.deliveredAt).toBeInstanceOf(Date);
    const again = await esms.deliver(smsId);
    expect(await again.json()).toEqual({ received: true, outcome: "duplicate" });
    expect(getOutboxMessage(db, id)!.deliveredAt).toEqual(delivered.deliveredAt);
  });

  it("records a receipt that says the message did not arrive", async () => {
    const id = otp();
    await dispatchOutbox(db, sms());
    await esms.deliver(getOutboxMessage(db, id)!.providerMessageId!, "failed");
    expect(getOutboxMessage(db, id)).toMatchObject({ status: "failed", lastError: "eSMS: not delivered (SendFailed 1)" });
  });

  it("a message's receipt token settles that message only", async () => {
    const first = otp("+84912345678");
    const second = otp("+84987654321");
    await dispatchOutbox(db, sms());
    const secondSmsId = getOutboxMessage(db, second)!.providerMessageId!;
    const token = esmsReceiptToken(SECRET, first);
    const receipt = (requestId: number, smsId: string) =>
      toRoute(new Request(`${APP}/webhooks/messages/esms?token=${token}&SMSID=${smsId}&RequestId=outbox-${requestId}&SendStatus=5&SendSuccess=1`));
    expect((await receipt(second, secondSmsId)).status).toBe(401);
    expect(await (await receipt(first, secondSmsId)).json()).toEqual({ received: true, outcome: "updated" });
    expect(getOutboxMessage(db, first)!.status).toBe("delivered");
    expect(getOutboxMessage(db, second)).toMatchObject({ status: "sent", providerMessageId: secondSmsId });
  });

  it("refuses a receipt without the secret, and answers 200 to one for an unknown message", async () => {
    const id = otp();
    await dispatchOutbox(db, sms());
    const smsId = getOutboxMessage(db, id)!.providerMessageId!;
    const forged = await toRoute(new Request(`${APP}/webhooks/messages/esms?secret=guess&SMSID=${smsId}&SendStatus=5&SendSuccess=1`));
    expect(forged.status).toBe(401);
    expect(getOutboxMessage(db, id)!.status).toBe("sent");
    const unknown = await toRoute(new Request(`${APP}/webhooks/messages/esms?secret=${SECRET}&SMSID=nope&SendStatus=5&SendSuccess=1`));
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ received: true, outcome: "unknown" });
  });
});

describe("Zalo ZNS adapter against the local fake", () => {
  it("sends a template message, stores Zalo's msg_id and takes the OA's receipt once", async () => {
    const id = otp("+84987654321", "112233");
    expect(await dispatchOutbox(db, zalo({ OTP: "245001" }))).toMatchObject({ sent: 1 });
    const sent = zns.messages.at(-1)!;
    expect(sent).toMatchObject({ phone: "84987654321", templateId: "245001", trackingId: `outbox-${id}` });
    expect(sent.templateData).toEqual({ code: "112233", minutes: "10" });
    expect(getOutboxMessage(db, id)).toMatchObject({ status: "sent", provider: "zns", channel: "zalo", providerMessageId: sent.msgId });
    const webhook = `${APP}/webhooks/messages/zns?secret=${SECRET}`;
    expect(await (await zns.deliver(sent.msgId, webhook)).json()).toEqual({ received: true, outcome: "updated" });
    expect(await (await zns.deliver(sent.msgId, webhook)).json()).toEqual({ received: true, outcome: "duplicate" });
    const row = getOutboxMessage(db, id)!;
    expect(row.status).toBe("delivered");
    // the time Zalo reported in the first receipt (the repeat changed nothing), not the receipt's arrival
    expect(row.deliveredAt!.getTime()).toBe(zns.deliveries.find((d) => d.msgId === sent.msgId)!.deliveryTime);
  });

  it("an exact template id wins over its group's", async () => {
    otp();
    await dispatchOutbox(db, zalo({ OTP: "999", OTP_SIGNUP: "245001" }));
    expect(zns.messages.at(-1)!.templateId).toBe("245001");
  });

  it("falls back to SMS for a message without a ZNS template", async () => {
    const id = otp();
    expect(await dispatchOutbox(db, zalo({ ORDER: "245001" }, true))).toMatchObject({ sent: 1 });
    const row = getOutboxMessage(db, id)!;
    expect(row).toMatchObject({ status: "sent", provider: "esms", channel: "sms" });
    expect(row.providerMessageId).toBe(esms.messages.at(-1)!.smsId);
  });

  it("fails clearly a message without a ZNS template when no SMS is configured", async () => {
    const id = otp();
    expect(await dispatchOutbox(db, zalo({ ORDER: "245001" }))).toMatchObject({ failed: 1 });
    expect(getOutboxMessage(db, id)!.lastError).toBe(
      'no ZNS template for "otp.signup" (set ZNS_TEMPLATE_OTP_SIGNUP or ZNS_TEMPLATE_OTP) and no SMS fallback (ESMS_API_KEY)',
    );
  });

  it("sends by SMS to someone Zalo cannot reach, or fails with Zalo's reason when there is no SMS", async () => {
    const viaSms = otp("+84976000111");
    expect(await dispatchOutbox(db, zalo({ OTP: "245001" }, true))).toMatchObject({ sent: 1 });
    expect(getOutboxMessage(db, viaSms)).toMatchObject({ status: "sent", provider: "esms", channel: "sms" });
    expect(esms.messages.at(-1)!.phone).toBe("0976000111");
    const noSms = otp("+84976000111");
    expect(await dispatchOutbox(db, zalo({ OTP: "245001" }))).toMatchObject({ failed: 1 });
    expect(getOutboxMessage(db, noSms)!.lastError).toMatch(/^Zalo ZNS error -114: User is inactive/);
  });

  it("fails at once with Zalo's reason when the access token is refused", async () => {
    const id = otp();
    const transport = znsTransport({ accessToken: "expired", templates: { OTP: "245001" }, apiUrl: zns.url });
    expect(await dispatchOutbox(db, transport)).toMatchObject({ failed: 1 });
    expect(getOutboxMessage(db, id)!.lastError).toBe("Zalo ZNS error -124: Access token is invalid");
  });

  it("retries after a 5xx from Zalo", async () => {
    const id = otp();
    zns.queue("5xx");
    expect(await dispatchOutbox(db, zalo({ OTP: "245001" }))).toMatchObject({ retrying: 1 });
    expect(getOutboxMessage(db, id)).toMatchObject({ status: "pending", lastError: "Zalo ZNS answered HTTP 502" });
  });
});
