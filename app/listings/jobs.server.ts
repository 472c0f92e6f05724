/**
 * Registers the "listing-photo" job with the worker (imported by app/worker/handlers.server.ts, which
 * the worker thread loads).
 */
import { registerJobHandler } from "~/jobs/registry.server";
import { PHOTO_JOB, processPhotoNow } from "./photos.server";

registerJobHandler(PHOTO_JOB, async (job, ctx) => {
  const photoId = Number((job.payload as { photoId?: unknown }).photoId);
  if (!Number.isSafeInteger(photoId)) throw new Error(`listing-photo job ${job.id} has no photoId`);
  ctx.progress(0, 1);
  const photo = await processPhotoNow(ctx.db, photoId);
  ctx.progress(1, 1);
  return { photoId, status: photo?.status ?? "removed", hash: photo?.hash ?? null };
});
