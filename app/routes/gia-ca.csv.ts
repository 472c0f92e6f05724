import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { csvResponse, toCsv } from "~/lib/csv";
import { db } from "~/lib/db.server";
import { attributionLines, sourcesByDay } from "~/prices/api.server";
import { boardData, boardParams } from "~/prices/pages.server";

/**
 * /gia-ca/csv?category=…&market=…&commune=…&type=… — the price board as CSV, same filters as the page,
 * each row naming the markets and sources behind it (and WFP's attribution when its data is in).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // The whole board, every page.
  const data = boardData(db(), boardParams(url.searchParams), { paged: false });
  const t = (await i18nServer.getFixedT(request, "prices")) as unknown as (
    k: string
  ) => string;
  const locale = await getLocale(request);
  const { market, commune, type } = data.filters;
  const behinds = data.rows.map((r) =>
    sourcesByDay(db(), {
      commodity: r.slug,
      from: r.date,
      to: r.date,
      market,
      commune,
      type,
    }).get(r.date)
  );
  const rows = data.rows.map((r, i) => {
    const behind = behinds[i];
    const name = locale === "vi" ? r.nameVi : r.nameEn;
    const change = [
      r.change7?.deltaVnd,
      r.change7?.percent,
      r.change30?.deltaVnd,
      r.change30?.percent,
    ];
    return [
      r.slug,
      name,
      t(`categories.${r.category}`),
      r.date,
      r.unit,
      r.minVnd,
      r.maxVnd,
      r.avgVnd,
      r.markets,
      behind?.markets,
      ...change,
      behind?.sources,
      r.isDemo,
    ];
  });
  const header = [
    "commodity",
    "name",
    "category",
    "date",
    "unit",
    "min_vnd",
    "max_vnd",
    "avg_vnd",
    "markets",
    "market",
  ];
  header.push(
    "change_7d_vnd",
    "change_7d_pct",
    "change_30d_vnd",
    "change_30d_pct",
    "source",
    "is_demo"
  );
  const text = toCsv(header, [
    ...rows,
    ...attributionLines(behinds.map((b) => b?.sources ?? "")),
  ]);
  return csvResponse(`gia-ca-${data.rows[0]?.date ?? "trong"}.csv`, text);
}
