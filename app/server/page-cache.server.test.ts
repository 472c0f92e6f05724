import { describe, expect, it } from "vitest";
import { etagMatches, pageEtag, pageKey, PageStore, requestEligibility, requestOrigin } from "./page-cache.server";

const get = (path: string, extra: Partial<{ method: string; search: string; cookie: string }> = {}) =>
  requestEligibility({ method: "GET", path, search: "", ...extra });

describe("which requests the page cache may answer", () => {
  it("takes anonymous GET and HEAD of the catalog and price pages, with or without the language cookie", () => {
    for (const path of ["/", "/tim-kiem", "/danh-muc/trai-cay", "/san-pham/xoai-cat-12", "/nha-vuon/vuon-ut-3", "/gia-ca", "/gia-ca/xoai", "/gia-ca/cho/cho-cai-be"]) {
      expect(get(path)).toEqual({ cacheable: true });
      expect(get(path, { method: "HEAD", cookie: "lng=ImVuIg%3D%3D" })).toEqual({ cacheable: true });
    }
  });

  it("leaves every other page, other methods and Remix data requests to the app", () => {
    for (const path of ["/gio-hang", "/tai-khoan", "/dang-nhap", "/ban-hang", "/can-bo", "/san-pham", "/san-pham/a/b", "/api/prices", "/tim-kiem/x"]) {
      expect(get(path)).toEqual({ cacheable: false, reason: "path" });
    }
    for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) expect(get("/", { method })).toEqual({ cacheable: false, reason: "method" });
    expect(get("/tim-kiem", { search: "?q=xoai&_data=routes%2Ftim-kiem" })).toEqual({ cacheable: false, reason: "data-request" });
    expect(get("/", { search: "?_data" })).toEqual({ cacheable: false, reason: "data-request" });
  });

  it("never takes a request with a session, a cart or any cookie it does not know", () => {
    for (const cookie of ["__session=abc.def", "cart=xyz", "lng=ImVuIg%3D%3D; cart=xyz", "__session=a; lng=b", "notice=saved", "_ga=GA1.1"]) {
      expect(get("/", { cookie })).toEqual({ cacheable: false, reason: "cookie" });
    }
  });
});

describe("the key and the ETag", () => {
  it("keys by locale, origin, path and query as sent", () => {
    const base = { origin: "http://a", path: "/tim-kiem", search: "?q=xoai", locale: "vi" };
    const keys = new Set([
      pageKey(base),
      pageKey({ ...base, locale: "en" }),
      pageKey({ ...base, origin: "http://b" }),
      pageKey({ ...base, search: "?q=buoi" }),
      pageKey({ ...base, path: "/" }),
    ]);
    expect(keys.size).toBe(5);
    expect(pageKey(base)).toBe(pageKey({ ...base }));
  });

  it("puts every header the page's URL is built from in the origin, so a forged one never reaches another's entry", () => {
    const request = (headers: Record<string, string>) => ({ protocol: "http", hostname: "cho.vn", get: (name: string) => headers[name.toLowerCase()] });
    const plain = requestOrigin(request({ host: "cho.vn" }));
    expect(requestOrigin(request({ host: "cho.vn", "x-forwarded-host": "cho.vn:6666" }))).not.toBe(plain);
    expect(requestOrigin(request({ host: "cho.vn:81" }))).not.toBe(plain);
  });

  it("changes with the versions, the key and the body, and is weak", () => {
    const body = Buffer.from("<html>trang</html>");
    const etag = pageEtag("1.2.2026-12-03", "vi http://a/", body);
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(pageEtag("1.2.2026-12-03", "vi http://a/", Buffer.from(body))).toBe(etag);
    expect(pageEtag("2.2.2026-12-03", "vi http://a/", body)).not.toBe(etag);
    expect(pageEtag("1.2.2026-12-04", "vi http://a/", body)).not.toBe(etag);
    expect(pageEtag("1.2.2026-12-03", "en http://a/", body)).not.toBe(etag);
    expect(pageEtag("1.2.2026-12-03", "vi http://a/", Buffer.from("<html>khác</html>"))).not.toBe(etag);
  });

  it("matches If-None-Match lists, weak or strong, and *", () => {
    const etag = 'W/"abc"';
    expect(etagMatches('W/"abc"', etag)).toBe(true);
    expect(etagMatches('"abc"', etag)).toBe(true);
    expect(etagMatches('"x", W/"abc"', etag)).toBe(true);
    expect(etagMatches("*", etag)).toBe(true);
    expect(etagMatches('"abd"', etag)).toBe(false);
    expect(etagMatches(undefined, etag)).toBe(false);
  });
});

describe("the page store", () => {
  const page = (text: string) => ({ body: Buffer.from(text), etag: `W/"${text}"`, contentType: "text/html" });

  it("keeps pages for its version only and empties when the version moves", () => {
    const store = new PageStore({ maxEntries: 10, maxBytes: 1000 });
    store.use("v1");
    expect(store.set("v1", "a", page("A"))).toBe(true);
    expect(store.get("a")?.body.toString()).toBe("A");
    // A page rendered under an older version is refused once the store has moved on.
    store.use("v2");
    expect(store.get("a")).toBeUndefined();
    expect(store.set("v1", "a", page("A"))).toBe(false);
    expect(store.size).toBe(0);
  });

  it("drops the least recently used page past its entry or byte bound", () => {
    const store = new PageStore({ maxEntries: 3, maxBytes: 10 });
    store.use("v");
    store.set("v", "a", page("aaa"));
    store.set("v", "b", page("bbb"));
    store.set("v", "c", page("ccc"));
    store.get("a"); // a is now the most recent
    store.set("v", "d", page("ddd"));
    expect(store.get("b")).toBeUndefined();
    expect(store.size).toBe(3);
    expect(store.totalBytes).toBe(9);
    store.set("v", "e", page("eeeee"));
    expect(store.totalBytes).toBeLessThanOrEqual(10);
    expect(store.get("e")?.body.toString()).toBe("eeeee");
    expect(store.set("v", "huge", page("x".repeat(11)))).toBe(false);
    // Replacing a key counts its bytes once.
    store.set("v", "e", page("EEEEE"));
    expect(store.totalBytes).toBeLessThanOrEqual(10);
    expect(store.get("e")?.body.toString()).toBe("EEEEE");
  });
});
