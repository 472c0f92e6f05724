/**
 * The listing forms' zod schemas, shared by the browser (conform's client validation) and the
 * server (parseWithZod in actions). Safe in the browser. Messages are locale keys.
 */
import { z } from "zod";
import { isMultipleOfStep, QUANTITY_DECIMALS, quantityMessageKey, readNumber } from "~/lib/quantity";
import { CATEGORIES, CERTIFICATIONS, isWeightUnit, LISTING_STATUSES, QUANTITY_STEPS, quantityRule, UNITS, type Category, type Certification, type Unit } from "./options";
import { MAX_QUANTITY, parsePriceVnd } from "./price";

export const TITLE_MIN = 3;
export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 4000;

const key = (k: string) => `listings:errors.${k}`;
const required = (k: string) => ({ required_error: key(k), invalid_type_error: key(k) });

const priceField = z.string(required("priceRequired")).transform((value, ctx) => {
  const result = parsePriceVnd(value);
  if (!result.ok) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: key(`price.${result.reason}`) });
    return z.NEVER;
  }
  return result.value;
});

/**
 * Stock and minimum order: decimals allowed ("12,5" kg left); whether the unit allows them is
 * checked with the unit below. Read by the one quantity reader (lib/quantity.ts).
 */
const quantityField = (name: "stock" | "minOrder", zeroAllowed: boolean) =>
  z.string(required(`${name}.empty`)).transform((value, ctx) => {
    const result = readNumber(value, { fractions: true, maxDecimals: QUANTITY_DECIMALS, max: MAX_QUANTITY });
    if (!result.ok) {
      const own = ["empty", "invalid", "negative", "tooLarge"].includes(result.reason);
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: own ? key(`${name}.${result.reason}`) : quantityMessageKey({ reason: result.reason }) });
      return z.NEVER;
    }
    if (result.value === 0 && !zeroAllowed) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: key(`${name}.tooSmall`) });
      return z.NEVER;
    }
    return result.value;
  });

const stockField = quantityField("stock", true);
const minOrderField = quantityField("minOrder", false);

/** The step a buyer adds by, for units sold by weight (a select: machine values). */
const quantityStepField = z
  .enum(QUANTITY_STEPS.map(String) as [string, ...string[]], { errorMap: () => ({ message: key("quantityStep.invalid") }) })
  .default("1")
  .transform(Number);

/** The weight of one counted unit in whole grams, optional ("500"); weight units ignore it. */
const UNIT_WEIGHT_MAX_GRAMS = 100_000;
const unitWeightField = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    if (!/^\d{1,9}$/.test(value) || Number(value) === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: key("unitWeight.invalid") });
      return z.NEVER;
    }
    if (Number(value) > UNIT_WEIGHT_MAX_GRAMS) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: key("unitWeight.tooLarge") });
      return z.NEVER;
    }
    return Number(value);
  });

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, key("dateFormat"))
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), key("dateFormat"))
  .optional();

const DELIVERY_KINDS = ["province", "communes"] as const;

export const ListingFormSchema = z
  .object({
    title: z.string(required("titleRequired")).trim().min(TITLE_MIN, key("titleTooShort")).max(TITLE_MAX, key("titleTooLong")),
    description: z.string().trim().max(DESCRIPTION_MAX, key("descriptionTooLong")).optional(),
    commodityId: z.number({ invalid_type_error: key("commodityInvalid") }).int().positive().optional(),
    category: z.enum(CATEGORIES, { errorMap: () => ({ message: key("categoryRequired") }) }),
    unit: z.enum(UNITS, { errorMap: () => ({ message: key("unitRequired") }) }),
    price: priceField,
    stock: stockField,
    minOrder: minOrderField,
    quantityStep: quantityStepField,
    unitWeight: unitWeightField,
    availableFrom: isoDate,
    availableTo: isoDate,
    certifications: z.array(z.enum(CERTIFICATIONS)).default([]),
    deliveryKind: z.enum(DELIVERY_KINDS).default("province"),
    deliveryCommunes: z.array(z.string().regex(/^\d{5}$/, key("communeInvalid"))).default([]),
    deliversOutsideProvince: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    // Counted units (trái, hộp …) are whole; weights may be sold by the farm's step.
    const rule = quantityRule({ unit: value.unit, quantityStep: value.quantityStep });
    // (a field already refused reaches here as no number: its own message stands)
    for (const name of ["stock", "minOrder"] as const) {
      const n = value[name];
      if (rule.whole && typeof n === "number" && !Number.isInteger(n)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message: key(`${name}.decimal`) });
    }
    if (!rule.whole && typeof value.minOrder === "number" && !isMultipleOfStep(value.minOrder, rule.step)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["minOrder"], message: key("minOrder.step") });
    }
    if (value.availableFrom && value.availableTo && value.availableTo < value.availableFrom) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["availableTo"], message: key("seasonOrder") });
    }
    if (value.deliveryKind === "communes" && value.deliveryCommunes.length === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["deliveryCommunes"], message: key("communesRequired") });
    }
  });

export type ListingFormValue = z.output<typeof ListingFormSchema>;

/** One row of "my listings": price and stock changed in place, from a phone, without JavaScript. */
export const QuickEditSchema = z.object({
  listingId: z.number(required("listingMissing")).int().positive(),
  price: priceField,
  stock: stockField,
});

export const StatusFormSchema = z.object({
  status: z.enum(LISTING_STATUSES, { errorMap: () => ({ message: key("statusInvalid") }) }),
});

/** The delivery area as stored (db/schema/listings.ts DeliveryArea), built once the province is known. */
export type DeliveryAreaValue = { kind: "province"; code: string } | { kind: "communes"; codes: string[] };

/** What the listings module takes: parsed values, from the form, the seed or an import. */
export interface ListingInput {
  title: string;
  description?: string;
  commodityId?: number | null;
  category: Category;
  unit: Unit;
  priceVnd: number;
  /** thousandths allowed for weight units */
  stock: number;
  minOrder?: number;
  /** weight units only: the smallest amount a buyer adds (one of QUANTITY_STEPS); default 1 */
  quantityStep?: number;
  /** counted units only: the weight of one (a fruit, a box) in grams, for delivery quotes */
  unitWeightGrams?: number | null;
  availableFrom?: string | null;
  availableTo?: string | null;
  certifications?: Certification[];
  /** null or absent: the household's whole province */
  deliveryArea?: DeliveryAreaValue | null;
  /** also delivered to buyers in other provinces (absent: no) */
  deliversOutsideProvince?: boolean;
}

/** Form value → module input; the whole-province area is resolved by the module (it knows the household). */
export function listingInputFromForm(value: ListingFormValue): ListingInput {
  return {
    title: value.title,
    description: value.description ?? "",
    commodityId: value.commodityId ?? null,
    category: value.category,
    unit: value.unit,
    priceVnd: value.price,
    stock: value.stock,
    minOrder: value.minOrder,
    quantityStep: value.quantityStep,
    // Only counted units keep it (the module drops it for kg, yến, tạ, tấn); empty clears it.
    unitWeightGrams: isWeightUnit(value.unit) ? null : (value.unitWeight ?? null),
    availableFrom: value.availableFrom ?? null,
    availableTo: value.availableTo ?? null,
    certifications: value.certifications,
    deliveryArea: value.deliveryKind === "communes" ? { kind: "communes", codes: [...new Set(value.deliveryCommunes)] } : null,
    deliversOutsideProvince: value.deliversOutsideProvince,
  };
}
