import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLocale } from "~/i18n/config";
import { localeCookie } from "~/i18n/i18n.server";
import { safeRedirectPath } from "~/lib/redirect";

/** The language switcher posts here; the choice is kept in a cookie. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const to = safeRedirectPath(form.get("redirectTo"));
  if (!isLocale(locale)) return redirect(to);
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export const loader = () => redirect("/");

/**
 * Never drawn (every answer is a redirect): being a page route rather than a resource route lets a
 * refused submission (see server/form-body.server.ts) show the localized error page instead of raw JSON.
 */
export default function LanguageSwitchTarget() {
  return null;
}
