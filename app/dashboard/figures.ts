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

/** The series' stages, cumulative in the first chart: stored (registered, activated, verified) and derived (listed, sold). */
export const SERIES_STAGES = ["registered", "activated", "verified", "listed", "sold"] as const;
export type SeriesStage = (typeof SERIES_STAGES)[number];

/** The series' figures per period, in the second chart. */
export const LISTING_KEYS = ["listingsPublished", "productsListed"] as const;
export type SeriesKey = SeriesStage | (typeof LISTING_KEYS)[number];
