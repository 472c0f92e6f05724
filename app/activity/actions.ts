/** What the activity log records (safe in the browser: the log page lists them as a filter). */
export const ACTIVITY_ACTIONS = [
  "import.households",
  "import.listings",
  /** an existing household's commune, name, phone or ID changed by an import the officer confirmed */
  "import.householdChange",
  "household.register",
  "household.update",
  "household.verify",
  "household.suspend",
  "household.reinstate",
  "household.claimCode",
  "household.export",
  "household.delete",
  "household.exportRequest",
  "household.deleteRequest",
  "bulk.handOverCodes",
  "bulk.verify",
  "bulk.export",
  "listing.create",
  "listing.update",
  "listing.status",
  "order.onBehalf",
  /** a farm (or staff for an unclaimed one) reported a review; an administrator hid or kept it */
  "review.report",
  "review.hide",
  "review.keep",
  "target.set",
  /** the price reference data on the admin pages (app/prices/admin.server.ts) */
  "commodity.add",
  "commodity.rename",
  "commodity.merge",
  "market.add",
  "market.rename",
  "market.merge",
  "price.correct",
  "price.withdraw",
  /** the farms' money (app/payments): a payout run started, marked transferred; a carrier's COD file imported */
  "payout.run",
  "payout.paid",
  "payout.remittance",
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];
