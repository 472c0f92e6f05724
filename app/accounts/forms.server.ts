import type { Submission } from "@conform-to/react";
import { json } from "@remix-run/node";
import { i18nServer } from "~/i18n/i18n.server";
import { isAppError } from "~/lib/errors";

type AnyTranslate = (key: string, options?: Record<string, unknown>) => string;

/** "Đăng nhập — Chợ Nông Sản": a page title from a locale key (with namespace). */
export async function pageTitle(request: Request, key: string): Promise<string> {
  const t = (await i18nServer.getFixedT(request)) as unknown as AnyTranslate;
  return `${t(key)} — ${t("common:appName")}`;
}

/**
 * Turns an AppError from a module into the form's reply: on its field when the form has that
 * field, else as a form error; translated here (it may carry values such as minutes to wait).
 * The user's input is kept, except the fields named in hideFields (passwords). Anything that is
 * not an AppError is rethrown for the error boundary and the log.
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
  if (!isAppError(error)) throw error;
  const t = (await i18nServer.getFixedT(request)) as unknown as AnyTranslate;
  const message = t(error.messageKey, error.params);
  const onField =
    error.field && error.field in (submission.payload ?? {}) && !hiddenFields.includes(error.field) ? error.field : null;
  const result = submission.reply(
    onField ? { fieldErrors: { [onField]: [message] }, hideFields } : { formErrors: [message], hideFields },
  );
  return json({ ...extra, result }, { status: error.status });
}
