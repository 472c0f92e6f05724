import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatMoney, formatNumber } from "~/i18n/format";
import type { PriceBand } from "~/prices/types";

/**
 * The recent market band for a commodity ("Giá thị trường 7 ngày qua: 35.000–42.000 ₫/kg"), on the
 * listing form and the listing page. A hint only: it never limits the price a farmer sets. Pass
 * the band from priceBand() (app/prices/queries.server.ts) via the loader; renders nothing without one.
 * `forSeller`: the viewer sets this price (the sell pages, or the farm on its own listing page), so the
 * advice "you set your own price" is for them; buyers see the band alone.
 */
export function PriceHint({
  band,
  commoditySlug,
  id,
  forSeller = false,
}: {
  band: PriceBand | null | undefined;
  commoditySlug?: string;
  id?: string;
  forSeller?: boolean;
}) {
  const { t, i18n } = useTranslation("prices");
  const { t: tc } = useTranslation("common");
  if (!band) return null;
  const locale = i18n.language === "en" ? "en" : "vi";
  const unit = (tc as unknown as (k: string) => string)(`units.${band.unit}`);
  // The currency sign once per range: "35.000–42.000 ₫" in Vietnamese, "₫35,000–42,000" in English.
  const min = locale === "vi" ? formatNumber(band.minVnd, locale, 0) : formatMoney(band.minVnd, locale);
  const max = locale === "vi" ? formatMoney(band.maxVnd, locale) : formatNumber(band.maxVnd, locale, 0);
  return (
    <p className="price-hint" id={id} role="note">
      {t("hint.band", { days: band.days, min, max, unit })}
      {band.isDemo ? <span className="demo-badge">{t("demo.badge")}</span> : null}
      {forSeller ? <span className="muted"> {t("hint.note")}</span> : null}
      {commoditySlug ? (
        <>
          {" "}
          <Link to={`/gia-ca/${commoditySlug}`}>{t("hint.details")}</Link>
        </>
      ) : null}
    </p>
  );
}
