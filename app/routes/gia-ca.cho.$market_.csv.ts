import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "~/lib/csv";
import { db } from "~/lib/db.server";
import { errorResponse } from "~/lib/errors";
import { marketCsv, marketData } from "~/prices/pages.server";

/** /gia-ca/cho/:market/csv?date=… — a market's prices on a date as CSV. */
export function loader({ request, params }: LoaderFunctionArgs) {
  const data = marketData(db(), params.market ?? "", new URL(request.url).searchParams);
  if (!data) throw errorResponse(404, "prices:market.notFound");
  return csvResponse(`gia-${data.market.slug}-${data.date}.csv`, marketCsv(data));
}
