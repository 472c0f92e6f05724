/**
 * Which pages ship script (docs/decisions/0033, 0036): the rule on route handles, and whole
 * documents through the app handler — no page carries the framework runtime; a catalog page
 * carries no script at all; checkout carries its island, under the CSP nonce.
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
import { buildIslands } from "../../scripts/build-islands";
import { pageIslands } from "./page-scripts";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

let handle: (path: string, headers?: Record<string, string>) => Promise<Response>;
let listingSlug: string;
let buyerCookie: string;
let islands: Record<string, string>;

beforeAll(async () => {
  const farm = await farmWithListing(db, { stock: 10 });
  listingSlug = farm.listing.slug;
  const user = await buyer(db);
  const cart = db.insert(carts).values({ userId: user.id }).returning().get();
  addToCart(db, cart.id, farm.listing.id, "2");
  buyerCookie = await signIn(db, user.id);
  islands = await buildIslands();
  const { build } = await sourceBuild();
  const handler = createRequestHandler(serverBuild(build), "production");
  const context = { requestId: "test", cspNonce: "n0nce", clientIp: "127.0.0.1", log: pino({ level: "silent" }) };
  handle = (path, headers = {}) => handler(new Request(`http://localhost${path}`, { headers }), context);
}, 120_000);

describe("the rule", () => {
  it("gathers the islands the matched routes name, each once, in route order", () => {
    expect(pageIslands([{ handle: { i18n: ["common"] } }, { handle: { i18n: ["catalog"] } }, {}])).toEqual([]);
    expect(pageIslands([{ handle: { islands: ["listing-form"] } }, { handle: { islands: ["photos", "listing-form"] } }])).toEqual([
      "listing-form",
      "photos",
    ]);
  });
});

describe("the documents", () => {
  it("serves catalog and price pages without any script but the service worker's registration", async () => {
    for (const path of ["/", "/tim-kiem?q=xoai", `/san-pham/${listingSlug}`, "/gia-ca", "/gio-hang"]) {
      let response = await handle(path);
      // a listing's canonical address carries its id: follow the one redirect
      if (response.status === 301) response = await handle(response.headers.get("Location")!);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html, path).not.toMatch(/<script[^>]*type="module"/);
      expect(html, path).not.toContain("modulepreload");
      expect(html, path).not.toContain("__remixContext");
      // The registration is a static file: these pages hold no per-response nonce (docs/decisions/0039).
      expect(html, path).toMatch(/<script src="\/sw-register\.js" defer=""><\/script>/);
      expect(html, path).not.toContain("n0nce");
      // data for search engines (JSON-LD) aside, that is the one script
      expect(html.match(/<script(?! type="application\/ld\+json")/g)?.length, path).toBe(1);
    }
  });

  it("serves checkout with its island only, under the CSP nonce, and no framework runtime", async () => {
    const response = await handle("/thanh-toan", { Cookie: buyerCookie, "Accept-Language": "en" });
    expect(response.status).toBe(200);
    const html = await response.text();
    const modules = [...html.matchAll(/<script type="module" src="([^"]+)" nonce="n0nce"><\/script>/g)].map((m) => m[1]);
    expect(modules).toEqual([islands.checkout]);
    expect(islands.checkout).toMatch(/^\/islands\/checkout-[0-9A-F]{8}\.js$/);
    expect(html).not.toContain("modulepreload");
    expect(html).not.toContain("__remixContext");
  });
});
