import type { LoaderFunctionArgs } from "@remix-run/node";
import { pricesApiResponse } from "~/prices/api.server";
import { db } from "~/lib/db.server";

/** GET /api/prices?commodity=…&market=…&from=…&to=… — documented in docs/api-prices.md. */
export function loader({ request }: LoaderFunctionArgs) {
  return pricesApiResponse(db(), request);
}
