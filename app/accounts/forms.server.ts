import type { Submission } from "@conform-to/react";
import { json } from "@remix-run/node";
import { formatMoney } from "~/i18n/format";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { isAppError } from "~/lib/errors";

type AnyTranslate = (key: string, options?: Record<string, unknown>) => string;

/** "Đăng nhập — Chợ Nông Sản": a page title from a locale key (with namespace). */
export async function pageTitle(request: Request, key: string): Promise<string> {
  const t = (await i18nServer.getFixedT(request)) as unknown as AnyTranslate;
  return `${t(key)} — ${t("common:appName")}`;
}

/** An AppError in words: its message in the request's language, its HTTP status and its form field. */
export interface ErrorText {
  message: string;
  status: number;
  field?: string;
  /** the message key, for the few pages that choose what to do by it */
  key: string;
}

/**
 * The one path from a module's error to what a user reads: an AppError's key translated in the
 * request's language with its values (params named …Vnd are integer VND, formatted as money here,
 * at the edge). Anything that is not an AppError is rethrown, for the error boundary and the log.
 * Forms reply with replyWithError; loaders throw errorPage(error) (lib/errors.ts) and the error
 * boundary translates the same key; other replies put errorText's message where their page shows it.
 */
export async function errorText(request: Request, error: unknown): Promise<ErrorText> {
  if (!isAppError(error)) throw error;
  const params: Record<string, string | number> = { ...error.params };
  const money = Object.keys(params).filter((name) => name.endsWith("Vnd") && typeof params[name] === "number");
  if (money.length > 0) {
    const locale = await getLocale(request);
    for (const name of money) params[name] = formatMoney(params[name] as number, locale);
  }
  const t = (await i18nServer.getFixedT(request)) as unknown as AnyTranslate;
  return { message: t(error.messageKey, params), status: error.status, field: error.field, key: error.messageKey };
}

/**
 * Turns an AppError from a module into the form's reply (see errorText): on its field when the
 * form has that field, else as a form error. The user's input is kept, except the fields named in
 * hideFields (passwords). Anything that is not an AppError is rethrown.
 */
export async function replyWithError<Output, Extra extends Record<string, unknown> = Record<never, never>>(
  request: Request,
  submission: Submission<Record<string, unknown>, string[], Output>,
  error: unknown,
  options: {
    /** not sent back to the browser (passwords) */
    hideFields?: string[];
    /** fields the page does not show (hidden inputs): their errors go to the form */
    hiddenFields?: string[];
    /** more data for the page */
    extra?: Extra;
  } = {},
) {
  const { hideFields = [], hiddenFields = [] } = options;
  const extra = (options.extra ?? {}) as Extra;
  const { message, status, field } = await errorText(request, error);
  const onField = field && field in (submission.payload ?? {}) && !hiddenFields.includes(field) ? field : null;
  const result = submission.reply(
    onField ? { fieldErrors: { [onField]: [message] }, hideFields } : { formErrors: [message], hideFields },
  );
  return json({ ...extra, result }, { status });
}
