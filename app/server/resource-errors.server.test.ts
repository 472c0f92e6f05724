import { createRequestHandler } from "@remix-run/node";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { sourceBuild } from "../../tests/support/remix-app";
import { i18nInstance } from "~/i18n/i18n.server";
import { serverBuild } from "./server-build.server";

const db = freshTestDb();
afterAll(() => db.cleanup());

let handle: (path: string, headers?: Record<string, string>) => Promise<Response>;

beforeAll(async () => {
  const { build } = await sourceBuild();
  const handler = createRequestHandler(serverBuild(build), "production");
  const context = { requestId: "test", cspNonce: "", clientIp: "127.0.0.1", log: pino({ level: "silent" }) };
  handle = (path, headers = {}) => handler(new Request(`http://localhost${path}`, { headers }), context);
}, 120_000);

const text = (locale: "vi" | "en", key: string) => i18nInstance(locale).t(key as never) as string;

describe("a resource route's refusal", () => {
  it("is the page's message as plain text in the request's language, not the raw JSON payload", async () => {
    const vi = await handle("/gia-ca/khong-co-mat-hang/csv");
    expect(vi.status).toBe(404);
    expect(vi.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await vi.text()).toBe(text("vi", "prices:commodity.notFound"));
    const en = await handle("/gia-ca/cho/khong-co-cho/csv", { "Accept-Language": "en" });
    expect(en.status).toBe(404);
    expect(await en.text()).toBe(text("en", "prices:market.notFound"));
  });

  it("leaves pages, redirects and machine endpoints as they were", async () => {
    const page = await handle("/gia-ca/khong-co-mat-hang");
    expect(page.status).toBe(404);
    expect(page.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toContain(text("vi", "prices:commodity.notFound"));
    const signedOut = await handle("/can-bo/ho/1/du-lieu");
    expect(signedOut.status).toBe(302);
    const api = await handle("/api/prices?commodity=khong-co");
    expect(api.headers.get("Content-Type")).toMatch(/^application\/json/);
  });
});
