import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { isAppError } from "~/lib/errors";
import { generatePlaceholderPhoto } from "./demo-photos.server";
import { CARD_MAX_BYTES, inspectPhoto, measurePhotoPipeline, renderPhoto, sniffImage } from "./image.server";
import { createListing } from "./listings.server";
import { addPhoto, listPhotos, movePhoto, processPhotoNow, removePhoto, reorderPhotos, setCover } from "./photos.server";
import { mediaFile, originalPath, variantNames } from "./storage.server";
import { heicHeader, listingInput, pngBomb, sidewaysPhoneJpeg, verifiedSeller } from "./test-utils";

const db = freshTestDb({ adminUnits: true, uploads: true });
afterAll(() => db.cleanup());
const uploads = db.uploadsDir;

async function errorKey(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (error) {
    if (isAppError(error)) return error.messageKey;
    throw error;
  }
  throw new Error("expected an AppError");
}

/** 0x8825 is the EXIF tag pointing to the GPS directory (little-endian as sharp writes it). */
const hasGpsTag = (exif: Buffer | undefined) => Boolean(exif && (exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25]))));

describe("the photo pipeline on a 12-megapixel phone photo", () => {
  let phone: Buffer;
  beforeAll(async () => {
    phone = await sidewaysPhoneJpeg();
  });

  it("starts from a sideways photo that carries GPS", async () => {
    const meta = await sharp(phone).metadata();
    expect(meta.width! * meta.height!).toBe(12_000_000);
    expect(meta.orientation).toBe(6);
    expect(hasGpsTag(meta.exif)).toBe(true);
  });

  it("makes 320/640/1280 WebP and a 1200 JPEG, upright, with no metadata left, and a small card", async () => {
    const rendered = await renderPhoto(phone);
    expect(rendered.hash).toMatch(/^[a-f0-9]{32}$/);
    // Turned upright: portrait 3000×4000 scaled to 1280 wide.
    expect(rendered.width).toBe(1280);
    expect(rendered.height).toBe(Math.round((1280 * 4000) / 3000));
    expect(rendered.webp.map((v) => v.width)).toEqual([320, 640, 1280]);
    for (const variant of rendered.webp) {
      const meta = await sharp(variant.data).metadata();
      expect(meta.format).toBe("webp");
      expect(meta.width).toBe(variant.width);
      expect(meta.height! > meta.width!).toBe(true);
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
    }
    const jpeg = await sharp(rendered.jpeg).metadata();
    expect(jpeg.format).toBe("jpeg");
    expect(jpeg.width).toBe(1200);
    expect(jpeg.exif).toBeUndefined();
    // No APP1 "Exif" segment at all, so no GPS directory either.
    expect(rendered.jpeg.includes(Buffer.from("Exif\0\0", "latin1"))).toBe(false);
    for (const variant of rendered.webp) expect(variant.data.includes(Buffer.from("EXIF", "latin1"))).toBe(false);
    expect(rendered.webp[0].data.length).toBeLessThanOrEqual(CARD_MAX_BYTES);

    // Red (the stored left half) is now on top, blue at the bottom.
    const { data, info } = await sharp(rendered.webp[1].data).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    const [rTop, , bTop] = pixel(320, 40);
    const [rBottom, , bBottom] = pixel(320, info.height - 40);
    expect(rTop).toBeGreaterThan(150);
    expect(bTop).toBeLessThan(90);
    expect(bBottom).toBeGreaterThan(150);
    expect(rBottom).toBeLessThan(90);
  });

  it("measurePhotoPipeline reports time and card bytes", async () => {
    const result = await measurePhotoPipeline(phone);
    expect(result.ms).toBeGreaterThan(0);
    expect(result.cardBytes).toBeGreaterThan(0);
    expect(result.cardBytes).toBeLessThanOrEqual(CARD_MAX_BYTES);
  });
});

describe("refusing what is not a photo we can show", () => {
  it("refuses a text file named .jpg", async () => {
    const fake = Buffer.from("Đây không phải là ảnh, chỉ là chữ.\n".repeat(50));
    expect(sniffImage(fake)).toBeNull();
    expect(await errorKey(() => inspectPhoto(fake))).toBe("listings:photos.errors.notImage");
  });

  it("refuses a JPEG header with garbage behind it", async () => {
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 1)]);
    expect(await errorKey(() => inspectPhoto(broken))).toBe("listings:photos.errors.notImage");
  });

  // How fast it is refused is measured by `npm run bench:catalog -- --only=photo` (bomb_refuse_ms).
  it("refuses a 30000×30000 PNG bomb from its header", async () => {
    const bomb = pngBomb();
    expect(await errorKey(() => inspectPhoto(bomb))).toBe("listings:photos.errors.tooManyPixels");
    // The pipeline itself refuses it too (limitInputPixels), in case anything skipped the check.
    await expect(renderPhoto(bomb)).rejects.toThrow(/pixel/i);
  });

  it("says plainly that HEIC is not supported", async () => {
    expect(sniffImage(heicHeader())).toBe("heic");
    expect(await errorKey(() => inspectPhoto(heicHeader()))).toBe("listings:photos.errors.heic");
  });

  it("refuses files over 15 MB", async () => {
    const big = Buffer.alloc(15 * 1024 * 1024 + 1);
    big.set([0xff, 0xd8, 0xff]);
    expect(await errorKey(() => inspectPhoto(big))).toBe("listings:photos.errors.tooLarge");
  });

  it("accepts real PNG and WebP", async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: "#3a6" } }).png().toBuffer();
    const webp = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#3a6" } }).webp().toBuffer();
    expect(await inspectPhoto(png)).toEqual({ format: "png", width: 40, height: 30 });
    expect(await inspectPhoto(webp)).toEqual({ format: "webp", width: 40, height: 30 });
  });
});

describe("a listing's photos", () => {
  it("uploads, processes into content-hashed files, reorders, sets the cover and deletes", async () => {
    const { farmer, household } = await verifiedSeller(db);
    const listing = createListing(db, farmer, household.id, listingInput());
    const mango = await generatePlaceholderPhoto("Xoài cát Hòa Lộc", 45);
    const pomelo = await generatePlaceholderPhoto("Bưởi da xanh", 100);

    const first = await addPhoto(db, farmer, listing.id, mango);
    const second = await addPhoto(db, farmer, listing.id, pomelo);
    expect(first.status).toBe("processing");
    expect(fs.existsSync(originalPath(first.id))).toBe(true);
    const queued = db.select().from(jobs).where(eq(jobs.kind, "listing-photo")).all();
    expect(queued.map((j) => j.payload)).toEqual([{ photoId: first.id }, { photoId: second.id }]);

    const ready = await processPhotoNow(db, first.id);
    await processPhotoNow(db, second.id);
    expect(ready).toMatchObject({ status: "ready", width: 1280, height: 960 });
    expect(fs.existsSync(originalPath(first.id))).toBe(false);
    for (const name of variantNames(ready!.hash!)) {
      const served = mediaFile(name);
      expect(served).not.toBeNull();
      expect(fs.existsSync(served!.file)).toBe(true);
    }

    expect(setCover(db, farmer, listing.id, second.id).map((p) => p.id)).toEqual([second.id, first.id]);
    expect(movePhoto(db, farmer, listing.id, first.id, -1).map((p) => p.id)).toEqual([first.id, second.id]);
    expect(await errorKey(async () => reorderPhotos(db, farmer, listing.id, [first.id]))).toBe("listings:photos.errors.orderInvalid");

    const pomeloHash = listPhotos(db, listing.id).find((p) => p.id === second.id)!.hash!;
    removePhoto(db, farmer, listing.id, second.id);
    expect(listPhotos(db, listing.id).map((p) => [p.id, p.position])).toEqual([[first.id, 0]]);
    for (const name of variantNames(pomeloHash)) expect(fs.existsSync(path.join(uploads, name))).toBe(false);
  });

  it("keeps shared files while another photo uses the same content", async () => {
    const { farmer, household } = await verifiedSeller(db);
    const a = createListing(db, farmer, household.id, listingInput({ title: "Vú sữa Lò Rèn" }));
    const b = createListing(db, farmer, household.id, listingInput({ title: "Vú sữa Lò Rèn loại 2" }));
    const photo = await generatePlaceholderPhoto("Vú sữa Lò Rèn", 300);
    const pa = await processPhotoNow(db, (await addPhoto(db, farmer, a.id, photo)).id);
    const pb = await processPhotoNow(db, (await addPhoto(db, farmer, b.id, photo)).id);
    expect(pa!.hash).toBe(pb!.hash);
    removePhoto(db, farmer, a.id, pa!.id);
    for (const name of variantNames(pb!.hash!)) expect(fs.existsSync(path.join(uploads, name))).toBe(true);
  });

  it("refuses a ninth photo, a fake photo, and strangers", async () => {
    const { farmer, household } = await verifiedSeller(db);
    const listing = createListing(db, farmer, household.id, listingInput());
    const small = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#f80" } }).jpeg().toBuffer();
    for (let i = 0; i < 8; i++) await addPhoto(db, farmer, listing.id, small);
    expect(await errorKey(() => addPhoto(db, farmer, listing.id, small))).toBe("listings:photos.errors.tooMany");

    const other = createListing(db, farmer, household.id, listingInput());
    expect(await errorKey(() => addPhoto(db, farmer, other.id, Buffer.from("not a photo")))).toBe("listings:photos.errors.notImage");
    expect(listPhotos(db, other.id)).toHaveLength(0);

    const stranger = await makeUser(db, "farmer");
    expect(await errorKey(() => addPhoto(db, stranger, other.id, small))).toBe("common:errors.forbiddenText");
  });

  it("a photo removed before the worker ran is simply skipped", async () => {
    const { farmer, household } = await verifiedSeller(db);
    const listing = createListing(db, farmer, household.id, listingInput());
    const photo = await addPhoto(db, farmer, listing.id, await generatePlaceholderPhoto("Khóm Tân Phước", 60));
    removePhoto(db, farmer, listing.id, photo.id);
    expect(await processPhotoNow(db, photo.id)).toBeNull();
    expect(fs.existsSync(originalPath(photo.id))).toBe(false);
  });
});

describe("media file names", () => {
  it("only serves names the pipeline writes", () => {
    const hash = "0123456789abcdef0123456789abcdef";
    expect(mediaFile(`${hash}-320.webp`)?.contentType).toBe("image/webp");
    expect(mediaFile(`${hash}-1200.jpg`)?.contentType).toBe("image/jpeg");
    for (const bad of [`${hash}-1200.webp`, `${hash}-320.jpg`, "../app.db", `..%2F${hash}-320.webp`, `${hash}-320.webp/../../x`, "tmp/photo-1.orig", ""]) {
      expect(mediaFile(bad)).toBeNull();
    }
  });
});
