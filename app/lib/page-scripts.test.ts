/**
 * Which pages ship the client runtime (docs/decisions/0033): the rule on route handles, and whole
 * documents through the app handler — a catalog page carries no module script, no modulepreload
 * and no inlined locale; checkout carries the runtime and only its own language's namespaces.
 */
import { createRequestHandler } from "@remix-run/node";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { carts } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { sourceBuild } from "../../tests/support/remix-app";
import { signIn } from "~/accounts/test-utils";
import { addToCart } from "~/orders/cart.server";
import { buyer, farmWithListing } from "~/orders/test-fixtures";
import { serverBuild } from "~/server/server-build.server";
import { pageNamespaces, pageNeedsScripts, scriptSafeJson } from "./page-scripts";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

let handle: (path: string, headers?: Record<string, string>) => Promise<Response>;
let listingSlug: string;
let buyerCookie: string;

beforeAll(async () => {
  const farm = await farmWithListing(db, { stock: 10 });
  listingSlug = farm.listing.slug;
  const user = await buyer(db);
  const cart = db.insert(carts).values({ userId: user.id }).returning().get();
  addToCart(db, cart.id, farm.listing.id, "2");
  buyerCookie = await signIn(db, user.id);
  const { build } = await sourceBuild();
  const handler = createRequestHandler(serverBuild(build), "production");
  const context = { requestId: "test", cspNonce: "n0nce", clientIp: "127.0.0.1", log: pino({ level: "silent" }) };
  handle = (path, headers = {}) => handler(new Request(`http://localhost${path}`, { headers }), context);
}, 120_000);

describe("the rule", () => {
  it("loads scripts when any matched route asks for them, and gathers the namespaces once", () => {
    expect(pageNeedsScripts([{ handle: { i18n: ["common"] } }, { handle: { i18n: ["catalog"] } }, {}])).toBe(false);
    expect(pageNeedsScripts([{ handle: { i18n: ["common"] } }, { handle: { scripts: true } }])).toBe(true);
    expect(pageNamespaces([{ handle: { i18n: ["common"] } }, { handle: { i18n: ["common", "orders"] } }, { handle: { i18n: "shipping" } }])).toEqual([
      "common",
      "orders",
      "shipping",
    ]);
  });

  it("writes JSON that cannot close the script element it sits in", () => {
    const text = scriptSafeJson({ a: "</script><!--" });
    expect(text).not.toContain("<");
    expect(JSON.parse(text)).toEqual({ a: "</script><!--" });
  });
});

describe("the documents", () => {
  it("serves catalog and price pages without the client runtime", async () => {
    for (const path of ["/", "/tim-kiem?q=xoai", `/san-pham/${listingSlug}`, "/gia-ca", "/gio-hang"]) {
      let response = await handle(path);
      // a listing's canonical address carries its id: follow the one redirect
      if (response.status === 301) response = await handle(response.headers.get("Location")!);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html, path).not.toMatch(/<script[^>]*type="module"/);
      expect(html, path).not.toContain("modulepreload");
      expect(html, path).not.toContain('id="i18n-data"');
      expect(html, path).not.toContain("__remixContext");
    }
  });

  it("serves checkout with the runtime and only the page's language inlined, under the CSP nonce", async () => {
    const response = await handle("/thanh-toan", { Cookie: buyerCookie, "Accept-Language": "en" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<script[^>]*type="module"/);
    expect(html).toContain("modulepreload");
    const data = html.match(/<script id="i18n-data" type="application\/json" nonce="n0nce">([^<]*)<\/script>/);
    expect(data).not.toBeNull();
    const inlined = JSON.parse(data![1]) as { lng: string; resources: Record<string, Record<string, unknown>> };
    expect(inlined.lng).toBe("en");
    expect(Object.keys(inlined.resources)).toEqual(["common", "orders", "shipping"]);
    expect(Object.keys(inlined.resources.orders).length).toBeGreaterThan(0);
  });
});
