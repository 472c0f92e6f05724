/**
 * The packing form's live figures (app/islands/packing.ts), its pure part: safe in the browser,
 * no DOM. What the farm types is read by the one quantity reader and priced by packing-figures.ts,
 * the same arithmetic the server decides with; the texts are the page's own, with `{name}` holes.
 */
import { lineTotalVnd, parseQuantity, quantityInputValue, type QuantityProblem } from "~/lib/quantity";
import { packedQuantityRule, type Unit } from "~/listings/options";
import { packingFigures, packingPreview, type PackingPreview } from "./packing-figures";

/** What the server writes on the form (data-packing) for the island. */
export interface LiveFigures {
  subtotalVnd: number;
  deliveryFeeVnd: number;
  totalVnd: number;
  tolerancePct: number;
  paidCapVnd: number | null;
  lines: Array<{ itemId: number; unit: string; priceVnd: number; ordered: number; orderedLineTotalVnd: number; weighed: boolean }>;
}

/** The message keys a packed weight can be refused with (common:numberInput.<key>). */
export const PACKED_PROBLEM_KEYS = [
  "empty",
  "invalid",
  "negative",
  "dotDecimal",
  "dotDecimalSuggest",
  "ambiguousComma",
  "ambiguousCommaSuggest",
  "englishGrouping",
  "englishGroupingSuggest",
  "tooPrecise",
  "tooLarge",
  "zero",
  "step",
  "otherUnit",
] as const;

export interface LineProblem {
  /** a key of PACKED_PROBLEM_KEYS */
  key: string;
  suggestion: string;
}

export interface LivePacking {
  /** item id → why what was typed is refused */
  problems: Map<number, LineProblem>;
  /** item id → the weighed line's money at the weight typed (lines that read) */
  lineTotals: Map<number, number>;
  /** the preview when every weighed line reads */
  preview: PackingPreview | null;
}

/** Reads every weighed line as typed (item id → text) and previews the order when all read. */
export function livePacking(figures: LiveFigures, typed: ReadonlyMap<number, string>): LivePacking {
  const problems = new Map<number, LineProblem>();
  const lineTotals = new Map<number, number>();
  const lines = figures.lines.map((line) => {
    if (!line.weighed) return { ...line, packed: line.ordered };
    const result = parseQuantity(typed.get(line.itemId) ?? quantityInputValue(line.ordered), packedQuantityRule(line.unit as Unit));
    if (result.ok) {
      lineTotals.set(line.itemId, lineTotalVnd(line.priceVnd, result.value));
      return { ...line, packed: result.value };
    }
    problems.set(line.itemId, { key: problemKey(result.reason, result.suggestion), suggestion: result.suggestion ?? "" });
    return { ...line, packed: null };
  });
  if (problems.size > 0) return { problems, lineTotals, preview: null };
  const computed = packingFigures({
    lines: lines.map((l) => ({ itemId: l.itemId, priceVnd: l.priceVnd, ordered: l.ordered, orderedLineTotalVnd: l.orderedLineTotalVnd, packed: l.packed! })),
    subtotalVnd: figures.subtotalVnd,
    deliveryFeeVnd: figures.deliveryFeeVnd,
    totalVnd: figures.totalVnd,
    tolerancePct: figures.tolerancePct,
    paidCapVnd: figures.paidCapVnd,
  });
  return { problems, lineTotals, preview: packingPreview(computed, figures.paidCapVnd !== null) };
}

/** The key quantityMessageKey (lib/quantity.ts) would give, without its namespace. */
function problemKey(reason: QuantityProblem, suggestion: string | undefined): string {
  return `${reason}${suggestion ? "Suggest" : ""}`;
}

/** The texts the server hands the island, each already in the page's language. */
export interface PreviewTexts {
  /** with {newTotal} and {oldTotal} */
  newTotal: string;
  unchanged: string;
  within: string;
  beyond: string;
  /** with {total} */
  capped: string;
  /** with {amount} */
  refund: string;
}

/** Fills `{name}` holes; a hole without a value stays as it is. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (hole, name: string) => values[name] ?? hole);
}

/** The preview's paragraphs (the first one the new total), as PackingForm's PreviewLines draws them. */
export function previewParagraphs(preview: PackingPreview, texts: PreviewTexts, money: (vnd: number) => string): string[] {
  const paragraphs = [
    fill(texts.newTotal, { newTotal: money(preview.newTotalVnd), oldTotal: money(preview.oldTotalVnd) }),
    preview.unchanged ? texts.unchanged : preview.withinTolerance ? texts.within : texts.beyond,
  ];
  if (preview.capped) paragraphs.push(fill(texts.capped, { total: money(preview.newTotalVnd) }));
  if (preview.refundVnd > 0) paragraphs.push(fill(texts.refund, { amount: money(preview.refundVnd) }));
  return paragraphs;
}
