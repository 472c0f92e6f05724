import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { sessions, users } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import {
  countActiveSessions,
  createSession,
  createUserSession,
  getOptionalUser,
  getSessionId,
  logout,
  lookupSession,
  pruneExpiredSessions,
  revokeUserSessions,
  sessionCookie,
} from "./session.server";
import { cookieFrom, getRequest, makeUser } from "./test-utils";

const db = freshTestDb();
afterAll(() => db.cleanup());

describe("sessions", () => {
  it("logs in with a signed cookie that holds only a random session id", async () => {
    const user = await makeUser(db, "buyer", { name: "Chị Lan" });
    const response = await createUserSession(getRequest("/dang-nhap"), user.id, "/tai-khoan");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/tai-khoan");
    const setCookie = response.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/^__session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // not in tests; on in production
    const cookie = cookieFrom(response);
    const sessionId = await getSessionId(getRequest("/", cookie));
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(decodeURIComponent(cookie)).not.toContain(String(user.phone));
    expect(await getOptionalUser(getRequest("/", cookie))).toEqual({ id: user.id, name: "Chị Lan", role: "buyer", phone: user.phone });
  });

  it("refuses a forged or unsigned cookie", async () => {
    const user = await makeUser(db, "buyer");
    const { id } = createSession(db, user.id);
    expect(await getOptionalUser(getRequest("/", `__session=${encodeURIComponent(btoa(JSON.stringify(id)))}`))).toBeNull();
    expect(await getOptionalUser(getRequest("/", "__session=garbage"))).toBeNull();
    expect(await getOptionalUser(getRequest("/"))).toBeNull();
  });

  it("issues a new id at every log-in and drops the one the browser had", async () => {
    const user = await makeUser(db, "farmer");
    const first = cookieFrom(await createUserSession(getRequest("/"), user.id, "/"));
    const second = cookieFrom(await createUserSession(getRequest("/", first), user.id, "/"));
    const id1 = await getSessionId(getRequest("/", first));
    const id2 = await getSessionId(getRequest("/", second));
    expect(id1).not.toBe(id2);
    expect(db.select().from(sessions).where(eq(sessions.id, id1!)).get()).toBeUndefined();
    expect(await getOptionalUser(getRequest("/", first))).toBeNull();
    expect((await getOptionalUser(getRequest("/", second)))?.id).toBe(user.id);
  });

  it("expires after SESSION_DAYS, and an expired row is deleted on sight", async () => {
    const user = await makeUser(db, "buyer");
    const now = new Date("2026-01-01T00:00:00Z");
    const { id, expiresAt } = createSession(db, user.id, { now });
    expect(expiresAt.getTime() - now.getTime()).toBe(30 * 86_400_000);
    expect(lookupSession(db, id, new Date(expiresAt.getTime() - 1))?.id).toBe(user.id);
    expect(lookupSession(db, id, expiresAt)).toBeNull();
    expect(db.select().from(sessions).where(eq(sessions.id, id)).get()).toBeUndefined();
  });

  it("prunes expired rows in bulk", async () => {
    const user = await makeUser(db, "buyer");
    const old = createSession(db, user.id, { now: new Date("2020-01-01T00:00:00Z") });
    const live = createSession(db, user.id);
    expect(pruneExpiredSessions(db)).toBeGreaterThanOrEqual(1);
    expect(db.select().from(sessions).where(eq(sessions.id, old.id)).get()).toBeUndefined();
    expect(db.select().from(sessions).where(eq(sessions.id, live.id)).get()).toBeDefined();
  });

  it("log-out deletes the row and clears the cookie", async () => {
    const user = await makeUser(db, "buyer");
    const cookie = cookieFrom(await createUserSession(getRequest("/"), user.id, "/"));
    const id = await getSessionId(getRequest("/", cookie));
    const response = await logout(getRequest("/dang-xuat", cookie));
    expect(response.headers.get("Location")).toBe("/");
    expect(response.headers.get("Set-Cookie")).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect(db.select().from(sessions).where(eq(sessions.id, id!)).get()).toBeUndefined();
    expect(await getOptionalUser(getRequest("/", cookie))).toBeNull();
  });

  it("a disabled user's sessions stop working at once", async () => {
    const user = await makeUser(db, "farmer");
    const cookie = cookieFrom(await createUserSession(getRequest("/"), user.id, "/"));
    db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id)).run();
    expect(await getOptionalUser(getRequest("/", cookie))).toBeNull();
    expect(countActiveSessions(db, user.id)).toBe(0);
  });

  it("revokes all of a user's sessions, or all but one", async () => {
    const user = await makeUser(db, "buyer");
    const a = createSession(db, user.id);
    createSession(db, user.id);
    createSession(db, user.id);
    expect(revokeUserSessions(db, user.id, { except: a.id })).toBe(2);
    expect(countActiveSessions(db, user.id)).toBe(1);
    expect(revokeUserSessions(db, user.id)).toBe(1);
    expect(countActiveSessions(db, user.id)).toBe(0);
  });

  it("only follows same-site redirects after log-in", async () => {
    const user = await makeUser(db, "buyer");
    const response = await createUserSession(getRequest("/"), user.id, "//evil.example/");
    expect(response.headers.get("Location")).toBe("/");
  });

  it("signs with SESSION_SECRET", async () => {
    const signed = await sessionCookie().serialize("abc");
    expect(signed).toMatch(/^__session=[^;]+\.[^;]+;/);
  });
});
