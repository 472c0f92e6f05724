/**
 * Helpers for the listings tests (and the catalog's): verified households, sample photos.
 * Not imported by application code.
 */
import zlib from "node:zlib";
import sharp from "sharp";
import { makeUser } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { verifyHousehold } from "~/households/lifecycle.server";
import { createOwnHousehold, type HouseholdInput } from "~/households/profile.server";
import { type Household } from "~/households/records.server";
import type { Db } from "~/lib/db.server";
import type { ListingInput } from "./schema";

/** Đạo Thạnh, a current commune of province 82 (needs freshTestDb({ adminUnits: true })). */
export const TEST_COMMUNE = "28249";
export const OTHER_COMMUNE = "28261";

let cccd = Math.floor(Math.random() * 800_000_000);
export function householdInput(overrides: Partial<HouseholdInput> = {}): HouseholdInput {
  cccd += 1;
  return {
    kind: "household",
    representativeName: "Nguyễn Văn Tư",
    displayName: "Vườn xoài Tư Lộc",
    phone: "0912 345 678",
    nationalId: `082${String(cccd).padStart(9, "0")}`,
    communeCode: TEST_COMMUNE,
    addressLine: "Ấp Hòa Thuận",
    mainProducts: "Xoài cát Hòa Lộc",
    delivery: { pickup: true, feeCommune: 15_000, feeProvince: 30_000, feeElsewhere: null, freeAbove: 500_000 },
    ...overrides,
  };
}

/** A farmer with their own household, verified by an officer of province 82 (who is returned too). */
export async function verifiedSeller(db: Db, options: { verified?: boolean } = {}) {
  const farmer = await makeUser(db, "farmer");
  const officer = await makeUser(db, "officer");
  assignOfficerAreas(db, officer.id, [{ kind: "province", code: "82" }]);
  let household: Household = createOwnHousehold(db, farmer, householdInput());
  if (options.verified !== false) household = verifyHousehold(db, officer, household.id, { method: "in_person_id_card", note: "CCCD checked" });
  return { farmer, officer, household };
}

export function listingInput(overrides: Partial<ListingInput> = {}): ListingInput {
  return {
    title: "Xoài cát Hòa Lộc loại 1",
    description: "Trái to, ngọt thơm.\nThu hoạch sáng, giao trong ngày.",
    category: "fruit",
    unit: "kg",
    priceVnd: 45_000,
    stock: 200,
    minOrder: 5,
    availableFrom: "2026-04-01",
    availableTo: "2026-07-31",
    certifications: ["vietgap"],
    ...overrides,
  };
}

/**
 * A phone-like 4000×3000 (12 MP) JPEG stored sideways with EXIF orientation 6 and a GPS position:
 * the left half is red and the right half blue, so once turned upright red is on top.
 */
export async function sidewaysPhoneJpeg(width = 4000, height = 3000): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let seed = 7;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const noise = ((seed >> 16) % 17) - 8;
      const i = (y * width + x) * 3;
      const left = x < width / 2;
      raw[i] = Math.max(0, Math.min(255, (left ? 210 : 30) + noise));
      raw[i + 1] = Math.max(0, Math.min(255, 40 + Math.round((y / height) * 60) + noise));
      raw[i + 2] = Math.max(0, Math.min(255, (left ? 30 : 210) + noise));
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "TestPhone", Model: "Camera 12MP" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "10/1 21/1 3000/100", GPSLongitudeRef: "E", GPSLongitude: "106/1 21/1 0/1" },
    })
    .toBuffer();
}

/** A PNG whose header claims 30000×30000 pixels, with almost no data behind it. */
export function pngBomb(): Buffer {
  const crc32 = (buf: Buffer) => {
    let c = ~0;
    for (const byte of buf) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(30000, 0);
  ihdr.writeUInt32BE(30000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(Buffer.alloc(30000 * 3 + 1))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The first bytes of an iPhone HEIC photo (ftyp box, brand "heic"). */
export function heicHeader(): Buffer {
  const box = Buffer.alloc(32);
  box.writeUInt32BE(24, 0);
  box.write("ftypheic", 4, "latin1");
  box.writeUInt32BE(0, 12);
  box.write("mif1heic", 16, "latin1");
  return Buffer.concat([box, Buffer.alloc(2048, 7)]);
}
