import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  methodNotAllowed,
  preflightResponse,
  pricesApiResponse,
} from "~/prices/api.server";
import { db } from "~/lib/db.server";

/**
 * GET /api/prices?commodity=…&market=…&from=…&to=… — documented in docs/api-prices.md.
 * Remix hands GET, HEAD and OPTIONS to the loader: OPTIONS is a CORS preflight, not a data request.
 */
export function loader({ request, context }: LoaderFunctionArgs) {
  if (request.method === "OPTIONS") return preflightResponse();
  return pricesApiResponse(db(), request, { client: context.clientIp });
}

/** POST, PUT, PATCH, DELETE: the API is read-only. */
export function action(_args: ActionFunctionArgs) {
  return methodNotAllowed();
}
