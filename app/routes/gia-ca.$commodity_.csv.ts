import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale } from "~/i18n/i18n.server";
import { csvResponse, toCsv } from "~/lib/csv";
import { db } from "~/lib/db.server";
import { errorResponse } from "~/lib/errors";
import { attributionLines, sourcesByDay } from "~/prices/api.server";
import { commodityData } from "~/prices/pages.server";

/**
 * /gia-ca/:commodity/csv?days=…&market=…&type=… — the commodity page's daily series as CSV, each day
 * naming the markets and sources behind it (and WFP's attribution when its data is in).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const data = commodityData(
    db(),
    params.commodity ?? "",
    url.searchParams,
    await getLocale(request)
  );
  if (!data) throw errorResponse(404, "prices:commodity.notFound");
  const { slug, unit } = data.commodity;
  const behind = sourcesByDay(db(), {
    commodity: slug,
    from: data.from,
    to: data.to,
    market: data.market?.slug ?? null,
    type: data.type,
  });
  const rows = data.series.map((p) => {
    const day = behind.get(p.date);
    return [
      p.date,
      slug,
      day?.markets,
      data.type,
      unit,
      p.minVnd,
      p.maxVnd,
      p.avgVnd,
      day?.sources,
      p.isDemo,
    ];
  });
  const header = [
    "date",
    "commodity",
    "market",
    "price_type",
    "unit",
    "min_vnd",
    "max_vnd",
    "avg_vnd",
    "source",
    "is_demo",
  ];
  const text = toCsv(header, [
    ...rows,
    ...attributionLines([...behind.values()].map((d) => d.sources)),
  ]);
  return csvResponse(`gia-${slug}-${data.from}-${data.to}.csv`, text);
}
