/**
 * The page cache in front of the real app (routes assembled from the sources), over HTTP: hits and
 * misses, invalidation by a listing change and by a price entry, 304, and the visitors it must never
 * mix up.
 */
import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import { createRequestHandler } from "@remix-run/express";
import { eq } from "drizzle-orm";
import express from "express";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listings } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { sourceBuild } from "../../tests/support/remix-app";
import { makeUser, signIn } from "~/accounts/test-utils";
import { addHousehold, addListing, COMMUNES } from "~/catalog/test-fixtures";
import { newNonce } from "~/lib/security.server";
import { upsertCommodity, upsertMarket } from "~/prices/catalog.server";
import { upsertObservations } from "~/prices/observations.server";
import { todayInVietnam } from "~/lib/clock";
import { CACHEABLE_CACHE_CONTROL, pageCache, PRIVATE_CACHE_CONTROL, VARY } from "./page-cache.server";
import { serverBuild } from "./server-build.server";

const db = freshTestDb({ adminUnits: true });
let base = "";
let close: () => Promise<void> = async () => {};
let cache: ReturnType<typeof pageCache>;
let mango = 0;
let commodityId = 0;
let marketId = 0;
let farm = 0;

/** The server's own per-request parts (scripts/serve.ts): a nonce and a request id on every response. */
function perRequest(_req: express.Request, res: express.Response, next: express.NextFunction) {
  res.locals.cspNonce = newNonce();
  res.locals.requestId = crypto.randomUUID();
  res.set("X-Request-Id", res.locals.requestId as string);
  next();
}

async function listen(app: express.Express) {
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

beforeAll(async () => {
  farm = addHousehold(db, { name: "Vườn Út Đực", communeCode: COMMUNES.myThien });
  mango = addListing(db, farm, { title: "Xoài cát Hòa Lộc", priceVnd: 50_000 });
  commodityId = upsertCommodity(db, { slug: "xoai", nameVi: "Xoài", nameEn: "Mango", category: "fruit" }).id;
  marketId = upsertMarket(db, { slug: "cho-cai-be", name: "Chợ Cái Bè", kind: "wholesale", communeCode: null }).id;
  upsertObservations(db, [{ commodityId, marketId, date: todayInVietnam(), source: "test", unit: "kg", minVnd: 20_000, maxVnd: 30_000, avgVnd: 25_000 }]);

  const { build } = await sourceBuild();
  const app = express();
  app.use(perRequest);
  cache = pageCache({ db: () => db, maxBytes: 8 * 1024 * 1024 });
  app.use(cache);
  const log = pino({ level: "silent" });
  app.all(
    "*",
    createRequestHandler({
      build: serverBuild(build),
      mode: "production",
      getLoadContext: (_req, res) => ({ requestId: res.locals.requestId as string, cspNonce: res.locals.cspNonce as string, clientIp: "127.0.0.1", log }),
    }),
  );
  ({ url: base, close } = await listen(app));
}, 120_000);

afterAll(async () => {
  await close();
  db.cleanup();
});

const get = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  fetch(`${base}${path}`, { method, headers: { "Accept-Language": "vi", ...headers }, redirect: "manual" });

describe("anonymous catalog and price pages", () => {
  it("are rendered once, then served from memory with the same ETag, revalidating Cache-Control and Vary", async () => {
    const listing = `/san-pham/xoai-cat-hoa-loc-${mango}`;
    for (const path of ["/", "/tim-kiem?q=xoai", listing, `/nha-vuon/vuon-ut-duc-${farm}`, "/danh-muc/trai-cay", "/gia-ca", "/gia-ca/xoai"]) {
      const first = await get(path);
      expect(first.status, path).toBe(200);
      expect(first.headers.get("X-Cache"), path).toBe("miss");
      expect(first.headers.get("Cache-Control")).toBe(CACHEABLE_CACHE_CONTROL);
      expect(first.headers.get("Vary")).toBe(VARY);
      const html = await first.text();
      // Nothing of one response's own: no nonce, no request id.
      expect(html, path).not.toMatch(/nonce=/);
      expect(html).not.toContain(first.headers.get("X-Request-Id"));
      const second = await get(path);
      expect(second.headers.get("X-Cache"), path).toBe("hit");
      expect(second.headers.get("ETag")).toBe(first.headers.get("ETag"));
      expect(await second.text()).toBe(html);
    }
  });

  it("answer 304 to a matching If-None-Match, and HEAD without a body", async () => {
    const page = await get("/gia-ca");
    const etag = page.headers.get("ETag")!;
    const revalidated = await get("/gia-ca", { "If-None-Match": etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("ETag")).toBe(etag);
    expect(await revalidated.text()).toBe("");
    expect((await get("/gia-ca", { "If-None-Match": 'W/"other"' })).status).toBe(200);
    // Kept gzipped as well: sent as is to clients that take gzip, plain to the others.
    const gzipped = await get("/gia-ca", { "Accept-Encoding": "gzip" });
    const plain = await get("/gia-ca", { "Accept-Encoding": "identity" });
    expect(gzipped.headers.get("Content-Encoding")).toBe("gzip");
    expect(plain.headers.get("Content-Encoding")).toBeNull();
    expect(await gzipped.text()).toBe(await plain.text());
    const head = await get("/gia-ca", {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("X-Cache")).toBe("hit");
    expect(await head.text()).toBe("");
  });

  it("are rendered once for a burst of visitors: the others wait for that render", async () => {
    cache.store.use("cold burst");
    const burst = await Promise.all(Array.from({ length: 6 }, () => get("/gia-ca/xoai")));
    const results = burst.map((res) => res.headers.get("X-Cache")).sort();
    expect(results).toEqual(["hit", "hit", "hit", "hit", "hit", "miss"]);
    const bodies = new Set(await Promise.all(burst.map((res) => res.text())));
    expect(bodies.size).toBe(1);
  });

  it("are kept per locale (language cookie, then Accept-Language)", async () => {
    const vi = await (await get("/")).text();
    const en = await get("/", { "Accept-Language": "en-US,en;q=0.9" });
    expect(await en.text()).toContain('lang="en"');
    expect(vi).toContain('lang="vi"');
    const chosen = await get("/", { "Accept-Language": "en", Cookie: `lng=${encodeURIComponent(btoa(JSON.stringify("vi")))}` });
    expect(await chosen.text()).toContain('lang="vi"');
  });

  it("are rendered again after a listing changes (catalog version) and after a price entry (price version)", async () => {
    const listing = `/san-pham/xoai-cat-hoa-loc-${mango}`;
    await get(listing);
    const before = await get(listing);
    expect(before.headers.get("X-Cache")).toBe("hit");
    db.update(listings).set({ priceVnd: 61_000 }).where(eq(listings.id, mango)).run();
    const after = await get(listing);
    expect(after.headers.get("X-Cache")).toBe("miss");
    expect(after.headers.get("ETag")).not.toBe(before.headers.get("ETag"));
    expect(await after.text()).toMatch(/61[.,]000/);

    await get("/gia-ca/xoai");
    const board = await get("/gia-ca/xoai");
    expect(board.headers.get("X-Cache")).toBe("hit");
    upsertObservations(db, [{ commodityId, marketId, date: todayInVietnam(), source: "test", unit: "kg", minVnd: 40_000, maxVnd: 48_000, avgVnd: 44_000 }]);
    const priced = await get("/gia-ca/xoai");
    expect(priced.headers.get("X-Cache")).toBe("miss");
    expect(await priced.text()).toMatch(/44[.,]000/);
    // A revalidation with the old ETag now gets the new page.
    expect((await get("/gia-ca/xoai", { "If-None-Match": board.headers.get("ETag")! })).status).toBe(200);
  });
});

describe("what is never cached", () => {
  it("one visitor never sees another's header: signed in, a guest with a cart, anonymous, in every order", async () => {
    const buyer = await makeUser(db, "buyer", { name: "Chị Ba Khách" });
    const session = await signIn(db, buyer.id);
    const added = await fetch(`${base}/gio-hang/them`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ listingId: String(mango), quantity: "2" }).toString(),
      redirect: "manual",
    });
    const cart = (added.headers.get("Set-Cookie") ?? "").split(";")[0];
    expect(cart).toMatch(/^cart=/);

    const visitors = {
      anonymous: { cookie: undefined, check: (html: string) => expect(html).not.toMatch(/cart-badge|\/tai-khoan|dang-xuat/) },
      cart: { cookie: cart, check: (html: string) => expect(html).toMatch(/cart-badge/) },
      signedIn: { cookie: session, check: (html: string) => expect(html).toMatch(/\/tai-khoan[\s\S]*dang-xuat/) },
    } as const;
    const orders: Array<Array<keyof typeof visitors>> = [
      ["anonymous", "cart", "signedIn"],
      ["anonymous", "signedIn", "cart"],
      ["cart", "anonymous", "signedIn"],
      ["cart", "signedIn", "anonymous"],
      ["signedIn", "anonymous", "cart"],
      ["signedIn", "cart", "anonymous"],
    ];
    for (const [i, order] of orders.entries()) {
      cache.store.use(`cold ${i}`); // each order starts with nothing kept
      for (const path of ["/", `/san-pham/xoai-cat-hoa-loc-${mango}`, "/gia-ca"]) {
        for (const name of [...order, ...order]) {
          const visitor = visitors[name];
          const res = await get(path, visitor.cookie ? { Cookie: visitor.cookie } : {});
          expect(res.status).toBe(200);
          visitor.check(await res.text());
          if (name === "anonymous") expect(res.headers.get("X-Cache")).toMatch(/^(hit|miss)$/);
          else {
            expect(res.headers.get("X-Cache"), `${name} ${path}`).toBeNull();
            expect(res.headers.get("Cache-Control")).toBe(PRIVATE_CACHE_CONTROL);
          }
        }
      }
    }
  });

  it("other pages say private, no-store; POST is never answered from memory", async () => {
    const cartPage = await get("/gio-hang");
    expect(cartPage.headers.get("Cache-Control")).toBe(PRIVATE_CACHE_CONTROL);
    expect(cartPage.headers.get("X-Cache")).toBeNull();
    await get("/tim-kiem?q=xoai");
    const post = await fetch(`${base}/tim-kiem?q=xoai`, { method: "POST", body: "" });
    expect(post.headers.get("X-Cache")).toBeNull();
  });
});

describe("responses the cache refuses to keep", () => {
  let other = "";
  let closeOther: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const app = express();
    app.use(perRequest);
    app.use(pageCache({ db: () => db, maxBytes: 1024 * 1024 }));
    app.get("/gia-ca/cookie", (_req, res) => void res.cookie("notice", "saved").type("html").send("<p>saved</p>"));
    app.get("/gia-ca/nonce", (_req, res) => void res.type("html").send(`<script nonce="${res.locals.cspNonce as string}"></script>`));
    app.get("/gia-ca/missing", (_req, res) => void res.status(404).type("html").send("<p>no</p>"));
    app.get("/gia-ca/stream", (_req, res) => {
      res.type("html");
      res.write("<p>one</p>");
      res.end("<p>two</p>");
    });
    ({ url: other, close: closeOther } = await listen(app));
  });
  afterAll(() => closeOther());

  it("keeps neither pages that set a cookie, nor pages holding the response's nonce, nor errors", async () => {
    for (const path of ["/gia-ca/cookie", "/gia-ca/nonce", "/gia-ca/missing"]) {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${other}${path}`);
        expect(res.headers.get("X-Cache"), path).toBeNull();
        expect(res.headers.get("Cache-Control"), path).toBe(PRIVATE_CACHE_CONTROL);
      }
    }
    const first = await fetch(`${other}/gia-ca/stream`);
    expect(await first.text()).toBe("<p>one</p><p>two</p>");
    const second = await fetch(`${other}/gia-ca/stream`);
    expect(second.headers.get("X-Cache")).toBe("hit");
    expect(await second.text()).toBe("<p>one</p><p>two</p>");
  });
});
