/**
 * The OpenAPI 3.1 description served at /api/openapi.json, written by hand from the parser's own
 * constants so the limits cannot drift (api.test.ts checks every served path and parameter is here).
 */
import {
  API_DEFAULT_DAYS,
  API_DEFAULT_LIMIT,
  API_MAX_DAYS,
  API_MAX_LIMIT,
  API_TYPES,
  RATE_POLICY,
  WFP_ATTRIBUTION,
} from "./api.server";

const rateHeaders = {
  "RateLimit-Policy": { $ref: "#/components/headers/RateLimitPolicy" },
  RateLimit: { $ref: "#/components/headers/RateLimit" },
  "Access-Control-Allow-Origin": { $ref: "#/components/headers/AllowOrigin" },
};

const error = (
  description: string,
  extraHeaders: Record<string, unknown> = {}
) => ({
  description,
  headers: { ...rateHeaders, ...extraHeaders },
  content: {
    "application/json": { schema: { $ref: "#/components/schemas/Error" } },
  },
});

const date = {
  type: "string",
  format: "date",
  pattern: "^\\d{4}-\\d{2}-\\d{2}$",
};

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Chợ Nông Sản — market prices",
    version: "1.0.0",
    description:
      `Agricultural market prices as reported by officers, WFP and the demo. Public and read-only: any origin may call it (CORS, no credentials). ` +
      `Each client address may make ${RATE_POLICY.quota} requests per ${RATE_POLICY.windowSeconds} seconds; over that the answer is 429 with Retry-After. ` +
      `Rows with source=wfp: ${WFP_ATTRIBUTION}. Rows with isDemo=true are demo data, not real prices.`,
    license: {
      name: "Data from WFP: CC BY-IGO 3.0",
      url: "https://creativecommons.org/licenses/by/3.0/igo/",
    },
  },
  paths: {
    "/api/prices": {
      get: {
        operationId: "listPrices",
        summary:
          "Price observations (or per market and day with group=market-day)",
        parameters: [
          {
            name: "commodity",
            in: "query",
            description: "Commodity slug, e.g. gao-trang",
            schema: { type: "string" },
          },
          {
            name: "market",
            in: "query",
            description: "Market slug, e.g. vinh-kim",
            schema: { type: "string" },
          },
          {
            name: "from",
            in: "query",
            description: `First day; default ${API_DEFAULT_DAYS} days before to. At most ${API_MAX_DAYS} days from..to.`,
            schema: date,
          },
          {
            name: "to",
            in: "query",
            description: "Last day; default today (Vietnam time)",
            schema: date,
          },
          {
            name: "type",
            in: "query",
            description: "Price type",
            schema: { type: "string", enum: [...API_TYPES] },
          },
          {
            name: "limit",
            in: "query",
            description: `Rows per page. Above ${API_MAX_LIMIT} the request is refused (400 badLimit), not clamped.`,
            schema: {
              type: "integer",
              minimum: 1,
              maximum: API_MAX_LIMIT,
              default: API_DEFAULT_LIMIT,
            },
          },
          {
            name: "offset",
            in: "query",
            description: "Rows to skip; follow `next` instead of counting",
            schema: { type: "integer", minimum: 0, default: 0 },
          },
          {
            name: "group",
            in: "query",
            description:
              "market-day: min, max, modal price and count per market and day (needs commodity)",
            schema: { type: "string", enum: ["market-day"] },
          },
          {
            name: "If-None-Match",
            in: "header",
            description: "An ETag from an earlier answer",
            schema: { type: "string" },
          },
        ],
        responses: {
          "200": {
            description: "A page of rows",
            headers: {
              ...rateHeaders,
              ETag: { schema: { type: "string" } },
              "Cache-Control": { schema: { type: "string" } },
            },
            content: {
              "application/json": {
                schema: { $ref: "#/components/schemas/PricePage" },
              },
            },
          },
          "304": {
            description: "Unchanged since the given ETag",
            headers: rateHeaders,
          },
          "400": error(
            "A parameter is wrong; the message is in the caller's language (Accept-Language, vi or en)"
          ),
          "429": error("Over the rate limit", {
            "Retry-After": {
              description: "Seconds to wait",
              schema: { type: "integer", minimum: 1 },
            },
          }),
        },
      },
      options: {
        operationId: "pricesPreflight",
        summary: "CORS preflight",
        responses: { "204": { description: "Allowed methods and headers" } },
      },
    },
    "/api/openapi.json": {
      get: {
        operationId: "openApi",
        summary: "This description",
        responses: {
          "200": {
            description: "OpenAPI 3.1 document",
            content: { "application/json": { schema: { type: "object" } } },
          },
        },
      },
    },
  },
  components: {
    headers: {
      RateLimitPolicy: {
        description:
          "IETF draft-ietf-httpapi-ratelimit-headers: quota q per window w seconds",
        schema: {
          type: "string",
          examples: [
            `"default";q=${RATE_POLICY.quota};w=${RATE_POLICY.windowSeconds}`,
          ],
        },
      },
      RateLimit: {
        description:
          "Requests remaining (r) and seconds until the window resets (t)",
        schema: { type: "string", examples: ['"default";r=59;t=60'] },
      },
      AllowOrigin: {
        description: "Always *",
        schema: { type: "string", const: "*" },
      },
    },
    schemas: {
      Error: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: { type: "string" },
              message: { type: "string" },
            },
          },
        },
      },
      PricePage: {
        type: "object",
        required: ["query", "maxLimit", "count", "next", "data", "attribution"],
        properties: {
          query: { type: "object" },
          maxLimit: { type: "integer", const: API_MAX_LIMIT },
          count: { type: "integer" },
          next: {
            type: ["string", "null"],
            description: "Path and query of the next page, null on the last",
          },
          data: {
            type: "array",
            items: {
              oneOf: [
                { $ref: "#/components/schemas/Observation" },
                { $ref: "#/components/schemas/MarketDay" },
              ],
            },
          },
          attribution: {
            type: "object",
            additionalProperties: { type: "string" },
          },
        },
      },
      Observation: {
        type: "object",
        properties: {
          date: date,
          commodity: { type: "string" },
          commodityName: { type: "string" },
          commodityNameEn: { type: "string" },
          market: { type: "string" },
          marketName: { type: "string" },
          grade: { type: "string" },
          priceType: { type: "string", enum: [...API_TYPES] },
          unit: { type: "string" },
          minVnd: { type: "integer" },
          maxVnd: { type: "integer" },
          avgVnd: { type: "integer" },
          source: { type: "string" },
          isDemo: { type: "boolean" },
        },
      },
      MarketDay: {
        type: "object",
        properties: {
          date: date,
          commodity: { type: "string" },
          marketSlug: { type: "string" },
          marketName: { type: "string" },
          priceType: { type: "string", enum: [...API_TYPES] },
          unit: { type: "string" },
          minVnd: { type: "integer" },
          maxVnd: { type: "integer" },
          modalVnd: { type: "integer" },
          observations: {
            type: "integer",
            description: "Counted observations that day",
          },
          isDemo: { type: "boolean" },
        },
      },
    },
  },
} as const;
