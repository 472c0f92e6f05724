import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAllowed } from "~/accounts/access.server";
import { getLocale } from "~/i18n/i18n.server";
import { getBatchFor } from "~/imports/batches.server";
import { errorReportCsv, errorReportFileName, errorReportXlsx } from "~/imports/report.server";
import { db } from "~/lib/db.server";
import { errorPage, idParam } from "~/lib/errors";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The error report of a batch, in the reader's language: ?dang=csv (UTF-8 with BOM) or ?dang=xlsx. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "importData");
  const id = idParam(params.id);
  const format = new URL(request.url).searchParams.get("dang") === "csv" ? "csv" : "xlsx";
  const locale = await getLocale(request);
  try {
    const batch = getBatchFor(db(), user, id);
    const body = format === "csv" ? errorReportCsv(db(), id, locale) : await errorReportXlsx(db(), id, locale);
    const name = errorReportFileName({ fileName: batch.fileName, locale }, format);
    return new Response(new Uint8Array(body), {
      headers: {
        "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : XLSX,
        "Content-Disposition": `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    throw errorPage(error);
  }
}
