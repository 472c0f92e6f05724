import fs from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { mediaFile } from "~/listings/storage.server";

/**
 * Listing photo variants from UPLOADS_DIR. Names are content hashes, so a file never changes:
 * cached for a year as immutable. Only names the photo pipeline writes are served (no paths).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = mediaFile(params.file ?? "");
  if (!found) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(found.file);
  } catch {
    return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  const body = await fs.promises.readFile(found.file);
  return new Response(body, {
    headers: {
      "Content-Type": found.contentType,
      "Content-Length": String(stat.size),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
