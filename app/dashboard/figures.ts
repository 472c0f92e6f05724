import type { Figures } from "./onboarding.server";

/** The dashboard's figures in column order (safe in the browser: the page lays out its table with them). */
export const FIGURE_KEYS = [
  "registered",
  "activated",
  "verified",
  "eligible",
  "suspended",
  "listed",
  "sold",
  "listingsPublished",
  "ordersCompleted",
  "ordersCompletedVnd",
  "ordersNotCancelled",
  "ordersNotCancelledVnd",
] as const satisfies ReadonlyArray<keyof Figures>;
