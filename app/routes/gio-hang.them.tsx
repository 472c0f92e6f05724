import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { addToCart, resolveCart } from "~/orders/cart.server";
import { db } from "~/lib/db.server";
import { isAppError } from "~/lib/errors";
import { safeRedirectPath } from "~/lib/redirect";

/**
 * POST /gio-hang/them: adds a listing to the request's cart (a guest gets a cart cookie), then
 * goes to the cart — or to redirectTo. A refused add goes to the cart page with the reason,
 * which it shows with the listing's current figures.
 */
export async function loader() {
  return redirect("/gio-hang");
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const listingId = Number(form.get("listingId"));
  // The text as typed: the cart reads it with the one quantity parser (lib/quantity.ts), which
  // knows "2,5" from "2.500" and refuses "2.5" rather than guess.
  const quantity = String(form.get("quantity") ?? "");
  const { cart, user, setCookie } = await resolveCart(request, { create: true });
  const headers = setCookie ? { "Set-Cookie": setCookie } : undefined;
  // The cart page words the refusal itself, with the listing's current figures: it gets the reason.
  const refused = (reason: string, suggestion?: unknown) => {
    const params = new URLSearchParams({ loi: reason });
    if (Number.isSafeInteger(listingId) && listingId > 0) params.set("sp", String(listingId));
    if (typeof suggestion === "string" && suggestion) params.set("gy", suggestion);
    return redirect(`/gio-hang?${params}`, { headers });
  };
  if (!Number.isSafeInteger(listingId) || listingId <= 0) return refused("unavailable");
  try {
    addToCart(db(), cart!.id, listingId, quantity, user?.id ?? null);
  } catch (error) {
    // Anything but a refusal is a fault: to the error page and the log, not "unavailable".
    if (!isAppError(error)) throw error;
    return refused(error.messageKey.replace(/^orders:errors\.|^common:/, ""), error.params.suggestion);
  }
  const to = safeRedirectPath(form.get("redirectTo"), "");
  return redirect(to || `/gio-hang?them=${listingId}`, { headers });
}

/**
 * Never drawn (every answer is a redirect): being a page route rather than a resource route lets a
 * refused submission (see server/form-body.server.ts) show the localized error page instead of raw JSON.
 */
export default function AddToCartTarget() {
  return null;
}
