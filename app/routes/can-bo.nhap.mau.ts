import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAllowed } from "~/accounts/access.server";
import type { ImportKind } from "~/imports/processor";
import { getLocale } from "~/i18n/i18n.server";
import { templateCsv, templateFileName, templateXlsx } from "~/imports/templates.server";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Empty sheets with the canonical headers: ?loai=households|listings&dang=xlsx|csv. */

const IMPORT_KINDS = ["households", "listings"] as const satisfies readonly ImportKind[];
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "importData");
  const search = new URL(request.url).searchParams;
  const kindParam = search.get("loai");
  const kind: ImportKind = (IMPORT_KINDS as readonly string[]).includes(kindParam ?? "") ? (kindParam as ImportKind) : "households";
  const format = search.get("dang") === "csv" ? "csv" : "xlsx";
  const locale = await getLocale(request);
  const body = format === "csv" ? templateCsv(kind, locale) : await templateXlsx(kind, locale);
  const name = templateFileName(kind, locale, format);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : XLSX,
      "Content-Disposition": `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "private, max-age=3600",
    },
  });
}
