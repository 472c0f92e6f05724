/** Small pieces the price pages share. Safe in the browser. */
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n/config";
import { formatDate, formatMoney } from "~/i18n/format";
import type { PriceChange } from "./change";

export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return i18n.language === "en" ? "en" : "vi";
}

/** "45.000 ₫/kg" with the unit word from the common namespace. */
export function usePerUnit() {
  const { t } = useTranslation("prices");
  const { t: tc } = useTranslation("common");
  const locale = useLocale();
  const unitWord = (unit: string) => (tc as unknown as (k: string) => string)(`units.${unit}`);
  return (vnd: number, unit: string) => t("perUnit", { price: formatMoney(vnd, locale), unit: unitWord(unit) });
}

export function dateLabel(date: string, locale: Locale): string {
  return formatDate(new Date(`${date}T12:00:00+07:00`), locale);
}

/** Up/down in words and an arrow, coloured too (colour is never the only signal). */
export function ChangeBadge({ change }: { change: PriceChange | null }) {
  const { t } = useTranslation("prices");
  const locale = useLocale();
  if (!change) return <span className="change change-none">{t("change.none")}</span>;
  const arrow = change.direction === "up" ? "▲" : change.direction === "down" ? "▼" : "▬";
  const percent =
    change.percent === null ? "" : ` ${new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-US", { maximumFractionDigits: 1 }).format(Math.abs(change.percent))}%`;
  return (
    <span className={`change change-${change.direction}`}>
      <span aria-hidden="true">{arrow} </span>
      {t(`change.${change.direction}`)}
      {change.direction === "flat" ? "" : percent}
      <span className="change-since"> ({t("change.since", { date: dateLabel(change.previousDate, locale) })})</span>
    </span>
  );
}

export function DemoBadge() {
  const { t } = useTranslation("prices");
  return <span className="demo-badge">{t("demo.badge")}</span>;
}
