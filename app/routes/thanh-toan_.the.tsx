import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorText, pageTitle } from "~/accounts/forms.server";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { createStripeSession } from "~/payments/card.server";
import { isStripeError, publicBaseUrl, requireOwnCardCheckout } from "~/payments/pages.server";

export const handle = { i18n: ["common", "orders"] };

/**
 * /thanh-toan/the?checkout=… — the checkout form's redirect lands here after the orders were
 * placed. The Stripe Checkout Session is created (or the open one reused) outside any database
 * transaction, then the buyer goes to Stripe's page with a 303. Paid or closed checkouts go to
 * the success or cancel page instead; a Stripe failure shows a message with a retry link.
 * (File named thanh-toan_.the: not nested in the checkout page /thanh-toan, whose loader needs a cart.)
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { card } = await requireOwnCardCheckout(request);
  const id = card.checkout.id;
  if (card.state === "paid" || card.state === "refunded") return redirect(`/thanh-toan/thanh-cong?checkout=${id}`, 303);
  if (card.state !== "pending" && card.state !== "failed") return redirect(`/thanh-toan/huy?checkout=${id}`, 303);
  let message: string;
  try {
    const session = await createStripeSession(db(), id, { baseUrl: publicBaseUrl(request), locale: await getLocale(request) });
    return redirect(session.url, 303);
  } catch (error) {
    if (isStripeError(error)) {
      context.log?.error({ err: error, checkoutId: id }, "stripe checkout session failed");
      message = (await i18nServer.getFixedT(request, "orders"))("payments.errors.stripeUnavailable");
    } else {
      const text = await errorText(request, error);
      if (text.key === "orders:payments.errors.alreadyPaid") return redirect(`/thanh-toan/thanh-cong?checkout=${id}`, 303);
      if (text.key === "orders:payments.errors.checkoutClosed") return redirect(`/thanh-toan/huy?checkout=${id}`, 303);
      message = text.message;
    }
  }
  return json({ title: await pageTitle(request, "orders:payments.card.title"), checkoutId: id, message }, { status: 502 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export default function CardRedirectFailed() {
  const { t } = useTranslation("orders");
  const { checkoutId, message } = useLoaderData<typeof loader>();
  return (
    <section className="payment-page">
      <h1>{t("payments.card.title")}</h1>
      <div className="alert alert-error" role="alert">
        <p>{message}</p>
      </div>
      <p>
        <Link className="button" to={`/thanh-toan/the?checkout=${checkoutId}`} reloadDocument>
          {t("payments.card.retry")}
        </Link>{" "}
        <Link to="/don-hang">{t("payments.card.myOrders")}</Link>
      </p>
    </section>
  );
}
