/**
 * The alert form's zod schema, shared by the browser (conform) and the server (parseWithZod).
 * Safe in the browser. Amounts are read by the one VND reader (parsePriceVnd), percentages by
 * readNumber; messages are locale keys.
 */
import { z } from "zod";
import { quantityMessageKey, readNumber } from "~/lib/quantity";
import { parsePriceVnd } from "~/listings/price";

export const ALERT_FORM_KINDS = ["above", "below", "move"] as const;
export const ALERT_PRICE_TYPES = ["wholesale", "retail", "farm_gate"] as const;
export const MAX_MOVE_PERCENT = 100;

export const AlertSchema = z
  .object({
    /** market slug; empty = any market */
    market: z.string().optional(),
    type: z.enum(ALERT_PRICE_TYPES, { errorMap: () => ({ message: "alerts:errors.priceType" }) }).default("wholesale"),
    kind: z.enum(ALERT_FORM_KINDS, { errorMap: () => ({ message: "alerts:errors.kind" }) }),
    threshold: z.string().optional(),
    percent: z.string().optional(),
  })
  .transform((v, ctx) => {
    let thresholdVnd: number | null = null;
    let movePercent: number | null = null;
    if (v.kind === "move") {
      const read = readNumber(v.percent ?? "", { fractions: true, maxDecimals: 1, max: MAX_MOVE_PERCENT });
      if (!read.ok && read.reason !== "tooLarge" && read.reason !== "empty") {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["percent"], message: quantityMessageKey({ reason: read.reason }) });
        return z.NEVER;
      }
      if (!read.ok || read.value < 1) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["percent"], message: "alerts:errors.percentRange" });
        return z.NEVER;
      }
      movePercent = read.value;
    } else {
      const read = parsePriceVnd(v.threshold ?? "");
      if (!read.ok) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["threshold"], message: `alerts:errors.threshold.${read.reason}` });
        return z.NEVER;
      }
      thresholdVnd = read.value;
    }
    return { marketSlug: v.market || null, priceType: v.type, kind: v.kind, thresholdVnd, movePercent };
  });

export type AlertFormValue = z.output<typeof AlertSchema>;
