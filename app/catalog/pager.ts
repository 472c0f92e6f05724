/** One slot of a pager: a page number, or a gap standing for the pages left out. */
export type PagerSlot = number | "gap";

/**
 * The page numbers a pager shows: the first and the last always, the current page with one on each side,
 * and a gap for what lies between. A gap never hides a single page (it would cost as much room as the
 * number itself), so 1 … 3 becomes 1 2 3 and no page is ever skipped without a mark.
 */
export function pagerSlots(page: number, pageCount: number): PagerSlot[] {
  if (pageCount < 1) return [];
  const current = Math.min(Math.max(1, Math.trunc(page)), pageCount);
  const shown = [1, current - 1, current, current + 1, pageCount].filter((p) => p >= 1 && p <= pageCount);
  const sorted = [...new Set(shown)].sort((a, b) => a - b);
  const slots: PagerSlot[] = [];
  let previous = 0;
  for (const p of sorted) {
    if (p - previous === 2) slots.push(previous + 1);
    else if (p - previous > 2) slots.push("gap");
    slots.push(p);
    previous = p;
  }
  return slots;
}
