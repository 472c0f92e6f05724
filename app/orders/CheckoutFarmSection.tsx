import { useTranslation } from "react-i18next";
import { formatMoney, formatNumber } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";

/**
 * One farm's part of the checkout form: its lines, how the buyer receives them (with the fee for
 * the chosen commune, or why there is no delivery) and how this farm's order is paid (with the
 * reason when a method is not available). Plain radio groups: the form works without JavaScript.
 */

interface FarmLine {
  listingId: number;
  title: string;
  unit: string;
  quantity: number;
  priceVnd: number;
  seenPriceVnd: number;
  lineTotalVnd: number;
}

export interface CheckoutFarmView {
  householdId: number;
  name: string;
  placeName: string;
  lines: FarmLine[];
  subtotalVnd: number;
  pickup: boolean;
  deliveryFeeVnd: number | null;
  deliveryReason: "chooseCommune" | "farmDoesNotDeliver" | "localOnly" | null;
  localTitles: string[];
  method: "pickup" | "delivery" | "ghn" | "ghtk" | null;
  feeVnd: number | null;
  feeBasis: string;
  /** partners that quoted, each with its signed quote */
  partners: Array<{ carrier: "ghn" | "ghtk" | "farm" | "pickup"; feeVnd: number; token: string }>;
  partnerNotes: Array<{ carrier: "ghn" | "ghtk" | "farm" | "pickup" | null; reason: "timeout" | "failed" | "noWeight" }>;
  payment: { options: Array<{ method: "cod" | "bank_transfer"; available: boolean; reason: "noBankAccount" | null }>; chosen: "cod" | "bank_transfer" };
}

export function CheckoutFarmSection({
  farm,
  fieldError,
  payByCard,
}: {
  farm: CheckoutFarmView;
  fieldError: (name: string) => string | undefined;
  /** the whole cart is paid by card as the page was drawn (CSS follows the radio from there) */
  payByCard: boolean;
}) {
  const { t } = useTranslation("orders");
  const { t: tc } = useTranslation();
  const { t: ts } = useTranslation("shipping");
  const locale = useLocale();
  const money = (n: number) => formatMoney(n, locale);
  const id = farm.householdId;
  const deliveryText =
    farm.deliveryFeeVnd !== null
      ? farm.deliveryFeeVnd === 0
        ? t("checkout.deliveryFree")
        : t("checkout.delivery", { fee: money(farm.deliveryFeeVnd) })
      : farm.deliveryReason === "localOnly"
        ? t("checkoutPerFarm.localOnly", { titles: farm.localTitles.join(", ") })
        : farm.deliveryReason === "farmDoesNotDeliver"
          ? t("checkout.noDelivery")
          : t("checkout.deliveryChooseCommune");
  return (
    <fieldset className="checkout-section checkout-farm" data-farm={id}>
      <legend>{t("checkout.fromFarm", { name: farm.name })}</legend>
      <ul className="checkout-lines">
        {farm.lines.map((line) => (
          <li key={line.listingId}>
            <span>
              {line.title} · {formatNumber(line.quantity, locale)} {tc(`units.${line.unit as "kg"}`)} × {money(line.priceVnd)}
              {line.priceVnd !== line.seenPriceVnd ? <strong className="price-changed"> ({t("cart.priceWas", { price: money(line.seenPriceVnd) })})</strong> : null}
            </span>
            <span className="num">{money(line.lineTotalVnd)}</span>
          </li>
        ))}
      </ul>
      {/* Depends on the address: the checkout island swaps it for the fee update's (data-fees-part). */}
      <div className="field choice-field" role="radiogroup" aria-labelledby={`delivery-${id}-label`} data-fees-part={`delivery-${id}`}>
        <p id={`delivery-${id}-label`} className="choice-label">
          {t("checkout.deliveryMethod")}
        </p>
        {farm.pickup ? (
          <label className="choice">
            <input type="radio" name={`delivery-${id}`} value="pickup" defaultChecked={farm.method === "pickup"} />
            <span>{t("checkout.pickup", { place: farm.placeName })}</span>
          </label>
        ) : null}
        <label className="choice">
          <input
            type="radio"
            name={`delivery-${id}`}
            value="delivery"
            defaultChecked={farm.method === "delivery"}
            disabled={farm.deliveryFeeVnd === null && farm.deliveryReason !== "chooseCommune"}
          />
          <span aria-live="polite">{deliveryText}</span>
        </label>
        {farm.partners.map((partner) => (
          <label key={partner.carrier} className="choice">
            <input type="radio" name={`delivery-${id}`} value={partner.carrier} defaultChecked={farm.method === partner.carrier} />
            <span>{ts("checkout.partner", { carrier: ts(`checkout.carriers.${partner.carrier}`), fee: money(partner.feeVnd) })}</span>
            {/* The quote as shown, signed: placing the order charges it without asking the carrier again. */}
            <input type="hidden" name={`quote-${id}-${partner.carrier}`} value={partner.token} />
          </label>
        ))}
        {farm.partnerNotes.map((note) => (
          <p key={note.carrier ?? note.reason} className="field-hint">
            {ts(`checkout.notes.${note.reason}`, { carrier: note.carrier ? ts(`checkout.carriers.${note.carrier}`) : "" })}
          </p>
        ))}
        {fieldError(`delivery-${id}`) ? <p className="field-error">{fieldError(`delivery-${id}`)}</p> : null}
        {/* The farm's fee settings as this page saw them: the server judges a fee change by them. */}
        <input type="hidden" name={`feebasis-${id}`} value={farm.feeBasis} />
      </div>

      <div className="field choice-field" role="radiogroup" aria-labelledby={`payment-${id}-label`}>
        <p id={`payment-${id}-label`} className="choice-label">
          {t("checkoutPerFarm.payment")}
        </p>
        {/* Shown as the card option is ticked, by CSS (orders.css, :has), with or without script. */}
        <p className="field-hint paid-by-card-hint" hidden={!payByCard}>
          {t("checkoutPerFarm.paidByCard")}
        </p>
        {farm.payment.options.map((option) => (
          <label key={option.method} className="choice">
            <input
              type="radio"
              name={`payment-${id}`}
              value={option.method}
              defaultChecked={farm.payment.chosen === option.method}
              disabled={!option.available}
            />
            <span>
              {t(`paymentMethod.${option.method}`)}
              <br />
              <small className="muted">{option.reason ? t(`checkoutPerFarm.unavailable.${option.reason}`) : t(`checkout.paymentHelp.${option.method}`)}</small>
            </span>
          </label>
        ))}
        {fieldError(`payment-${id}`) ? <p className="field-error">{fieldError(`payment-${id}`)}</p> : null}
      </div>
      <p className="cart-subtotal" data-fees-part={`farmtotal-${id}`}>
        {t("checkout.farmTotal")} <strong>{money(farm.subtotalVnd + (farm.feeVnd ?? 0))}</strong>
      </p>
    </fieldset>
  );
}
