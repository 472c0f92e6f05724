/** Sellers with a sale in the last 30 days, against the 30 days before (sales.server.ts). */
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n/config";
import { formatNumber } from "~/i18n/format";
import type { ActiveSellers as Figures } from "./sales.server";

export function ActiveSellers({ figures, locale }: { figures: Figures; locale: Locale }) {
  const { t } = useTranslation("dashboard");
  const n = (v: number) => formatNumber(v, locale, 0);
  const change = figures.last30 - figures.previous30;
  // The direction in words as well as the sign, so it is not told by colour or symbol alone.
  const trend = change > 0 ? t("active.up", { change: n(change) }) : change < 0 ? t("active.down", { change: n(-change) }) : t("active.same");
  return (
    <section aria-labelledby="active-sellers-title" className="active-sellers" data-testid="active-sellers">
      <h2 id="active-sellers-title">{t("active.title")}</h2>
      <p>
        <span className="label">{t("active.label")}</span>{" "}
        <strong className="value" data-figure="last30">
          {n(figures.last30)}
        </strong>
      </p>
      <p className="muted" data-figure="previous30">
        {t("active.previous", { previous: n(figures.previous30) })} · {trend}
      </p>
      <p className="muted">{t("active.definition")}</p>
    </section>
  );
}
