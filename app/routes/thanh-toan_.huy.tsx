import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/accounts/forms.server";
import { CardPaymentStatus } from "~/payments/CardPaymentStatus";
import { cardPageData } from "~/payments/pages.server";

export const handle = { i18n: ["common", "orders"] };

/**
 * Stripe's cancel_url: the buyer left the card page. Shows the stored state (still payable until
 * the orders expire, or already paid if the webhook came first) with a link to pay again.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const data = await cardPageData(request);
  return json({ ...data, title: await pageTitle(request, "orders:payments.card.cancelTitle") }, { headers: { "Cache-Control": "no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export default function CardCancelled() {
  const data = useLoaderData<typeof loader>();
  return <CardPaymentStatus data={data} page="cancel" />;
}
