import type { ListingStatus } from "./options";

/**
 * The listing state map: which status a seller may move a listing to from each status. sold_out is
 * also entered on its own when stock reaches 0 (and left for published when stock comes back).
 * archived listings can be restored as drafts. Safe in the browser: the edit page draws its buttons from it.
 */
export const STATUS_TRANSITIONS: Record<ListingStatus, readonly ListingStatus[]> = {
  draft: ["published", "archived"],
  published: ["paused", "sold_out", "archived"],
  paused: ["published", "archived"],
  sold_out: ["published", "paused", "archived"],
  archived: ["draft"],
};

export function canTransition(from: ListingStatus, to: ListingStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

/**
 * The status a stock change leads to: a published listing with no stock becomes sold_out, and a
 * sold-out one with stock again goes back on sale. Other statuses are the seller's choice.
 */
export function statusAfterStockChange(status: ListingStatus, stock: number): ListingStatus {
  if (status === "published" && stock <= 0) return "sold_out";
  if (status === "sold_out" && stock > 0) return "published";
  return status;
}
