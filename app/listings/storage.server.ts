import fs from "node:fs";
import path from "node:path";
import { env } from "~/lib/env.server";
import { PHOTO_WIDTHS, SHARE_WIDTH, type PhotoWidth } from "./options";

/**
 * Where photos live: UPLOADS_DIR (outside public/) holds the content-hashed variants, and
 * UPLOADS_DIR/tmp the originals waiting for the worker.
 */
export function uploadsDir(): string {
  return path.resolve(env().UPLOADS_DIR);
}

export function originalPath(photoId: number): string {
  return path.join(uploadsDir(), "tmp", `photo-${photoId}.orig`);
}

/** "<hash>-640.webp", "<hash>-1200.jpg": the only names the media route serves. */
export function variantName(hash: string, width: PhotoWidth | typeof SHARE_WIDTH, format: "webp" | "jpg"): string {
  return `${hash}-${width}.${format}`;
}

export function variantNames(hash: string): string[] {
  return [...PHOTO_WIDTHS.map((w) => variantName(hash, w, "webp")), variantName(hash, SHARE_WIDTH, "jpg")];
}

const MEDIA_NAME = /^([a-f0-9]{32})-(320|640|1280|1200)\.(webp|jpg)$/;

/** The file for a media URL name, or null when the name is not one we write (no traversal possible). */
export function mediaFile(name: string): { file: string; contentType: string } | null {
  const match = MEDIA_NAME.exec(name);
  if (!match) return null;
  const [, , width, format] = match;
  if ((format === "jpg") !== (width === String(SHARE_WIDTH))) return null;
  return { file: path.join(uploadsDir(), name), contentType: format === "jpg" ? "image/jpeg" : "image/webp" };
}

/** Write-then-rename, so a reader never sees half a file. */
export function writeFileAtomic(file: string, data: Buffer) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
  fs.writeFileSync(temp, data);
  fs.renameSync(temp, file);
}

export function removeQuietly(file: string) {
  fs.rmSync(file, { force: true });
}
