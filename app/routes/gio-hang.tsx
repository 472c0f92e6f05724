import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { formatMoney, formatNumber } from "~/i18n/format";
import { db } from "~/lib/db.server";
import { quantityInputValue } from "~/lib/quantity";
import { getListing } from "~/listings/listings.server";
import { quantityRule } from "~/listings/options";
import { cartView, removeCartLine, resolveCart, setCartQuantity } from "~/orders/cart.server";
import { formError } from "~/orders/forms.server";
import styles from "~/orders/orders.css";
import { Money } from "~/orders/ui";
import { useLocale } from "~/i18n/use-locale";

export const handle = { i18n: ["common", "orders"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const ADD_ERRORS = ["unavailable", "belowMinimum", "notEnoughStock", "quantityInvalid", "ownListing"] as const;
/** Quantity refusals from the one parser (common:numberInput.*), passed on by /gio-hang/them. */
const QUANTITY_ERRORS = /^numberInput\.[A-Za-z]+$/;

export async function loader({ request }: LoaderFunctionArgs) {
  const { cart, user } = await resolveCart(request);
  const url = new URL(request.url);
  const listing = (param: string | null) => {
    const id = Number(param);
    return Number.isSafeInteger(id) && id > 0 ? getListing(db(), id) : undefined;
  };
  const added = listing(url.searchParams.get("them"));
  const reason = url.searchParams.get("loi") ?? "";
  const refused = (ADD_ERRORS as readonly string[]).includes(reason) ? `cart.refused.${reason}` : QUANTITY_ERRORS.test(reason) ? `common:${reason}` : null;
  const refusedListing = refused ? listing(url.searchParams.get("sp")) : undefined;
  const step = refusedListing ? quantityRule(refusedListing).step : 1;
  return json({
    title: await pageTitle(request, "orders:cart.title"),
    signedIn: Boolean(user),
    view: cartView(db(), cart?.id),
    added: added ? added.title : null,
    refused: refused
      ? {
          key: refused,
          title: refusedListing?.title ?? "",
          min: refusedListing?.minOrder ?? 1,
          stock: refusedListing?.stock ?? 0,
          unit: refusedListing?.unit ?? "kg",
          step: quantityInputValue(step),
          example: quantityInputValue(step * 3),
          suggestion: (url.searchParams.get("gy") ?? "").slice(0, 40),
        }
      : null,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const { cart } = await resolveCart(request);
  if (!cart) return redirect("/gio-hang");
  const listingId = Number(form.get("listingId"));
  try {
    if (form.get("intent") === "remove") {
      removeCartLine(db(), cart.id, listingId);
    } else {
      // As typed: the cart reads it with the one quantity parser (lib/quantity.ts).
      setCartQuantity(db(), cart.id, listingId, String(form.get("quantity") ?? ""));
    }
  } catch (error) {
    return formError(request, error, { quantity: String(form.get("quantity") ?? "") }, { listingId });
  }
  return redirect("/gio-hang");
}

export default function CartPage() {
  const { t } = useTranslation("orders");
  const locale = useLocale();
  const { view, added, refused, signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t: tc } = useTranslation();
  const unit = (u: string) => tc(`units.${u as "kg"}`);
  const failedLine = actionData && "listingId" in actionData ? Number(actionData.listingId) : null;
  const lineError = actionData && "errors" in actionData ? (actionData.errors.form ?? Object.values(actionData.errors.fields)[0]) : null;
  return (
    <section className="orders-page">
      <h1>{t("cart.title")}</h1>
      {added ? <FormNotice>{t("cart.added", { title: added })}</FormNotice> : null}
      {refused ? (
        <FormError
          errors={[
            (t as unknown as (key: string, options: object) => string)(refused.key, {
              ...refused,
              min: formatNumber(refused.min, locale, 3),
              stock: formatNumber(refused.stock, locale, 3),
            }),
          ]}
        />
      ) : null}
      {view.count === 0 ? (
        <>
          <p>{t("cart.empty")}</p>
          <p>
            <Link to="/" className="button">
              {t("cart.browse")}
            </Link>
          </p>
        </>
      ) : (
        <>
          {view.priceChanged ? <p className="alert alert-warn">{t("cart.priceChangedNote")}</p> : null}
          {view.farms.map((farm) => (
            <section key={farm.householdId} className="cart-farm" aria-labelledby={`farm-${farm.householdId}`}>
              <h2 id={`farm-${farm.householdId}`}>
                <Link to={farm.path}>{farm.name}</Link>
              </h2>
              <ul className="cart-lines">
                {farm.lines.map((line) => (
                  <li key={line.listingId} className="cart-line">
                    <p className="cart-line-head">
                      <Link to={line.path}>{line.title}</Link>
                      <strong>{formatMoney(line.lineTotalVnd, locale)}</strong>
                    </p>
                    <p className="muted">
                      {t("cart.unitPrice", { price: formatMoney(line.priceVnd, locale), unit: unit(line.unit) })}
                      {line.priceVnd !== line.seenPriceVnd ? (
                        <span className="price-changed"> · {t("cart.priceWas", { price: formatMoney(line.seenPriceVnd, locale) })}</span>
                      ) : null}
                    </p>
                    {line.problem ? (
                      <p className="field-error">
                        {t(`cart.problem.${line.problem}`, { stock: formatNumber(line.stock, locale, 3), min: formatNumber(line.minOrder, locale, 3), unit: unit(line.unit) })}
                      </p>
                    ) : null}
                    {failedLine === line.listingId && lineError ? <p className="field-error">{lineError}</p> : null}
                    <div className="cart-line-actions">
                      <Form method="post" className="cart-qty">
                        <input type="hidden" name="listingId" value={line.listingId} />
                        <label htmlFor={`qty-${line.listingId}`}>{t("cart.quantity", { unit: unit(line.unit) })}</label>
                        <input
                          id={`qty-${line.listingId}`}
                          name="quantity"
                          type="text"
                          inputMode="decimal"
                          autoComplete="off"
                          defaultValue={failedLine === line.listingId && actionData && "values" in actionData ? actionData.values.quantity : quantityInputValue(line.quantity)}
                          key={`${line.listingId}-${line.quantity}-${failedLine === line.listingId ? "failed" : ""}`}
                        />
                        <button type="submit" name="intent" value="update" className="button button-small">
                          {t("cart.update")}
                        </button>
                      </Form>
                      <Form method="post">
                        <input type="hidden" name="listingId" value={line.listingId} />
                        <button type="submit" name="intent" value="remove" className="link-button">
                          {t("cart.remove", { title: line.title })}
                        </button>
                      </Form>
                    </div>
                  </li>
                ))}
              </ul>
              <p className="cart-subtotal">
                {t("cart.farmSubtotal")} <Money vnd={farm.subtotalVnd} />
              </p>
            </section>
          ))}
          <p className="cart-total">
            {t("cart.total")} <strong>{formatMoney(view.totalVnd, locale)}</strong>
          </p>
          <p className="muted">{t("cart.feesLater")}</p>
          {view.blocked ? (
            <p className="field-error">{t("cart.fixFirst")}</p>
          ) : (
            <p>
              <Link to="/thanh-toan" className="button button-block">
                {signedIn ? t("cart.checkout") : t("cart.loginToCheckout")}
              </Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
