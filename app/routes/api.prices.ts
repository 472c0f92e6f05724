import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  methodNotAllowed,
  preflightResponse,
  pricesApiResponse,
} from "~/prices/api.server";
import { db } from "~/lib/db.server";

/** GET /api/prices?commodity=…&market=…&from=…&to=… — documented in docs/api-prices.md. */
export function loader({ request, context }: LoaderFunctionArgs) {
  return pricesApiResponse(db(), request, { client: context.clientIp });
}

/** Remix sends every other method here: OPTIONS is a CORS preflight, anything else is refused. */
export function action({ request }: ActionFunctionArgs) {
  return request.method === "OPTIONS"
    ? preflightResponse()
    : methodNotAllowed();
}
