import fs from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { mayViewComplaint, requireUser } from "~/accounts/access.server";
import { photoWithComplaint } from "~/complaints/complaints.server";
import { complaintPhotoFile } from "~/complaints/photos.server";
import { db } from "~/lib/db.server";
import { idParam, notFound, orErrorPage } from "~/lib/errors";

/**
 * A complaint's photo, for the complaint's parties only (buyer, farm, staff of the farm's area): a
 * guessed id is the same 404 as a missing one. Private, so never cached by a shared cache.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params.id);
  const found = orErrorPage(() => photoWithComplaint(db(), id));
  if (!found || !mayViewComplaint(db(), user, found.complaint, found.farm)) throw notFound();
  const file = complaintPhotoFile(found.photo.path);
  if (!file) throw notFound();
  const body = await fs.promises.readFile(file).catch(() => null);
  if (!body) throw notFound();
  return new Response(body, {
    headers: {
      "Content-Type": "image/webp",
      "Content-Length": String(body.length),
      "Cache-Control": "private, max-age=86400",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
