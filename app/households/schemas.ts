/**
 * The household forms' zod schemas, shared by the browser (conform's client validation) and the
 * server (parseWithZod in actions). Shape only: households.server.ts checks the meaning (commune in
 * the home province, bank in the list, ID format) for every caller, forms and imports alike.
 * Messages are locale keys.
 */
import { z } from "zod";
import { CERTIFICATIONS, HOUSEHOLD_KINDS } from "./options";

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

const squareMetres = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const digits = (value ?? "").replace(/[\s.,]/g, "");
    if (digits === "") return null;
    if (!/^\d{1,10}$/.test(digits) || Number(digits) === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "households:errors.farmAreaInvalid" });
      return z.NEVER;
    }
    return Number(digits);
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
export type HouseholdProfileValue = z.infer<typeof HouseholdProfileSchema>;

export const VerifySchema = z.object({ intent: z.literal("verify"), note: text(500) });
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
