import { Form } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { parseQuantity, quantityInputValue, quantityMessageKey } from "~/lib/quantity";
import { quantityRule, type Unit } from "~/listings/options";

interface AddToCartProps {
  listingId: number;
  /** listing unit (common:units.*) */
  unit: string;
  minOrder: number;
  stock: number;
  /** the farm's step for weight units (0.5 kg …); counted units always go by 1 */
  quantityStep?: number;
  /** where the buyer lands after adding; defaults to the cart */
  redirectTo?: string;
}

/**
 * "Add to cart" for a listing page: a plain POST form to /gio-hang/them, so it works without
 * JavaScript. The quantity is typed as people write it ("2,5", "1.500"); with JavaScript the same
 * parser as the server's (lib/quantity.ts) checks it before sending, and the message line keeps
 * its space so nothing below moves. The server checks everything again. The page that shows it
 * adds "orders" to handle.i18n.
 */
export function AddToCart({ listingId, unit, minOrder, stock, quantityStep, redirectTo }: AddToCartProps) {
  const { t } = useTranslation("orders");
  const { t: tc } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const id = `add-to-cart-${listingId}`;
  if (stock <= 0 || stock < minOrder) {
    return <p className="add-to-cart-out">{t("addToCart.soldOut")}</p>;
  }
  const rule = quantityRule({ unit: unit as Unit, quantityStep });
  const check = (event: FormEvent<HTMLFormElement>) => {
    const text = String(new FormData(event.currentTarget).get("quantity") ?? "");
    const result = parseQuantity(text, rule);
    if (result.ok) {
      setError(null);
      return;
    }
    event.preventDefault();
    const translate = tc as unknown as (key: string, options: object) => string;
    setError(
      translate(quantityMessageKey(result), {
        suggestion: result.suggestion ?? "",
        unit,
        step: quantityInputValue(rule.step),
        example: quantityInputValue(rule.step * 3),
      }),
    );
  };
  return (
    <Form method="post" action="/gio-hang/them" className="add-to-cart" onSubmit={check}>
      <input type="hidden" name="listingId" value={listingId} />
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      <div className="field">
        <label htmlFor={id}>{t("addToCart.quantity", { unit: tc(`units.${unit as "kg"}`) })}</label>
        <input
          id={id}
          name="quantity"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          defaultValue={quantityInputValue(minOrder)}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-error`}
          onInput={() => setError(null)}
        />
        <p id={`${id}-error`} className="field-error field-error-reserved" aria-live="polite">
          {error}
        </p>
      </div>
      <button type="submit" className="button button-block">
        {t("addToCart.submit")}
      </button>
    </Form>
  );
}
