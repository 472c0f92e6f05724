import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvLine, csvResponse } from "~/lib/csv";
import { db } from "~/lib/db.server";
import { errorResponse } from "~/lib/errors";
import { attributionLines } from "~/prices/api.server";
import { marketCsv, marketData } from "~/prices/pages.server";

/** /gia-ca/cho/:market/csv?date=… — a market's prices on a date as CSV (market and source on every row), WFP's attribution when its data is in. */
export function loader({ request, params }: LoaderFunctionArgs) {
  const data = marketData(
    db(),
    params.market ?? "",
    new URL(request.url).searchParams
  );
  if (!data) throw errorResponse(404, "prices:market.notFound");
  const attribution = attributionLines(data.rows.map((r) => r.source)).map(
    (line) => `${csvLine(line)}\r\n`
  );
  return csvResponse(
    `gia-${data.market.slug}-${data.date}.csv`,
    marketCsv(data) + attribution.join("")
  );
}
