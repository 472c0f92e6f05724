import fs from "node:fs";
import path from "node:path";
import { AppError } from "~/lib/errors";
import { inspectPhoto, renderPhoto } from "~/listings/image.server";
import { removeQuietly, uploadsDir, writeFileAtomic } from "~/listings/storage.server";
import { MAX_COMPLAINT_PHOTOS } from "./rules";

/**
 * A complaint's photos go through the listing photo pipeline (checked by content, size and pixel
 * limits, auto-oriented, EXIF and GPS stripped) and are kept as one WebP under UPLOADS_DIR/complaints.
 * They are not media of the catalogue: only the complaint's parties get them (complaint-photo route).
 */
export interface StoredComplaintPhoto {
  /** relative to UPLOADS_DIR */
  path: string;
  width: number;
  height: number;
  /** false when the same picture was already stored (then a failed complaint must not delete it) */
  created: boolean;
}

const STORED_NAME = /^complaints\/[a-f0-9]{32}\.webp$/;

/** Checks every photo first (nothing is written when one is refused), then writes them. */
export async function storeComplaintPhotos(files: Array<{ name: string; data: Buffer }>, oversized: string[] = []): Promise<StoredComplaintPhoto[]> {
  if (oversized.length > 0) throw new AppError("listings:photos.errors.tooLarge", 413, { mb: 15 }, "photos");
  if (files.length > MAX_COMPLAINT_PHOTOS) throw new AppError("complaints:errors.tooManyPhotos", 400, { max: MAX_COMPLAINT_PHOTOS }, "photos");
  for (const file of files) await inspectPhoto(file.data);
  const stored: StoredComplaintPhoto[] = [];
  for (const file of files) {
    const rendered = await renderPhoto(file.data);
    const largest = rendered.webp[rendered.webp.length - 1];
    const relative = `complaints/${rendered.hash}.webp`;
    const absolute = path.join(uploadsDir(), relative);
    const created = !fs.existsSync(absolute);
    if (created) writeFileAtomic(absolute, largest.data);
    stored.push({ path: relative, width: rendered.width, height: rendered.height, created });
  }
  return stored;
}

/** Removes what storeComplaintPhotos wrote when the complaint itself was refused afterwards. */
export function discardComplaintPhotos(photos: StoredComplaintPhoto[]) {
  for (const photo of photos) if (photo.created) removeQuietly(path.join(uploadsDir(), photo.path));
}

/** The file of a stored photo, or null for a path we never write (no traversal possible). */
export function complaintPhotoFile(relative: string): string | null {
  return STORED_NAME.test(relative) ? path.join(uploadsDir(), relative) : null;
}
