/** The choices of a bulk action (browser-safe: the forms draw them). */

/** How the identity was checked, for the whole set (passed through to verification). */
export const VERIFICATION_METHODS = ["in_person_id_card", "in_person_known", "documents"] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** Hand-over codes: printed as slips, sent by message, or both. */
export const CODE_DELIVERIES = ["print", "sms", "both"] as const;
export type CodeDelivery = (typeof CODE_DELIVERIES)[number];

/**
 * How long bulk hand-over codes last: long enough to print the slips and hold the village meeting,
 * short enough that a lost slip does not stay a key for months (docs/decisions/0014).
 */
export const BULK_CODE_DAYS = 14;

/** Export files are kept this long, then deleted (the action's row stays, without its file). */
export const EXPORT_KEEP_DAYS = 7;

/** Form and URL parameter names of the choice (the filters use the household list's). */
export const BULK_PARAMS = { kind: "viec", delivery: "cach-trao", method: "cach-kiem-tra", note: "ghi-chu" } as const;
