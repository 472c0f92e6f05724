import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { pageTitle } from "~/accounts/forms.server";
import { CardPaymentStatus } from "~/payments/CardPaymentStatus";
import { cardPageData } from "~/payments/pages.server";

export const handle = { i18n: ["common", "orders"] };

/**
 * Stripe's success_url. It only SHOWS the stored state: the order becomes paid through the
 * verified webhook, never because the buyer reached this URL. While the webhook has not arrived
 * the page refreshes itself (a meta refresh: works without JavaScript).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const data = await cardPageData(request);
  return json(
    { ...data, title: await pageTitle(request, data.state === "paid" ? "orders:payments.card.paidTitle" : "orders:payments.card.pendingTitle") },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title },
  ...(data?.state === "pending" ? [{ httpEquiv: "refresh", content: "4" } as const] : []),
];

export default function CardSuccess() {
  const data = useLoaderData<typeof loader>();
  return <CardPaymentStatus data={data} page="success" />;
}
