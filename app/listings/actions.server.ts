import { i18nServer } from "~/i18n/i18n.server";
import { isAppError } from "~/lib/errors";

type AnyTranslate = (key: string, options?: Record<string, unknown>) => string;

/** An AppError's message in the request's language; anything else is rethrown for the error boundary. */
export async function errorMessage(request: Request, error: unknown): Promise<string> {
  if (!isAppError(error)) throw error;
  const t = (await i18nServer.getFixedT(request)) as unknown as AnyTranslate;
  return t(error.messageKey, error.params);
}

export async function translate(request: Request, key: string, params?: Record<string, unknown>): Promise<string> {
  const t = (await i18nServer.getFixedT(request)) as unknown as AnyTranslate;
  return t(key, params);
}
