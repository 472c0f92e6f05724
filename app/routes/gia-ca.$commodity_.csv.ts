import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale } from "~/i18n/i18n.server";
import { csvResponse } from "~/lib/csv";
import { db } from "~/lib/db.server";
import { errorResponse } from "~/lib/errors";
import { commodityCsv, commodityData } from "~/prices/pages.server";

/** /gia-ca/:commodity/csv?days=…&market=… — the commodity page's daily series as CSV. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const data = commodityData(db(), params.commodity ?? "", url.searchParams, await getLocale(request));
  if (!data) throw errorResponse(404, "prices:commodity.notFound");
  return csvResponse(`gia-${data.commodity.slug}-${data.from}-${data.to}.csv`, commodityCsv(data));
}
