/**
 * Loader helpers shared by the card payment pages (redirect, success, cancel) and the webhook
 * route. Routes stay thin; the rules live here and in card.server.ts / webhook.server.ts.
 */
import { inArray } from "drizzle-orm";
import Stripe from "stripe";
import { households } from "../../db/schema";
import { requireUser } from "~/accounts/access.server";
import { formatDateTime, formatMoney } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { notFound } from "~/lib/errors";
import { cardCheckoutFor, type CardState } from "./card.server";

/** Where Stripe sends the buyer back: PUBLIC_URL when set (behind a proxy), else this request's origin. */
export function publicBaseUrl(request: Request): string {
  return (env().PUBLIC_URL ?? new URL(request.url).origin).replace(/\/+$/, "");
}

function checkoutIdParam(request: Request): number | null {
  const raw = new URL(request.url).searchParams.get("checkout") ?? "";
  const id = /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The signed-in buyer's own card checkout; anyone else's (or a guessed id) is a 404. */
export async function requireOwnCardCheckout(request: Request) {
  const user = await requireUser(request);
  const id = checkoutIdParam(request);
  const card = id === null ? null : cardCheckoutFor(db(), user.id, id);
  if (!card) throw notFound();
  return { user, card };
}

interface CardPageData {
  checkoutId: number;
  state: CardState;
  /** the buyer may (still) pay by card: the session is open or can be opened */
  canPay: boolean;
  total: string;
  expiresAt: string | null;
  orders: Array<{ code: string; farm: string; total: string; status: string; paymentStatus: string }>;
}

/** What the success and cancel pages show: only the stored state, never a guess from the URL. */
export async function cardPageData(request: Request): Promise<CardPageData> {
  const { card } = await requireOwnCardCheckout(request);
  const locale = await getLocale(request);
  const farmIds = [...new Set(card.orders.map((o) => o.householdId))];
  const farms = new Map(
    farmIds.length === 0
      ? []
      : db()
          .select({ id: households.id, name: households.displayName })
          .from(households)
          .where(inArray(households.id, farmIds))
          .all()
          .map((f) => [f.id, f.name]),
  );
  const live = card.orders.filter((o) => o.status === "placed");
  const expiresAt = live.map((o) => o.expiresAt).find((d): d is Date => d instanceof Date) ?? null;
  return {
    checkoutId: card.checkout.id,
    state: card.state,
    canPay: (card.state === "pending" || card.state === "failed") && live.length > 0,
    total: formatMoney(card.orders.reduce((sum, o) => sum + o.totalVnd, 0), locale),
    expiresAt: expiresAt ? formatDateTime(expiresAt, locale) : null,
    orders: card.orders.map((o) => ({
      code: o.code,
      farm: farms.get(o.householdId) ?? "",
      total: formatMoney(o.totalVnd, locale),
      status: o.status,
      paymentStatus: o.paymentStatus,
    })),
  };
}

/** Stripe unreachable or refusing: the buyer gets a message, the log gets the details. */
export function isStripeError(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeError;
}
