/**
 * Helpers for the accounts tests (and other capabilities' tests that need signed-in users).
 * Not imported by application code.
 */
import pino from "pino";
import type { Role, User } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { createUserSession } from "./session.server";
import { createUser } from "./users.server";

// Random start, then sequential: unique within a test process.
let seq = Math.floor(Math.random() * 9_000_000);
/** A fresh valid mobile number per call (+8490xxxxxxx range). */
export function testPhone(): string {
  seq = (seq + 1) % 10_000_000;
  return `+8490${String(seq).padStart(7, "0")}`;
}

export const TEST_PASSWORD = "Xoai cat Hoa Loc 2026";

export function makeUser(db: Db, role: Role, overrides: Partial<{ phone: string; name: string; password: string }> = {}): Promise<User> {
  return createUser(db, {
    phone: overrides.phone ?? testPhone(),
    name: overrides.name ?? `Test ${role}`,
    password: overrides.password ?? TEST_PASSWORD,
    role,
    phoneVerified: true,
  });
}

/** The "name=value" pair from a response's Set-Cookie, to send back as a Cookie header. */
export function cookieFrom(response: Response): string {
  const header = response.headers.get("Set-Cookie");
  if (!header) throw new Error("response sets no cookie");
  return header.split(";")[0];
}

/** A signed-in user's Cookie header (a real session created the way log-in does). */
export async function signIn(db: Db, userId: number): Promise<string> {
  const response = await createUserSession(new Request("http://localhost/dang-nhap", { method: "POST" }), userId, "/", db);
  return cookieFrom(response);
}

export const testContext = () => ({ requestId: "t", cspNonce: "", clientIp: "127.0.0.1", log: pino({ level: "silent" }) });

export function formRequest(path: string, fields: Record<string, string>, cookie?: string): Request {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  return new Request(`http://localhost${path}`, { method: "POST", headers, body: new URLSearchParams(fields).toString() });
}

export function getRequest(path: string, cookie?: string): Request {
  return new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

/** A loader's or action's arguments for a request (route tests call route modules directly). */
export const routeArgs = (request: Request, params: Record<string, string> = {}) => ({ request, context: testContext(), params });

/** The Response a loader or action threw (redirect or error page), or fail. */
export async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}
