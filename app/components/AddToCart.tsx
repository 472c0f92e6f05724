import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

interface AddToCartProps {
  listingId: number;
  /** listing unit (common:units.*) */
  unit: string;
  minOrder: number;
  stock: number;
  /** where the buyer lands after adding; defaults to the cart */
  redirectTo?: string;
}

/**
 * "Add to cart" for a listing page: a plain POST form to /gio-hang/them, so it works without
 * JavaScript. Quantity starts at the minimum order and is bounded by the stock; the server checks
 * both again. The page that shows it adds "orders" to handle.i18n.
 */
export function AddToCart({ listingId, unit, minOrder, stock, redirectTo }: AddToCartProps) {
  const { t } = useTranslation("orders");
  const { t: tc } = useTranslation();
  const id = `add-to-cart-${listingId}`;
  if (stock <= 0 || stock < minOrder) {
    return <p className="add-to-cart-out">{t("addToCart.soldOut")}</p>;
  }
  return (
    <Form method="post" action="/gio-hang/them" className="add-to-cart">
      <input type="hidden" name="listingId" value={listingId} />
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      <div className="field">
        <label htmlFor={id}>{t("addToCart.quantity", { unit: tc(`units.${unit as "kg"}`) })}</label>
        <input id={id} name="quantity" type="number" inputMode="numeric" min={minOrder} max={stock} step={1} defaultValue={minOrder} required />
      </div>
      <button type="submit" className="button button-block">
        {t("addToCart.submit")}
      </button>
    </Form>
  );
}
