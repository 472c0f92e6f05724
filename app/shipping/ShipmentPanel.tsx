import { useTranslation } from "react-i18next";
import { formatMoney, formatNumber } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import type { ShipmentView } from "./tracking";

/** The order's parcel: carrier, tracking code, where it is, and for the farm the fee, COD and label. */
export function ShipmentPanel({ shipment }: { shipment: ShipmentView | null }) {
  const { t } = useTranslation("shipping");
  const locale = useLocale();
  if (!shipment) return null;
  return (
    <section className="shipment-panel" aria-labelledby="shipment-title">
      <h2 id="shipment-title">{t("tracking.title")}</h2>
      <dl className="shipment-facts">
        <dt>{t("tracking.carrier")}</dt>
        <dd>{t(`carriers.${shipment.carrier}`)}</dd>
        <dt>{t("tracking.status")}</dt>
        <dd>
          <span className={`shipment-status shipment-${shipment.status}`}>{t(`tracking.statuses.${shipment.status}`)}</span>
        </dd>
        {shipment.trackingCode ? (
          <>
            <dt>{t("tracking.code")}</dt>
            <dd>
              <code>{shipment.trackingCode}</code>
              {shipment.trackingUrl ? (
                <>
                  {" · "}
                  <a href={shipment.trackingUrl} target="_blank" rel="noopener noreferrer">
                    {t("tracking.follow")}
                  </a>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        <dt>{t("tracking.weight")}</dt>
        <dd>{t("tracking.kilograms", { value: formatNumber(shipment.weightGrams / 1000, locale, 3) })}</dd>
        {shipment.codVnd > 0 ? (
          <>
            <dt>{t("tracking.cod")}</dt>
            <dd>
              {formatMoney(shipment.codVnd, locale)}
              {shipment.codCollectedVnd !== null ? ` · ${t("tracking.codCollected", { amount: formatMoney(shipment.codCollectedVnd, locale) })}` : ""}
            </dd>
          </>
        ) : null}
        {shipment.feeVnd !== null ? (
          <>
            <dt>{t("tracking.fee")}</dt>
            <dd>{formatMoney(shipment.feeVnd, locale)}</dd>
          </>
        ) : null}
      </dl>
      {shipment.labelUrl ? (
        <p>
          <a className="button" href={shipment.labelUrl} target="_blank" rel="noopener noreferrer">
            {t("tracking.printLabel")}
          </a>
        </p>
      ) : null}
    </section>
  );
}
