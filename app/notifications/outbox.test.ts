import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { enqueueMessage, getOutboxMessage, latestOutboxMessages, renderTemplate } from "./outbox.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

describe("renderTemplate", () => {
  it("renders every OTP template in both languages with the code and lifetime", () => {
    for (const template of ["otp.signup", "otp.reset", "otp.phone_change", "otp.claim"]) {
      const vi = renderTemplate(template, "vi", { code: "482913", minutes: 10 });
      const en = renderTemplate(template, "en", { code: "482913", minutes: 10 });
      expect(vi).toContain("482913");
      expect(vi).toContain("10 phút");
      expect(en).toContain("482913");
      expect(en).toContain("10 min");
      expect(vi).not.toBe(en);
      // SMS-short: at most two Unicode SMS segments.
      expect(vi.length).toBeLessThanOrEqual(134);
      expect(en.length).toBeLessThanOrEqual(134);
    }
  });

  it("renders the account notices without a payload", () => {
    expect(renderTemplate("account.password_changed", "vi", {})).toContain("mật khẩu");
    expect(renderTemplate("account.phone_changed", "en", {})).toContain("phone number");
  });

  it("refuses an unknown template and a missing payload value", () => {
    expect(() => renderTemplate("otp.nope", "vi", { code: "1" })).toThrow(/unknown notification template/);
    expect(() => renderTemplate("otp.signup", "vi", { minutes: 5 })).toThrow(/payload\.code/);
  });
});

describe("enqueueMessage", () => {
  it("stores a pending message with the body rendered in the recipient's language", () => {
    const viId = enqueueMessage(db, {
      channel: "sms",
      recipient: "+84912345678",
      template: "otp.signup",
      locale: "vi",
      payload: { code: "123456", minutes: 10 },
    });
    const enId = enqueueMessage(db, {
      channel: "sms",
      recipient: "+84912345679",
      template: "otp.reset",
      locale: "en",
      payload: { code: "654321", minutes: 5 },
    });
    const vi = getOutboxMessage(db, viId)!;
    expect(vi).toMatchObject({ status: "pending", attempts: 0, recipient: "+84912345678", template: "otp.signup", locale: "vi" });
    expect(vi.body).toBe("Mã đăng ký Chợ Nông Sản: 123456. Hiệu lực 10 phút. Không đưa mã này cho ai.");
    expect(vi.payload).toEqual({ code: "123456", minutes: 10 });
    const en = getOutboxMessage(db, enId)!;
    expect(en.body).toBe("Chợ Nông Sản password reset code: 654321. Valid for 5 min. Never share this code.");
    expect(latestOutboxMessages(db, 2).map((m) => m.id)).toEqual([enId, viId]);
  });

  it("queues a message with a dedupe key once and returns the first id", () => {
    const message = {
      channel: "sms" as const,
      recipient: "+84900000001",
      template: "account.password_changed",
      locale: "vi" as const,
      payload: {},
      dedupeKey: "password-changed:user-7:2026-11-23",
    };
    const first = enqueueMessage(db, message);
    const second = enqueueMessage(db, { ...message, locale: "en" });
    expect(second).toBe(first);
    const rows = db.$client.prepare("select count(*) as n from outbox where dedupe_key = ?").get(message.dedupeKey) as { n: number };
    expect(rows.n).toBe(1);
  });

  it("commits or rolls back with the caller's transaction", () => {
    const before = latestOutboxMessages(db, 1000).length;
    expect(() =>
      db.transaction(() => {
        enqueueMessage(db, { channel: "sms", recipient: "+84900000002", template: "otp.claim", locale: "vi", payload: { code: "1", minutes: 1 } });
        throw new Error("the change that caused the message failed");
      }),
    ).toThrow();
    expect(latestOutboxMessages(db, 1000).length).toBe(before);
  });
});
