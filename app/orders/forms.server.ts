import { json } from "@remix-run/node";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { formatMoney } from "~/i18n/format";
import { isAppError } from "~/lib/errors";
import { CheckoutChangedError } from "./checkout.server";

type AnyTranslate = (key: string, options?: Record<string, unknown>) => string;

interface FormErrors {
  form: string | null;
  fields: Record<string, string>;
}

interface ChangeView {
  kind: string;
  text: string;
}

/** A translated reply for a form: its error on its field (or the form), the user's input kept. */
export async function formError<Extra extends Record<string, unknown> = Record<never, never>>(
  request: Request,
  error: unknown,
  values: Record<string, string> = {},
  extra: Extra = {} as Extra,
) {
  if (!isAppError(error)) throw error;
  const t = (await i18nServer.getFixedT(request)) as unknown as AnyTranslate;
  const message = t(error.messageKey, error.params);
  const errors: FormErrors = error.field ? { form: null, fields: { [error.field]: message } } : { form: message, fields: {} };
  let changes: ChangeView[] = [];
  if (error instanceof CheckoutChangedError) {
    const locale = await getLocale(request);
    const money = (n: number | null) => (n === null ? "" : formatMoney(n, locale));
    changes = error.changes.map((c) => ({
      kind: c.kind,
      text: t(`orders:changes.${c.kind}`, {
        title: c.title,
        before: c.kind === "price" || c.kind === "fee" ? money(c.before) : (c.before ?? ""),
        after: c.kind === "price" || c.kind === "fee" ? money(c.after) : (c.after ?? ""),
      }),
    }));
  }
  return json({ ok: false as const, errors, values, changes, ...extra }, { status: error.status });
}

/** Plain string fields of a form, to send back with an error. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string" && key !== "idempotencyKey") values[key] = value;
  return values;
}
