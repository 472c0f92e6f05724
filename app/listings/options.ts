/**
 * The listing vocabularies, safe in the browser. They mirror db/schema (listings.ts, households.ts)
 * so forms do not pull drizzle into the client bundle; options.test.ts keeps the two in step.
 */
export const CATEGORIES = ["fruit", "vegetables", "rice-grains", "seafood", "livestock-poultry", "processed-ocop", "seedlings"] as const;
export type Category = (typeof CATEGORIES)[number];

export const UNITS = ["kg", "yen", "ta", "tan", "fruit", "dozen", "bunch", "box", "bottle", "head"] as const;
export type Unit = (typeof UNITS)[number];

export const LISTING_STATUSES = ["draft", "published", "paused", "sold_out", "archived"] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

export const CERTIFICATIONS = ["vietgap", "globalgap", "organic", "ocop3", "ocop4", "ocop5"] as const;
export type Certification = (typeof CERTIFICATIONS)[number];

export const MAX_PHOTOS = 8;
/** Largest upload accepted, per file (phones send 3–12 MB photos). */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
/** Largest picture accepted (width × height). */
export const MAX_PIXELS = 40_000_000;
/** Variant widths served as WebP; the JPEG for sharing previews is SHARE_WIDTH wide. */
export const PHOTO_WIDTHS = [320, 640, 1280] as const;
export type PhotoWidth = (typeof PHOTO_WIDTHS)[number];
export const SHARE_WIDTH = 1200;
