import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, type ShouldRevalidateFunction } from "@remix-run/react";
import { getSessionUser } from "~/accounts/session.server";
import { firstSaleChecklist, SELLER_HOME } from "~/households/first-sale.server";
import styles from "~/households/first-sale.css";
import { db } from "~/lib/db.server";

/**
 * The seller section's frame. Its only data is the first-sale checklist for the seller home, read
 * here so the home page renders it with one line (FirstSaleChecklist) while its own loader stays
 * another's. Computed only for the home itself; the pages under it render as before.
 */
export const handle = { i18n: ["households"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const onHome = new URL(request.url).pathname.replace(/\/+$/, "") === SELLER_HOME;
  if (!onHome) return json({ firstSale: null });
  return json({ firstSale: firstSaleChecklist(db(), await getSessionUser(request)) });
}

/** Coming back to the home (after adding a photo, say) reads the checklist again. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ nextUrl, defaultShouldRevalidate }) =>
  nextUrl.pathname.replace(/\/+$/, "") === SELLER_HOME || defaultShouldRevalidate;

export default function SellerSection() {
  return <Outlet />;
}
