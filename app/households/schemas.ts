/**
 * The household forms' zod schemas, shared by the browser (conform's client validation) and the
 * server (parseWithZod in actions). Shape only: profile.server.ts checks the meaning (commune in
 * the home province, bank in the list, ID format) for every caller, forms and imports alike.
 * Messages are locale keys.
 */
import { z } from "zod";
import { isCalendarDay, todayInVietnam } from "~/lib/clock";
import { parseArea, quantityMessageKey } from "~/lib/quantity";
import { CERTIFICATIONS, HOUSEHOLD_KINDS, HOUSEHOLD_STATUSES, VERIFICATION_METHODS, type HouseholdStatus } from "./options";

const text = (max: number) => z.string().max(max, "households:errors.tooLongPlain").optional();
const requiredText = (max: number) =>
  z.string({ required_error: "households:errors.required" }).max(max, "households:errors.tooLongPlain");

/** "20.000", "20 000 ₫", "20000" → 20000 (integer VND); empty → null (not offered). */
const vnd = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const digits = (value ?? "").replace(/[\s.,₫đ]/gi, "");
    if (digits === "") return null;
    if (!/^\d{1,10}$/.test(digits)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "households:errors.moneyInvalid" });
      return z.NEVER;
    }
    return Number(digits);
  });

/** Area as farmers say it ("2 công", "2,5 công", "0,3 ha", "2500 m2"; a bare number is m²) → whole m². */
const squareMetres = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if ((value ?? "").trim() === "") return null;
    const area = parseArea(value ?? "");
    if (area.ok) return area.m2;
    const readable = area.reason === "invalid" || area.reason === "empty";
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: readable ? "households:errors.farmAreaInvalid" : quantityMessageKey({ reason: area.reason }) });
    return z.NEVER;
  });

export const HouseholdProfileSchema = z.object({
  kind: z.enum(HOUSEHOLD_KINDS, { errorMap: () => ({ message: "households:errors.kindInvalid" }) }),
  representativeName: requiredText(100),
  displayName: text(100),
  phone: z.string({ required_error: "accounts:phone.empty" }),
  nationalId: text(20),
  communeCode: z.string({ required_error: "households:errors.communeRequired" }),
  addressLine: text(200),
  mainProducts: text(500),
  farmAreaM2: squareMetres,
  certifications: z.array(z.enum(CERTIFICATIONS)).optional(),
  bankBin: text(10),
  bankAccountNumber: z
    .string()
    .regex(/^[\d\s.-]+$/, "households:errors.bankAccountInvalid")
    .optional(),
  bankAccountName: text(100),
  pickup: z.boolean().optional(),
  feeCommune: vnd,
  feeProvince: vnd,
  feeElsewhere: vnd,
  freeAbove: vnd,
  showContact: z.boolean().optional(),
  zaloPhone: text(20),
});
type HouseholdProfileValue = z.infer<typeof HouseholdProfileSchema>;

export const VerifySchema = z.object({
  intent: z.literal("verify"),
  // How identity was checked: required, one of the fixed list.
  method: z.enum(VERIFICATION_METHODS, { errorMap: () => ({ message: "households:errors.methodRequired" }) }),
  note: text(500),
});
export const SuspendSchema = z.object({ intent: z.literal("suspend"), reason: requiredText(500) });
export const ReinstateSchema = z.object({ intent: z.literal("reinstate"), note: text(500) });

/** The parsed form as the module's input (plain object; the module does the checking). */
export function toHouseholdInput(value: HouseholdProfileValue) {
  return {
    kind: value.kind,
    representativeName: value.representativeName,
    displayName: value.displayName ?? null,
    phone: value.phone,
    nationalId: value.nationalId ?? null,
    communeCode: value.communeCode,
    addressLine: value.addressLine ?? "",
    mainProducts: value.mainProducts ?? "",
    farmAreaM2: value.farmAreaM2,
    certifications: value.certifications ?? [],
    bankBin: value.bankBin ?? null,
    bankAccountNumber: value.bankAccountNumber ?? null,
    bankAccountName: value.bankAccountName ?? null,
    delivery: {
      pickup: value.pickup ?? false,
      feeCommune: value.feeCommune,
      feeProvince: value.feeProvince,
      feeElsewhere: value.feeElsewhere,
      freeAbove: value.freeAbove,
    },
    showContact: value.showContact ?? false,
    zaloPhone: value.zaloPhone ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// The officer's workspace

/** Funnel stages an officer filters by: the stored states, then the derived listed and sold. */
export const HOUSEHOLD_STAGES = [...HOUSEHOLD_STATUSES, "listed", "sold"] as const;
export type HouseholdStage = HouseholdStatus | "listed" | "sold";

/** Query names of the officer's list (/can-bo): Vietnamese, like the paths. */
export const OFFICER_LIST_PARAMS = {
  commune: "xa",
  stage: "trang-thai",
  hasListings: "co-san-pham",
  hasSales: "da-ban",
  q: "tim",
  hamlet: "ap",
  batch: "dot-nhap",
  page: "trang",
} as const;
const YES = "co";
const NO = "khong";

export interface OfficerListQuery {
  communeCode: string | null;
  stage: HouseholdStage | null;
  hasListings: boolean | null;
  hasSales: boolean | null;
  q: string | null;
  /** text of the address line naming the hamlet */
  hamlet: string | null;
  /** import batch id */
  batchId: number | null;
  page: number;
}

const yesNo = (value: string | null) => (value === YES ? true : value === NO ? false : null);

/** The list's filters from the URL; anything unknown is ignored rather than refused. */
export function parseOfficerListQuery(params: URLSearchParams): OfficerListQuery {
  const stage = params.get(OFFICER_LIST_PARAMS.stage);
  const page = Number.parseInt(params.get(OFFICER_LIST_PARAMS.page) ?? "1", 10);
  const q = (params.get(OFFICER_LIST_PARAMS.q) ?? "").trim().slice(0, 100);
  const hamlet = (params.get(OFFICER_LIST_PARAMS.hamlet) ?? "").trim().slice(0, 100);
  const batch = params.get(OFFICER_LIST_PARAMS.batch) ?? "";
  return {
    communeCode: /^\d{1,10}$/.test(params.get(OFFICER_LIST_PARAMS.commune) ?? "") ? params.get(OFFICER_LIST_PARAMS.commune) : null,
    stage: (HOUSEHOLD_STAGES as readonly string[]).includes(stage ?? "") ? (stage as HouseholdStage) : null,
    hasListings: yesNo(params.get(OFFICER_LIST_PARAMS.hasListings)),
    hasSales: yesNo(params.get(OFFICER_LIST_PARAMS.hasSales)),
    q: q === "" ? null : q,
    hamlet: hamlet === "" ? null : hamlet,
    batchId: /^\d{1,9}$/.test(batch) && Number(batch) > 0 ? Number(batch) : null,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The URL of the list with these filters (empty ones left out), for links and paging. */
export function officerListHref(query: Partial<OfficerListQuery>): string {
  const params = new URLSearchParams();
  if (query.q) params.set(OFFICER_LIST_PARAMS.q, query.q);
  if (query.communeCode) params.set(OFFICER_LIST_PARAMS.commune, query.communeCode);
  if (query.stage) params.set(OFFICER_LIST_PARAMS.stage, query.stage);
  if (query.hasListings !== null && query.hasListings !== undefined) params.set(OFFICER_LIST_PARAMS.hasListings, query.hasListings ? YES : NO);
  if (query.hasSales !== null && query.hasSales !== undefined) params.set(OFFICER_LIST_PARAMS.hasSales, query.hasSales ? YES : NO);
  if (query.hamlet) params.set(OFFICER_LIST_PARAMS.hamlet, query.hamlet);
  if (query.batchId) params.set(OFFICER_LIST_PARAMS.batch, String(query.batchId));
  if (query.page && query.page > 1) params.set(OFFICER_LIST_PARAMS.page, String(query.page));
  const search = params.toString();
  return search ? `/can-bo?${search}` : "/can-bo";
}

/** The bulk-action page for the list's current filters (the page number dropped). */
export function bulkHref(query: Partial<OfficerListQuery>): string {
  const list = officerListHref({ ...query, page: 1 });
  return list.replace(/^\/can-bo/, "/can-bo/hang-loat");
}

export const YES_NO = { yes: YES, no: NO } as const;

/** How an officer obtained a household's consent to be listed (Decree 13/2023). */
export const CONSENT_METHODS = ["paper", "phone", "inPerson"] as const;

/** The officer's registration form: the household profile, and how and when consent was given. */
export const OfficerRegistrationSchema = HouseholdProfileSchema.extend({
  consentMethod: z.enum(CONSENT_METHODS, { errorMap: () => ({ message: "households:register.errors.consentMethod" }) }),
  consentDate: z
    .string({ required_error: "households:register.errors.consentDate" })
    .regex(/^\d{4}-\d{2}-\d{2}$/, "households:register.errors.consentDate")
    .refine(isCalendarDay, "households:register.errors.consentDate")
    // Today in Vietnam: a consent dated today is never "in the future".
    .refine((value) => value <= todayInVietnam(), "households:register.errors.consentFuture")
    .refine((value) => value >= "2023-07-01", "households:register.errors.consentDate"),
  consentNote: text(200),
});
export type OfficerRegistrationValue = z.infer<typeof OfficerRegistrationSchema>;
