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

/** Units sold by weight: they may take fractions in the step the farm sets; counted units stay whole. */
export const WEIGHT_UNITS: readonly Unit[] = ["kg", "yen", "ta", "tan"];
/** Steps a farm may choose for a weight unit (the listing's quantity_step); 1 is the default. */
export const QUANTITY_STEPS = [1, 0.5, 0.25, 0.1] as const;

/** Words people type after a number for each unit, folded (lib/quantity.ts drops the listing's own). */
const UNIT_WORDS: Record<Unit, readonly string[]> = {
  kg: ["kg", "ky", "ki", "kilo", "kilogram", "can"],
  yen: ["yen"],
  ta: ["ta"],
  tan: ["tan"],
  fruit: ["trai", "qua"],
  dozen: ["chuc"],
  bunch: ["bo"],
  box: ["hop", "thung"],
  bottle: ["chai"],
  head: ["con"],
};
const ANY_UNIT_WORDS = Object.values(UNIT_WORDS).flat();

export function isWeightUnit(unit: Unit): boolean {
  return WEIGHT_UNITS.includes(unit);
}

/** Grams in one of each weight unit: kg, yến = 10 kg, tạ = 100 kg, tấn = 1,000 kg. */
const UNIT_GRAMS: Partial<Record<Unit, number>> = { kg: 1_000, yen: 10_000, ta: 100_000, tan: 1_000_000 };

/**
 * The weight of one unit in grams: fixed for weight units, the farm's figure for a counted unit
 * (a fruit, a box), null when the farm has not set it (the order's weight is then unknown).
 */
export function unitWeightGrams(unit: Unit, farmUnitWeightGrams: number | null | undefined): number | null {
  return UNIT_GRAMS[unit] ?? (farmUnitWeightGrams && farmUnitWeightGrams > 0 ? farmUnitWeightGrams : null);
}

/** The step a listing really sells in: the farm's for weights, 1 for counted units. */
export function effectiveStep(unit: Unit, step: number | null | undefined): number {
  return isWeightUnit(unit) && step && (QUANTITY_STEPS as readonly number[]).includes(step) ? step : 1;
}

/** How lib/quantity.ts parseQuantity reads a quantity of this listing (cart forms and server alike). */
/**
 * How the packed quantity of a weighed line is read: to the thousandth of its unit (a gram of a kg),
 * because a scale's reading (9,35 kg) is not a buyer's step (0,5 kg).
 */
export function packedQuantityRule(unit: Unit) {
  return { step: 0.001, whole: false, unitWords: UNIT_WORDS[unit], anyUnitWords: ANY_UNIT_WORDS };
}

export function quantityRule(listing: { unit: Unit; quantityStep?: number | null }) {
  return {
    step: effectiveStep(listing.unit, listing.quantityStep),
    whole: !isWeightUnit(listing.unit),
    unitWords: UNIT_WORDS[listing.unit],
    anyUnitWords: ANY_UNIT_WORDS,
  };
}
