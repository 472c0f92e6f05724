/**
 * The account forms' zod schemas, shared by the browser (conform's client validation) and the
 * server (parseWithZod in actions). Safe in the browser: no server imports. Messages are locale
 * keys that the form components translate.
 */
import { z } from "zod";
import { normalizePhone } from "~/lib/phone";

const SIGNUP_ROLES = ["buyer", "farmer"] as const;
const LOCALES = ["vi", "en"] as const;
/** Kept in step with password.server.ts (the server also enforces the common-password list). */
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 128;

const required = (key: string) => ({ required_error: key, invalid_type_error: key });

/** Any accepted written form in, E.164 out; the reason key names what is wrong. */
export const phoneField = z.string(required("accounts:phone.empty")).transform((value, ctx) => {
  const result = normalizePhone(value);
  if (!result.ok) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `accounts:phone.${result.reason}` });
    return z.NEVER;
  }
  return result.e164;
});

export const newPasswordField = z
  .string(required("accounts:errors.passwordRequired"))
  .min(PASSWORD_MIN, "accounts:errors.passwordTooShortPlain")
  .max(PASSWORD_MAX, "accounts:errors.passwordTooLongPlain");

/** For log-in and "current password": any non-empty text (old accounts may predate the rules). */
const existingPasswordField = z.string(required("accounts:errors.passwordRequired")).max(PASSWORD_MAX, "accounts:errors.passwordTooLongPlain");

export const nameField = z
  .string(required("accounts:errors.nameRequired"))
  .trim()
  .min(1, "accounts:errors.nameRequired")
  .max(100, "accounts:errors.nameTooLongPlain");

export const codeField = z
  .string(required("accounts:errors.codeRequired"))
  .transform((v) => v.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "accounts:errors.codeFormat"));

const redirectToField = z.string().optional();

export const SignupSchema = z.object({
  phone: phoneField,
  name: nameField,
  password: newPasswordField,
  role: z.enum(SIGNUP_ROLES, { errorMap: () => ({ message: "accounts:errors.roleRequired" }) }),
  redirectTo: redirectToField,
});

export const ConfirmCodeSchema = z.object({
  phone: phoneField,
  code: codeField,
  redirectTo: redirectToField,
});

export const LoginSchema = z.object({
  phone: phoneField,
  password: existingPasswordField,
  redirectTo: redirectToField,
});

export const ForgotPasswordSchema = z.object({ phone: phoneField });

export const ResetPasswordSchema = z.object({
  phone: phoneField,
  code: codeField,
  password: newPasswordField,
});

export const ProfileSchema = z.object({
  intent: z.literal("profile"),
  name: nameField,
  locale: z.enum(LOCALES, { errorMap: () => ({ message: "accounts:errors.localeRequired" }) }),
});

export const ChangePasswordSchema = z.object({
  intent: z.literal("password"),
  currentPassword: existingPasswordField,
  newPassword: newPasswordField,
});

export const PhoneChangeStartSchema = z.object({
  intent: z.literal("send"),
  newPhone: phoneField,
  password: existingPasswordField,
});

export const PhoneChangeConfirmSchema = z.object({
  intent: z.literal("confirm"),
  code: codeField,
});

export const StaffResetSchema = z.object({ phone: phoneField });
