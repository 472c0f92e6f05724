import crypto from "node:crypto";
import sharp, { type Metadata } from "sharp";
import { AppError } from "~/lib/errors";
import { MAX_PIXELS, MAX_UPLOAD_BYTES, SHARE_WIDTH } from "./options";

/**
 * Photo checks and the resize pipeline, without the database: inspectPhoto refuses what we cannot
 * show (by content, never by file name), renderPhoto makes the variants.
 */
type PhotoFormat = "jpeg" | "png" | "webp";

const HEIF_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1"]);

/** What the first bytes say the file is. */
export function sniffImage(buffer: Buffer): PhotoFormat | "heic" | "avif" | null {
  if (buffer.length >= 3 && buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) return "jpeg";
  if (buffer.length >= 8 && buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (buffer.length >= 12 && buffer.toString("latin1", 0, 4) === "RIFF" && buffer.toString("latin1", 8, 12) === "WEBP") return "webp";
  if (buffer.length >= 12 && buffer.toString("latin1", 4, 8) === "ftyp") {
    const brand = buffer.toString("latin1", 8, 12);
    if (brand === "avif" || brand === "avis") return "avif";
    if (HEIF_BRANDS.has(brand)) return "heic";
  }
  return null;
}

interface PhotoInfo {
  format: PhotoFormat;
  width: number;
  height: number;
}

/**
 * Refuses, with a message for the farmer: files over 15 MB, HEIC (iPhone's default) with how to
 * change it, anything that is not really a JPEG/PNG/WebP, and pictures over 40 megapixels. Only the
 * header is read, so a decompression bomb is refused before any pixel is decoded.
 */
export async function inspectPhoto(buffer: Buffer): Promise<PhotoInfo> {
  if (buffer.length > MAX_UPLOAD_BYTES) throw new AppError("listings:photos.errors.tooLarge", 413, { mb: 15 }, "photos");
  if (buffer.length === 0) throw new AppError("listings:photos.errors.empty", 400, {}, "photos");
  const sniffed = sniffImage(buffer);
  if (sniffed === "heic") throw new AppError("listings:photos.errors.heic", 415, {}, "photos");
  if (sniffed === null || sniffed === "avif") throw new AppError("listings:photos.errors.notImage", 415, {}, "photos");
  let meta: Metadata;
  try {
    meta = await sharp(buffer, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError("listings:photos.errors.notImage", 415, {}, "photos");
  }
  if (meta.format !== sniffed || !meta.width || !meta.height) throw new AppError("listings:photos.errors.notImage", 415, {}, "photos");
  if (meta.width * meta.height > MAX_PIXELS) {
    throw new AppError("listings:photos.errors.tooManyPixels", 413, { megapixels: Math.round((meta.width * meta.height) / 1e6), max: MAX_PIXELS / 1e6 }, "photos");
  }
  return { format: sniffed, width: meta.width, height: meta.height };
}

interface RenderedPhoto {
  /** sha256 of the original bytes (32 hex digits): names every variant */
  hash: string;
  /** size of the largest WebP variant (oriented) */
  width: number;
  height: number;
  webp: { width: 320 | 640 | 1280; data: Buffer }[];
  jpeg: Buffer;
}

/** The 320 px card image must stay small on a 3G phone. */
export const CARD_MAX_BYTES = 25 * 1024;
const WEBP_QUALITY = 70;

/**
 * One decode: auto-orient (EXIF) and shrink to ≤ 1280 wide into raw pixels once, then every variant
 * is a clone() of one pipeline over those pixels. No withMetadata, so EXIF (GPS included), XMP and
 * ICC are dropped and colours converted to sRGB.
 */
export async function renderPhoto(input: Buffer): Promise<RenderedPhoto> {
  const hash = crypto.createHash("sha256").update(input).digest("hex").slice(0, 32);
  const { data, info } = await sharp(input, { limitInputPixels: MAX_PIXELS, failOn: "error" })
    .rotate()
    .resize({ width: 1280, withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const base = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const webpAt = (width: number, quality: number) =>
    base.clone().resize({ width, withoutEnlargement: true }).webp({ quality, effort: 4 }).toBuffer();
  const [large, medium, jpeg] = await Promise.all([
    webpAt(1280, WEBP_QUALITY),
    webpAt(640, WEBP_QUALITY),
    base
      .clone()
      .resize({ width: SHARE_WIDTH, withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer(),
  ]);
  // Busy, detailed photos can exceed the card budget at quality 70: step down until it fits.
  let card = await webpAt(320, WEBP_QUALITY);
  for (const quality of [60, 50, 40, 30]) {
    if (card.length <= CARD_MAX_BYTES) break;
    card = await webpAt(320, quality);
  }
  return {
    hash,
    width: info.width,
    height: info.height,
    webp: [
      { width: 320, data: card },
      { width: 640, data: medium },
      { width: 1280, data: large },
    ],
    jpeg,
  };
}

/** For the catalog benchmark: the whole pipeline on one photo, in memory. */
export async function measurePhotoPipeline(buffer: Buffer): Promise<{ ms: number; cardBytes: number }> {
  const started = performance.now();
  const rendered = await renderPhoto(buffer);
  const ms = performance.now() - started;
  return { ms: Math.round(ms * 10) / 10, cardBytes: rendered.webp[0].data.length };
}
