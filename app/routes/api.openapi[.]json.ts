import { CORS_HEADERS } from "~/prices/api.server";
import { openApiDocument } from "~/prices/openapi";

/** GET /api/openapi.json — the API's OpenAPI 3.1 description (app/prices/openapi.ts). */
export function loader() {
  return new Response(JSON.stringify(openApiDocument), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
      ...CORS_HEADERS,
    },
  });
}
