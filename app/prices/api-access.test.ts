import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { testContext } from "~/accounts/test-utils";
import { action, loader } from "~/routes/api.prices";
import { loader as openApiLoader } from "~/routes/api.openapi[.]json";
import {
  API_MAX_LIMIT,
  API_PARAMS,
  API_TYPES,
  ApiRateLimiter,
  pricesApiResponse,
} from "./api.server";
import { openApiDocument } from "./openapi";

const db = freshTestDb();
afterAll(() => db.cleanup());

const get = (
  query: string,
  ip = "198.51.100.1",
  headers: Record<string, string> = {}
) =>
  loader({
    request: new Request(`http://localhost/api/prices${query}`, { headers }),
    params: {},
    context: { ...testContext(), clientIp: ip },
  }) as Promise<Response>;

describe("CORS", () => {
  it("lets any origin read answers, errors included, without credentials", async () => {
    for (const response of [
      await get("", "198.51.100.2", { Origin: "https://example.org" }),
      await get("?limit=0", "198.51.100.2"),
    ]) {
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(
        response.headers.get("Access-Control-Allow-Credentials")
      ).toBeNull();
      expect(response.headers.get("Access-Control-Expose-Headers")).toContain(
        "RateLimit"
      );
    }
  });

  it("answers a preflight (Remix hands OPTIONS to the loader) without counting it, and refuses writes", async () => {
    const args = (method: string) => ({
      request: new Request("http://localhost/api/prices", { method }),
      params: {},
      context: { ...testContext(), clientIp: "192.0.2.9" },
    });
    const preflight = (await loader(args("OPTIONS"))) as Response;
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(preflight.headers.get("Access-Control-Allow-Methods")).toBe(
      "GET, HEAD, OPTIONS"
    );
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toBe(
      "If-None-Match"
    );
    expect(preflight.headers.get("RateLimit")).toBeNull();
    expect((await get("", "192.0.2.9")).headers.get("RateLimit")).toMatch(
      /^"default";r=59;/
    );
    const post = action(args("POST"));
    expect(post.status).toBe(405);
    expect(post.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
  });
});

describe("rate limit", () => {
  it("counts each address in its own fixed window and says so in the RateLimit headers", async () => {
    const first = await get("", "203.0.113.7");
    expect(first.headers.get("RateLimit-Policy")).toBe('"default";q=60;w=60');
    expect(first.headers.get("RateLimit")).toMatch(/^"default";r=59;t=\d+$/);
    const second = await get("", "203.0.113.7");
    expect(second.headers.get("RateLimit")).toMatch(/^"default";r=58;t=/);
    expect((await get("", "203.0.113.8")).headers.get("RateLimit")).toMatch(
      /^"default";r=59;/
    );
  });

  it("refuses with 429 and Retry-After over the quota, in the caller's language", async () => {
    const limiter = new ApiRateLimiter({ quota: 2, windowSeconds: 60 });
    const call = () =>
      pricesApiResponse(
        db,
        new Request("http://localhost/api/prices", {
          headers: { "Accept-Language": "vi" },
        }),
        { client: "quota-a", rateLimiter: limiter }
      );
    expect((await call()).status).toBe(200);
    expect((await call()).headers.get("RateLimit")).toMatch(/r=0;/);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const body = await refused.json();
    expect(body.error.code).toBe("tooManyRequests");
    expect(body.error.message).toMatch(
      /^Quá nhiều yêu cầu\. Vui lòng thử lại sau \d+ giây\.$/
    );
  });

  it("starts a new window when the old one is over", () => {
    const limiter = new ApiRateLimiter({ quota: 1, windowSeconds: 60 });
    expect(limiter.hit(db, "window-a", 0)).toEqual({
      allowed: true,
      remaining: 0,
      resetSeconds: 60,
    });
    expect(limiter.hit(db, "window-a", 59_500)).toEqual({
      allowed: false,
      remaining: 0,
      resetSeconds: 1,
    });
    expect(limiter.hit(db, "window-a", 60_000)).toEqual({
      allowed: true,
      remaining: 0,
      resetSeconds: 60,
    });
  });
});

describe("page size", () => {
  it("states the maximum in the answer and refuses a larger limit", async () => {
    expect((await (await get("")).json()).maxLimit).toBe(API_MAX_LIMIT);
    const refused = await get(`?limit=${API_MAX_LIMIT + 1}`);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe("badLimit");
  });
});

describe("GET /api/openapi.json", () => {
  const doc = openApiDocument as unknown as {
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Array<{
            name: string;
            in: string;
            schema: Record<string, unknown>;
          }>;
          responses: object;
        }
      >
    >;
  };

  it("is served as JSON to any origin", async () => {
    const response = openApiLoader();
    expect(response.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect((await response.json()).openapi).toBe("3.1.0");
  });

  it("describes every API route the app serves", () => {
    const routes = fs
      .readdirSync(path.resolve(__dirname, "../routes"))
      .filter((f) => f.startsWith("api."));
    // Remix flat routes: a dot is a slash, "[.]" a literal dot.
    const served = routes.map(
      (f) =>
        "/" +
        f
          .replace(/\.tsx?$/, "")
          .split("[.]")
          .map((part) => part.replace(/\./g, "/"))
          .join(".")
    );
    expect(served.sort()).toEqual(Object.keys(doc.paths).sort());
    for (const operations of Object.values(doc.paths))
      for (const op of Object.values(operations))
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
  });

  it("lists exactly the query parameters the parser accepts, with its limits", () => {
    const params = doc.paths["/api/prices"].get.parameters!;
    expect(
      params
        .filter((p) => p.in === "query")
        .map((p) => p.name)
        .sort()
    ).toEqual([...API_PARAMS].sort());
    const byName = Object.fromEntries(params.map((p) => [p.name, p.schema]));
    expect(byName.limit.maximum).toBe(API_MAX_LIMIT);
    expect(byName.type.enum).toEqual([...API_TYPES]);
  });

  it("has every $ref pointing at something", () => {
    const refs = [
      ...JSON.stringify(openApiDocument).matchAll(/"\$ref":"#\/([^"]+)"/g),
    ].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const target = ref
        .split("/")
        .reduce<unknown>(
          (node, key) => (node as Record<string, unknown> | undefined)?.[key],
          openApiDocument
        );
      expect(target, ref).toBeTypeOf("object");
    }
  });
});
