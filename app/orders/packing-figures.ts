/**
 * The arithmetic of a packed weight, safe in the browser: the farm's form previews with it and the
 * server decides with it, so the preview and the decision never disagree (the server reads the
 * quantities again; it is the authority). Money goes through lib/quantity.ts lineTotalVnd, the one
 * rounding of price × quantity.
 */
import { lineTotalVnd, roundQuantity } from "~/lib/quantity";

export interface FigureLine {
  itemId: number;
  priceVnd: number;
  ordered: number;
  /** what the buyer's line cost as ordered */
  orderedLineTotalVnd: number;
  packed: number;
}

export interface FiguresInput {
  lines: FigureLine[];
  /** the order's figures as ordered */
  subtotalVnd: number;
  deliveryFeeVnd: number;
  totalVnd: number;
  tolerancePct: number;
  /** a prepaid order's total never grows beyond what was paid (null: cash on delivery) */
  paidCapVnd: number | null;
}

export interface PackingFigures {
  lines: Array<FigureLine & { packedLineTotalVnd: number }>;
  oldSubtotalVnd: number;
  newSubtotalVnd: number;
  oldTotalVnd: number;
  newTotalVnd: number;
  deliveryFeeVnd: number;
  /** heavier than a prepaid order paid for: the total stops at what was paid */
  capped: boolean;
  /** every line packed as ordered */
  unchanged: boolean;
  withinTolerance: boolean;
}

const thousandths = (q: number) => Math.round(roundQuantity(q) * 1000);

/** |a − b| ≤ pct % of b, in whole numbers (thousandths of a unit, whole VND): no float edge at exactly 10 %. */
function within(a: number, b: number, pct: number): boolean {
  return Math.abs(a - b) * 100 <= pct * b;
}

export function packingFigures(input: FiguresInput): PackingFigures {
  const lines = input.lines.map((line) => ({ ...line, packed: roundQuantity(line.packed), packedLineTotalVnd: lineTotalVnd(line.priceVnd, line.packed) }));
  const difference = lines.reduce((sum, l) => sum + (l.packedLineTotalVnd - l.orderedLineTotalVnd), 0);
  let newSubtotalVnd = input.subtotalVnd + difference;
  let newTotalVnd = input.totalVnd + difference;
  const withinTolerance =
    lines.every((l) => within(thousandths(l.packed), thousandths(l.ordered), input.tolerancePct)) && within(newTotalVnd, input.totalVnd, input.tolerancePct);
  let capped = false;
  if (input.paidCapVnd !== null && newTotalVnd > input.paidCapVnd) {
    capped = true;
    newSubtotalVnd -= newTotalVnd - input.paidCapVnd;
    newTotalVnd = input.paidCapVnd;
  }
  return {
    lines,
    oldSubtotalVnd: input.subtotalVnd,
    newSubtotalVnd,
    oldTotalVnd: input.totalVnd,
    newTotalVnd,
    deliveryFeeVnd: input.deliveryFeeVnd,
    capped,
    unchanged: lines.every((l) => thousandths(l.packed) === thousandths(l.ordered)),
    withinTolerance,
  };
}

/** What the farm is shown before it confirms (the live preview and the no-JavaScript confirm page alike). */
export interface PackingPreview {
  oldTotalVnd: number;
  newTotalVnd: number;
  withinTolerance: boolean;
  unchanged: boolean;
  capped: boolean;
  /** a prepaid order gets this back (0 otherwise) */
  refundVnd: number;
}

export function packingPreview(figures: PackingFigures, prepaid: boolean): PackingPreview {
  return {
    oldTotalVnd: figures.oldTotalVnd,
    newTotalVnd: figures.newTotalVnd,
    withinTolerance: figures.withinTolerance,
    unchanged: figures.unchanged,
    capped: figures.capped,
    refundVnd: prepaid ? Math.max(0, figures.oldTotalVnd - figures.newTotalVnd) : 0,
  };
}
