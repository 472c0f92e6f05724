import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { csvResponse } from "~/lib/csv";
import { db } from "~/lib/db.server";
import { boardCsv, boardData, boardParams } from "~/prices/pages.server";

/** /gia-ca/csv?category=…&market=…&commune=…&type=… — the price board as CSV, same filters as the page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // The whole board, every page.
  const data = boardData(db(), boardParams(url.searchParams), { paged: false });
  const t = (await i18nServer.getFixedT(request, "prices")) as unknown as (k: string) => string;
  return csvResponse(`gia-ca-${data.rows[0]?.date ?? "trong"}.csv`, boardCsv(data, t, await getLocale(request)));
}
