import fs from "node:fs";
import path from "node:path";
import { and, asc, count, eq } from "drizzle-orm";
import { listingPhotos, type ListingPhoto } from "../../db/schema";
import { enqueueJob } from "~/jobs/queue.server";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { inspectPhoto, renderPhoto } from "./image.server";
import { loadForSeller, recordListingEvent, type Actor } from "./listings.server";
import { MAX_PHOTOS, SHARE_WIDTH } from "./options";
import { originalPath, removeQuietly, uploadsDir, variantName, variantNames, writeFileAtomic } from "./storage.server";

/**
 * A listing's photos. addPhoto checks the upload, keeps the original under UPLOADS_DIR/tmp and
 * queues a "listing-photo" job; the job (processPhotoNow) writes the content-hashed variants and
 * marks the photo ready. Position 0 is the cover.
 */
export type { ListingPhoto };
export const PHOTO_JOB = "listing-photo";

function fail(key: string, status = 400, params: Record<string, string | number> = {}): never {
  throw new AppError(`listings:photos.errors.${key}`, status, params, "photos");
}

export function listPhotos(db: Db, listingId: number): ListingPhoto[] {
  return db.select().from(listingPhotos).where(eq(listingPhotos.listingId, listingId)).orderBy(asc(listingPhotos.position), asc(listingPhotos.id)).all();
}

function getPhoto(db: Db, photoId: number): ListingPhoto | undefined {
  return db.select().from(listingPhotos).where(eq(listingPhotos.id, photoId)).get();
}

/** Writes positions 0..n-1 in the given order. */
function writeOrder(db: Db, ids: number[]) {
  ids.forEach((id, position) => db.update(listingPhotos).set({ position }).where(eq(listingPhotos.id, id)).run());
}

/**
 * Checks one upload by its content and queues it for processing. Refused with a message: more than
 * MAX_PHOTOS photos, over 15 MB, over 40 megapixels, HEIC, anything not a real JPEG/PNG/WebP.
 */
export async function addPhoto(db: Db, actor: Actor, listingId: number, buffer: Buffer): Promise<ListingPhoto> {
  const { onBehalf } = loadForSeller(db, actor, listingId);
  const existing = () => db.select({ n: count() }).from(listingPhotos).where(eq(listingPhotos.listingId, listingId)).get()?.n ?? 0;
  if (existing() >= MAX_PHOTOS) fail("tooMany", 409, { max: MAX_PHOTOS });
  await inspectPhoto(buffer);
  return db.transaction(() => {
    // Counted again inside the transaction: two uploads may have raced past the first check.
    const n = existing();
    if (n >= MAX_PHOTOS) fail("tooMany", 409, { max: MAX_PHOTOS });
    const photo = db.insert(listingPhotos).values({ listingId, position: n, status: "processing" }).returning().get();
    // Written before the job is committed, so the worker never sees a job without its file.
    writeFileAtomic(originalPath(photo.id), buffer);
    enqueueJob(db, PHOTO_JOB, { photoId: photo.id }, { createdBy: actor.id });
    recordListingEvent(db, listingId, actor, "photo_added", onBehalf, String(photo.id));
    return photo;
  });
}

/**
 * The job's work, also called directly by tests and the seed: one decode, the variants under
 * content-hashed names, then the photo is marked ready with its size. A file that cannot be decoded
 * marks the photo failed (retrying would not help); a missing original too.
 */
export async function processPhotoNow(db: Db, photoId: number): Promise<ListingPhoto | null> {
  const photo = getPhoto(db, photoId);
  // Removed by its owner before the worker got to it: nothing to do.
  if (!photo) return null;
  if (photo.status !== "processing") return photo;
  const source = originalPath(photoId);
  let input: Buffer;
  try {
    input = fs.readFileSync(source);
  } catch {
    return markFailed(db, photoId, "listings:photos.errors.missing");
  }
  let rendered;
  try {
    rendered = await renderPhoto(input);
  } catch {
    removeQuietly(source);
    return markFailed(db, photoId, "listings:photos.errors.notImage");
  }
  const dir = uploadsDir();
  for (const variant of rendered.webp) writeIfMissing(path.join(dir, variantName(rendered.hash, variant.width, "webp")), variant.data);
  writeIfMissing(path.join(dir, variantName(rendered.hash, SHARE_WIDTH, "jpg")), rendered.jpeg);
  const updated = db
    .update(listingPhotos)
    .set({ hash: rendered.hash, width: rendered.width, height: rendered.height, status: "ready", error: null })
    .where(and(eq(listingPhotos.id, photoId), eq(listingPhotos.status, "processing")))
    .returning()
    .get();
  removeQuietly(source);
  // Deleted while we worked: drop the files again unless another photo uses them.
  if (!updated) {
    removeFilesIfUnused(db, rendered.hash);
    return getPhoto(db, photoId) ?? null;
  }
  return updated;
}

function writeIfMissing(file: string, data: Buffer) {
  // Same hash, same bytes: an existing file is already right.
  if (!fs.existsSync(file)) writeFileAtomic(file, data);
}

function markFailed(db: Db, photoId: number, error: string): ListingPhoto {
  return db.update(listingPhotos).set({ status: "failed", error }).where(eq(listingPhotos.id, photoId)).returning().get();
}

function removeFilesIfUnused(db: Db, hash: string | null) {
  if (!hash) return;
  const used = db.select({ id: listingPhotos.id }).from(listingPhotos).where(eq(listingPhotos.hash, hash)).limit(1).get();
  if (used) return;
  for (const name of variantNames(hash)) removeQuietly(path.join(uploadsDir(), name));
}

function photoOfListing(db: Db, actor: Actor, listingId: number, photoId: number) {
  const context = loadForSeller(db, actor, listingId);
  const photo = getPhoto(db, photoId);
  if (!photo || photo.listingId !== listingId) throw new AppError("listings:photos.errors.notFound", 404);
  return { ...context, photo };
}

/** Deletes a photo; its files go too unless another photo has the same content. */
export function removePhoto(db: Db, actor: Actor, listingId: number, photoId: number): void {
  const { photo, onBehalf } = photoOfListing(db, actor, listingId, photoId);
  db.transaction(() => {
    db.delete(listingPhotos).where(eq(listingPhotos.id, photoId)).run();
    writeOrder(db, listPhotos(db, listingId).map((p) => p.id));
    recordListingEvent(db, listingId, actor, "photo_removed", onBehalf, String(photoId));
  });
  removeQuietly(originalPath(photoId));
  removeFilesIfUnused(db, photo.hash);
}

/** A full new order: every photo of the listing, each once. */
export function reorderPhotos(db: Db, actor: Actor, listingId: number, photoIds: number[]): ListingPhoto[] {
  const { onBehalf } = loadForSeller(db, actor, listingId);
  const current = listPhotos(db, listingId).map((p) => p.id);
  const same = photoIds.length === current.length && new Set(photoIds).size === photoIds.length && photoIds.every((id) => current.includes(id));
  if (!same) fail("orderInvalid");
  db.transaction(() => {
    writeOrder(db, photoIds);
    recordListingEvent(db, listingId, actor, "photos_reordered", onBehalf);
  });
  return listPhotos(db, listingId);
}

/** One step earlier (-1) or later (+1): the buttons of the no-JavaScript edit page. */
export function movePhoto(db: Db, actor: Actor, listingId: number, photoId: number, step: -1 | 1): ListingPhoto[] {
  const ids = listPhotos(db, listingId).map((p) => p.id);
  const from = ids.indexOf(photoId);
  if (from < 0) throw new AppError("listings:photos.errors.notFound", 404);
  const to = Math.min(ids.length - 1, Math.max(0, from + step));
  [ids[from], ids[to]] = [ids[to], ids[from]];
  return reorderPhotos(db, actor, listingId, ids);
}

/** Makes a photo the cover (position 0); the others keep their order after it. */
export function setCover(db: Db, actor: Actor, listingId: number, photoId: number): ListingPhoto[] {
  const ids = listPhotos(db, listingId).map((p) => p.id);
  if (!ids.includes(photoId)) throw new AppError("listings:photos.errors.notFound", 404);
  return reorderPhotos(db, actor, listingId, [photoId, ...ids.filter((id) => id !== photoId)]);
}
