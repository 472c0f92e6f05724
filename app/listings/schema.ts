/**
 * The listing forms' zod schemas, shared by the browser (conform's client validation) and the
 * server (parseWithZod in actions). Safe in the browser. Messages are locale keys.
 */
import { z } from "zod";
import { CATEGORIES, CERTIFICATIONS, LISTING_STATUSES, UNITS, type Category, type Certification, type Unit } from "./options";
import { MAX_QUANTITY, parsePriceVnd, parseWholeNumber } from "./price";

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

const wholeField = (name: "stock" | "minOrder", min: number) =>
  z.string(required(`${name}.empty`)).transform((value, ctx) => {
    const result = parseWholeNumber(value, MAX_QUANTITY);
    if (!result.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: key(`${name}.${result.reason}`) });
      return z.NEVER;
    }
    if (result.value < min) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: key(`${name}.tooSmall`) });
      return z.NEVER;
    }
    return result.value;
  });

const stockField = wholeField("stock", 0);
const minOrderField = wholeField("minOrder", 1);

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
    availableFrom: isoDate,
    availableTo: isoDate,
    certifications: z.array(z.enum(CERTIFICATIONS)).default([]),
    deliveryKind: z.enum(DELIVERY_KINDS).default("province"),
    deliveryCommunes: z.array(z.string().regex(/^\d{5}$/, key("communeInvalid"))).default([]),
    deliversOutsideProvince: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
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
    availableFrom: value.availableFrom ?? null,
    availableTo: value.availableTo ?? null,
    certifications: value.certifications,
    deliveryArea: value.deliveryKind === "communes" ? { kind: "communes", codes: [...new Set(value.deliveryCommunes)] } : null,
    deliversOutsideProvince: value.deliversOutsideProvince,
  };
}
