import { i18nServer } from "~/i18n/i18n.server";

type AnyTranslate = (key: string, options?: Record<string, unknown>) => string;

export async function translate(request: Request, key: string, params?: Record<string, unknown>): Promise<string> {
  const t = (await i18nServer.getFixedT(request)) as unknown as AnyTranslate;
  return t(key, params);
}
