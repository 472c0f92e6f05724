/**
 * The rendered-page cache (docs/decisions/0039): anonymous GET and HEAD requests of the catalog and
 * price pages are answered from HTML kept in memory per path, query, origin and locale, while the
 * catalog version and the price version (counters the database triggers move on every write to what
 * those pages show) and the day in Vietnam stand still. One Express middleware in front of the Remix
 * handler (scripts/serve.ts); each web process keeps its own copy, and every process reads the same
 * versions from the one database, so none serves a page older than the data.
 *
 * Never cached: any request carrying a cookie other than the language choice (a session, a guest's
 * cart, anything else we cannot vouch for), other methods, Remix data requests, and responses that are
 * not a plain 200 HTML page without Set-Cookie and without a Cache-Control of their own. HTML that
 * still holds the request's CSP nonce or request id is not stored either: it would replay one
 * response's per-request parts to everyone.
 */
import crypto from "node:crypto";
import zlib from "node:zlib";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { Counter, Gauge } from "prom-client";
import { catalogVersion } from "~/catalog/cache.server";
import { localeCookie, localeForHeaders } from "~/i18n/i18n.server";
import { todayInVietnam } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import type { Metrics } from "~/ops/metrics.server";
import { priceVersion } from "~/prices/queries.server";

/** The catalog and price pages: home, search, categories, listings, farms, the price board and its pages. */
const CACHEABLE_PATH = /^\/(?:|tim-kiem|danh-muc\/[^/]+|san-pham\/[^/]+|nha-vuon\/[^/]+|gia-ca|gia-ca\/.+)$/;

/** Cookies that may ride along: the language choice, which is part of the key. */
const NEUTRAL_COOKIES = new Set([localeCookie.name]);

/** Browsers and CDNs may keep the page but must ask again each time; the answer is a 304 while it holds. */
export const CACHEABLE_CACHE_CONTROL = "public, max-age=0, must-revalidate";
export const PRIVATE_CACHE_CONTROL = "private, no-store";
export const VARY = "Cookie, Accept-Language, Accept-Encoding";

export type Eligibility = { cacheable: true } | { cacheable: false; reason: "method" | "path" | "data-request" | "cookie" };

/** Whether a request may be answered from (and fill) the cache, judged on its method, URL and cookies alone. */
export function requestEligibility(request: { method: string; path: string; search: string; cookie?: string }): Eligibility {
  if (request.method !== "GET" && request.method !== "HEAD") return { cacheable: false, reason: "method" };
  if (!CACHEABLE_PATH.test(request.path)) return { cacheable: false, reason: "path" };
  if (/[?&]_data(?:=|&|$)/.test(request.search)) return { cacheable: false, reason: "data-request" };
  if (request.cookie && cookieNames(request.cookie).some((name) => !NEUTRAL_COOKIES.has(name))) return { cacheable: false, reason: "cookie" };
  return { cacheable: true };
}

function cookieNames(header: string): string[] {
  return header
    .split(";")
    .map((pair) => pair.split("=", 1)[0].trim())
    .filter(Boolean);
}

/** The entry a page is kept under: origin (canonical links name it), path, query as sent, and locale. */
export function pageKey(page: { origin: string; path: string; search: string; locale: string }): string {
  return `${page.locale} ${page.origin}${page.path}${page.search}`;
}

/**
 * Everything the Remix adapter builds the page's URL from (canonical links and share URLs name it):
 * protocol and host as Express reads them under "trust proxy", and the port it takes from
 * X-Forwarded-Host or Host whatever the proxy setting. A forged header then only fills its own entry.
 */
export function requestOrigin(req: { protocol: string; hostname: string; get(name: string): string | undefined }): string {
  return `${req.protocol}://${req.hostname} ${req.get("x-forwarded-host") ?? ""} ${req.get("host") ?? ""}`;
}

/** A weak ETag (the body may be compressed on the way) over the versions, the key and the HTML. */
export function pageEtag(version: string, key: string, body: Uint8Array): string {
  const hash = crypto.createHash("sha1").update(version).update("\n").update(key).update("\n").update(body).digest("base64url");
  return `W/"${hash}"`;
}

/** True when an If-None-Match header names the ETag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === bare);
}

export interface CachedPage {
  body: Buffer;
  /** the body gzipped once when kept, rather than by compression() on every hit (which halved throughput) */
  gzip?: Buffer;
  etag: string;
  contentType: string;
}

const pageBytes = (page: CachedPage) => page.body.length + (page.gzip?.length ?? 0);

/**
 * Pages by key for one version, least recently used first, bounded in entries and bytes. A new
 * version empties it: every page was rendered from data that has since changed.
 */
export class PageStore {
  private entries = new Map<string, CachedPage>();
  private bytes = 0;
  version = "";

  constructor(private readonly limits: { maxEntries: number; maxBytes: number }) {}

  get size() {
    return this.entries.size;
  }

  get totalBytes() {
    return this.bytes;
  }

  /** Moves to `version`, dropping every page kept for another. */
  use(version: string) {
    if (version === this.version) return;
    this.entries.clear();
    this.bytes = 0;
    this.version = version;
  }

  get(key: string): CachedPage | undefined {
    const page = this.entries.get(key);
    if (page) {
      this.entries.delete(key);
      this.entries.set(key, page);
    }
    return page;
  }

  /** Keeps a page rendered under `version`; refused when the store has moved on or the page alone is too big. */
  set(version: string, key: string, page: CachedPage): boolean {
    if (version !== this.version || pageBytes(page) > this.limits.maxBytes) return false;
    this.delete(key);
    this.entries.set(key, page);
    this.bytes += pageBytes(page);
    while (this.entries.size > this.limits.maxEntries || this.bytes > this.limits.maxBytes) {
      this.delete(this.entries.keys().next().value as string);
    }
    return true;
  }

  private delete(key: string) {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.bytes -= pageBytes(old);
  }
}

/** The version pages are kept under: both data versions and the day (price windows and "today" move with it). */
export function pagesVersion(db: Db, at?: Date): string {
  return `${catalogVersion(db)}.${priceVersion(db)}.${todayInVietnam(at)}`;
}

export interface PageCacheOptions {
  db: () => Db;
  metrics?: Metrics;
  /** default PAGE_CACHE_MB */
  maxBytes?: number;
  maxEntries?: number;
}

type Result = "hit" | "miss" | "pass" | "skip";

/** The middleware: serves hits, stores what the Remix handler renders on a miss, marks the rest private. */
export function pageCache(options: PageCacheOptions): RequestHandler & { store: PageStore } {
  const maxBytes = options.maxBytes ?? env().PAGE_CACHE_MB * 1024 * 1024;
  const store = new PageStore({ maxBytes, maxEntries: options.maxEntries ?? 10_000 });
  const count = countResults(options.metrics, store);
  const log = logger();

  const inFlight = new Map<string, Promise<CachedPage | null>>();

  /** Lets the Remix handler render the page, and keeps it if it may be kept. */
  function render(req: Request, res: Response, next: NextFunction, version: string, key: string, flight: string) {
    let settle: (page: CachedPage | null) => void = () => {};
    const rendered = new Promise<CachedPage | null>((resolve) => (settle = resolve));
    inFlight.set(flight, rendered);
    const done = (page: CachedPage | null) => {
      if (inFlight.get(flight) === rendered) inFlight.delete(flight);
      settle(page);
    };
    // A response that never ends (the client left) lets the waiting requests render for themselves.
    res.once("close", () => done(null));
    markPrivate(res);
    capture(res, (status, body) => {
      const page = keep(req, res, status, body, version, key);
      done(page);
      return page;
    });
    next();
  }

  function keep(req: Request, res: Response, status: number, body: Buffer | null, version: string, key: string): CachedPage | null {
    // A short request id sent by a client could occur in any page by chance: only long ones are looked for.
    const perRequest = [res.locals.cspNonce, res.locals.requestId].filter((v): v is string => typeof v === "string" && v.length >= 16);
    if (!storable(res, status, req.method) || !body) {
      count("pass");
      return null;
    }
    if (perRequest.some((part) => body.includes(part))) {
      count("pass");
      log.warn({ path: req.path }, "page cache: the page holds a per-request value (nonce or request id); not stored");
      return null;
    }
    const page: CachedPage = { body, gzip: zlib.gzipSync(body), etag: pageEtag(version, key, body), contentType: String(res.getHeader("Content-Type")) };
    store.set(version, key, page);
    count("miss");
    return page;
  }

  const handler = ((req: Request, res: Response, next: NextFunction) => {
    const search = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?")) : "";
    const eligibility = maxBytes > 0 ? requestEligibility({ method: req.method, path: req.path, search, cookie: req.headers.cookie }) : null;
    if (!eligibility?.cacheable) {
      if (eligibility && eligibility.reason !== "path") count("skip");
      markPrivate(res);
      next();
      return;
    }
    localeForHeaders(req.headers.cookie, req.get("accept-language"))
      .then((locale) => {
        const version = pagesVersion(options.db());
        store.use(version);
        const key = pageKey({ origin: requestOrigin(req), path: req.path, search, locale });
        const page = store.get(key);
        if (page) {
          count("hit");
          send(req, res, page, "hit");
          return;
        }
        // Requests for a page another request is rendering wait for it rather than render it again
        // (after every write, a burst of visitors would otherwise all render the same page).
        const flight = `${version}\n${key}`;
        const rendering = inFlight.get(flight);
        if (rendering) {
          void rendering.then((rendered) => {
            if (rendered && store.version === version) {
              count("hit");
              send(req, res, rendered, "hit");
            } else render(req, res, next, version, key, flight);
          });
          return;
        }
        render(req, res, next, version, key, flight);
      })
      .catch(next);
  }) as RequestHandler & { store: PageStore };
  handler.store = store;
  return handler;
}

function storable(res: Response, status: number, method: string): boolean {
  return (
    method === "GET" &&
    status === 200 &&
    !res.hasHeader("Set-Cookie") &&
    !res.hasHeader("Cache-Control") &&
    /^text\/html\b/i.test(String(res.getHeader("Content-Type") ?? ""))
  );
}

function setCacheHeaders(res: Response, page: CachedPage, result: "hit" | "miss") {
  res.setHeader("ETag", page.etag);
  res.setHeader("Cache-Control", CACHEABLE_CACHE_CONTROL);
  res.setHeader("Vary", VARY);
  res.setHeader("X-Cache", result);
}

function send(req: Request, res: Response, page: CachedPage, result: "hit" | "miss", end: (body?: Buffer) => unknown = (body) => res.end(body)) {
  setCacheHeaders(res, page, result);
  if (etagMatches(req.get("if-none-match"), page.etag)) {
    res.statusCode = 304;
    end();
    return;
  }
  res.statusCode = 200;
  res.setHeader("Content-Type", page.contentType);
  // A body already encoded is left alone by compression() further up.
  const body = page.gzip && req.acceptsEncodings("gzip", "identity") === "gzip" ? page.gzip : page.body;
  if (body === page.gzip) res.setHeader("Content-Encoding", "gzip");
  res.setHeader("Content-Length", body.length);
  end(req.method === "HEAD" ? undefined : body);
}

/** Pages that are not served from the cache say so: no shared cache or browser keeps them (unless the route chose). */
function markPrivate(res: Response) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
    if (!this.hasHeader("Cache-Control") && /^text\/html\b/i.test(String(this.getHeader("Content-Type") ?? ""))) {
      this.setHeader("Cache-Control", PRIVATE_CACHE_CONTROL);
    }
    return writeHead.apply(this, args);
  } as Response["writeHead"];
}

type Chunk = string | Uint8Array;
type Callback = (error?: Error | null) => void;

/**
 * Holds back what the Remix handler writes until it ends, so a page to keep leaves with its ETag and
 * a 304 can answer a revalidation; `decide` gets the status and the whole body (null once it stopped
 * holding: not a candidate, or too big) and returns the page to send with cache headers, or null to
 * send the response as rendered.
 */
function capture(res: Response, decide: (status: number, body: Buffer | null) => CachedPage | null) {
  const write = res.write.bind(res) as (chunk: Chunk, encoding?: BufferEncoding, cb?: Callback) => boolean;
  const end = res.end.bind(res) as (chunk?: Chunk | Callback, encoding?: BufferEncoding | Callback, cb?: Callback) => Response;
  const chunks: Buffer[] = [];
  let held = 0;
  let holding: boolean | null = null;
  const restore = () => {
    res.write = write as Response["write"];
    res.end = end as Response["end"];
  };
  const stopHolding = () => {
    holding = false;
    restore();
    for (const chunk of chunks.splice(0)) write(chunk);
  };
  const start = () => {
    holding ??= storable(res, res.statusCode, "GET") && res.req.method === "GET";
    if (!holding) restore();
    return holding;
  };
  const toBuffer = (chunk: Chunk, encoding?: BufferEncoding) => (typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk));

  res.write = function (chunk: Chunk, encoding?: BufferEncoding | Callback, cb?: Callback) {
    const enc = typeof encoding === "string" ? encoding : undefined;
    const callback = typeof encoding === "function" ? encoding : cb;
    if (!start()) return write(chunk, enc, callback);
    const buffer = toBuffer(chunk, enc);
    chunks.push(buffer);
    held += buffer.length;
    // A page bigger than a few megabytes is not worth keeping: send on as it comes.
    if (held > 4 * 1024 * 1024) stopHolding();
    callback?.();
    return true;
  } as Response["write"];

  res.end = function (chunk?: Chunk | Callback, encoding?: BufferEncoding | Callback, cb?: Callback) {
    const data = typeof chunk === "function" ? undefined : chunk;
    const enc = typeof encoding === "string" ? encoding : undefined;
    const callback = [chunk, encoding, cb].find((a): a is Callback => typeof a === "function");
    const wasHolding = holding === null ? start() : holding;
    restore();
    if (!wasHolding) {
      decide(res.statusCode, null);
      return data === undefined ? end(callback) : end(data, enc, callback);
    }
    if (data !== undefined) chunks.push(toBuffer(data, enc));
    const body = Buffer.concat(chunks);
    const page = decide(res.statusCode, body);
    if (!page) return end(body, undefined, callback);
    send(res.req, res, page, "miss", (b?: Buffer) => (b === undefined ? end(callback) : end(b, undefined, callback)));
    return res;
  } as Response["end"];
}

/** Hit, miss (rendered and kept), pass (rendered, not kept) and skip (not a request the cache may answer). */
function countResults(metrics: Metrics | undefined, store: PageStore): (result: Result) => void {
  if (!metrics) return () => {};
  const counter = new Counter({
    name: "cns_page_cache_requests_total",
    help: "Catalog and price page requests by what the rendered-page cache did: hit, miss (rendered and kept), pass (rendered, not kept), skip (signed in, a cart, another method)",
    labelNames: ["result"] as const,
    registers: [metrics.registry],
  });
  new Gauge({
    name: "cns_page_cache_bytes",
    help: "Bytes of rendered pages this process keeps",
    registers: [metrics.registry],
    collect() {
      this.set(store.totalBytes);
    },
  });
  return (result) => counter.inc({ result });
}
