/**
 * What a complaint may hold, shared by the forms (browser) and the module. The reasons, remedies,
 * statuses and levels are the schema's (db/schema/fulfilment.ts).
 */
export const COMPLAINT_REASONS = ["wrong_weight", "quality", "damaged", "not_delivered", "other"] as const;
export type ComplaintReason = (typeof COMPLAINT_REASONS)[number];
export const COMPLAINT_REMEDIES = ["full_refund", "partial_refund", "replacement", "no_remedy"] as const;
export type ComplaintRemedy = (typeof COMPLAINT_REMEDIES)[number];
export type ComplaintStatus = "open" | "answered" | "escalated" | "resolved" | "withdrawn";
export type ComplaintLevel = "farm" | "officer" | "admin";

/** Phone photos of the problem: a few are enough, and each is checked and resized on the server. */
export const MAX_COMPLAINT_PHOTOS = 4;
export const DESCRIPTION_MAX = 2000;
export const ANSWER_MAX = 2000;
/** The farm answers, then the officer decides, each within this many hours before it goes up a level. */
export const ANSWER_HOURS = 48;

/** A complaint still waiting for someone: the buyer may withdraw it, a decider may decide it. */
export function isPending(status: ComplaintStatus): boolean {
  return status === "open" || status === "answered" || status === "escalated";
}

export function isReason(value: unknown): value is ComplaintReason {
  return typeof value === "string" && (COMPLAINT_REASONS as readonly string[]).includes(value);
}

export function isRemedy(value: unknown): value is ComplaintRemedy {
  return typeof value === "string" && (COMPLAINT_REMEDIES as readonly string[]).includes(value);
}
