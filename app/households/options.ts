/**
 * The household vocabularies, safe in the browser. They mirror db/schema/households.ts so forms do
 * not pull drizzle into the client bundle; options.test.ts keeps the two in step.
 */
export const HOUSEHOLD_KINDS = ["household", "cooperative", "enterprise"] as const;

export const HOUSEHOLD_STATUSES = ["registered", "activated", "verified", "suspended"] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

export const CERTIFICATIONS = ["vietgap", "globalgap", "organic", "ocop3", "ocop4", "ocop5"] as const;

/** How identity was checked when an officer verified the household (mirrors the schema). */
export const VERIFICATION_METHODS = ["in_person_id_card", "in_person_known", "documents"] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];
