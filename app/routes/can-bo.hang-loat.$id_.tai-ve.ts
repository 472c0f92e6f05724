import fs from "node:fs";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAllowed } from "~/accounts/access.server";
import { readableBulkAction } from "~/households/bulk.server";
import { errorPage, errorResponse, idParam } from "~/lib/errors";
import { db } from "~/lib/db.server";

/**
 * /can-bo/hang-loat/:id/tai-ve — a finished export's file, streamed from disk. Only the officer who
 * started the action (another officer gets 404); never cached.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const id = idParam(params.id);
  let action;
  try {
    action = readableBulkAction(db(), user, id);
  } catch (error) {
    throw errorPage(error);
  }
  const csv = action.kind === "exportCsv";
  if ((!csv && action.kind !== "exportXlsx") || action.status !== "completed" || !action.resultPath || !fs.existsSync(action.resultPath)) {
    throw errorResponse(404, "households:bulk.errors.noFile");
  }
  const stat = fs.statSync(action.resultPath);
  const body = Readable.toWeb(fs.createReadStream(action.resultPath)) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "Content-Type": csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="danh-sach-ho-${id}.${csv ? "csv" : "xlsx"}"`,
      "Content-Length": String(stat.size),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
