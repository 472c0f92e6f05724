import { json } from "@remix-run/node";
import { errorText } from "~/accounts/forms.server";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { formatMoney, formatNumber } from "~/i18n/format";
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

/**
 * The reply of the order forms (cart, checkout, order pages), which are not conform forms: the
 * error's message (errorText, the one path) on its field or the form, the user's input kept, and
 * what changed when a checkout's prices or fees moved under the buyer.
 */
export async function formError<Extra extends Record<string, unknown> = Record<never, never>>(
  request: Request,
  error: unknown,
  values: Record<string, string> = {},
  extra: Extra = {} as Extra,
) {
  const { message, status, field } = await errorText(request, error);
  const errors: FormErrors = field ? { form: null, fields: { [field]: message } } : { form: message, fields: {} };
  let changes: ChangeView[] = [];
  if (error instanceof CheckoutChangedError) {
    const t = (await i18nServer.getFixedT(request)) as unknown as AnyTranslate;
    const locale = await getLocale(request);
    const money = (n: number | null) => (n === null ? "" : formatMoney(n, locale));
    // Quantities may be fractions (1,5 kg): written with the locale's decimal mark, to thousandths.
    const quantity = (n: number | null) => (n === null ? "" : formatNumber(n, locale, 3));
    changes = error.changes.map((c) => {
      const show = c.kind === "price" || c.kind === "fee" ? money : quantity;
      return { kind: c.kind, text: t(`orders:changes.${c.kind}`, { title: c.title, before: show(c.before), after: show(c.after) }) };
    });
  }
  return json({ ok: false as const, errors, values, changes, ...extra }, { status });
}

/** Plain string fields of a form, to send back with an error. */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) if (typeof value === "string" && key !== "idempotencyKey") values[key] = value;
  return values;
}
