/** Small pieces the price pages share. Safe in the browser. */
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n/config";
import { formatDate, formatMoney } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { startOfDayInVietnam } from "~/lib/clock";
import type { SpikeFlag } from "./alps";
import type { PriceChange } from "./change";

/** "45.000 ₫/kg" with the unit word from the common namespace. */
/**
 * A commodity page's address keeping the market and the price type the reader was looking at
 * (wholesale, the default, is left out of the address).
 */
export function commodityHref(slug: string, options: { market?: string | null; type?: string | null } = {}): string {
  const q = new URLSearchParams();
  if (options.market) q.set("market", options.market);
  if (options.type && options.type !== "wholesale") q.set("type", options.type);
  const query = q.toString();
  return `/gia-ca/${slug}${query ? `?${query}` : ""}`;
}

export function usePerUnit() {
  const { t } = useTranslation("prices");
  const { t: tc } = useTranslation("common");
  const locale = useLocale();
  const unitWord = (unit: string) => (tc as unknown as (k: string) => string)(`units.${unit}`);
  // No break inside a price and its unit ("đ/k g" was seen on a card): no-break spaces here, and
  // prices.css never lets a price box wrap anywhere.
  return (vnd: number, unit: string) => t("perUnit", { price: formatMoney(vnd, locale), unit: unitWord(unit) }).replace(/ /g, "\u00a0");
}

// Building an Intl formatter costs far more than using one: a board renders hundreds of percentages.
const percentFormats = new Map<Locale, Intl.NumberFormat>();

/** dd/MM/yyyy (vi) or "23 Nov 2026" (en) for a yyyy-mm-dd market day, by formatDate(). */
export function dateLabel(date: string, locale: Locale): string {
  return formatDate(startOfDayInVietnam(date), locale);
}

function formatPercent(value: number, locale: Locale): string {
  let f = percentFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-US", {
      maximumFractionDigits: 1,
    });
    percentFormats.set(locale, f);
  }
  return f.format(value);
}

/** Up/down in words and an arrow, coloured too (colour is never the only signal). */
export function ChangeBadge({ change }: { change: (Omit<PriceChange, "previousDate"> & { previousDate: string | null }) | null }) {
  const { t } = useTranslation("prices");
  const locale = useLocale();
  if (!change)
    return <span className="change change-none">{t("change.none")}</span>;
  const arrow =
    change.direction === "up" ? "▲" : change.direction === "down" ? "▼" : "▬";
  const percent =
    change.percent === null
      ? ""
      : ` ${formatPercent(Math.abs(change.percent), locale)}%`;
  return (
    <span className={`change change-${change.direction}`}>
      <span aria-hidden="true">{arrow} </span>
      {t(`change.${change.direction}`)}
      {change.direction === "flat" ? "" : percent}
      {change.previousDate ? <span className="change-since"> ({t("change.since", { date: dateLabel(change.previousDate, locale) })})</span> : null}
    </span>
  );
}

export function DemoBadge() {
  const { t } = useTranslation("prices");
  return <span className="demo-badge">{t("demo.badge")}</span>;
}

/**
 * An officer price far from the recent median that the officer confirmed: shown with the figure it
 * belongs to, in words (not by colour alone), so nobody takes it for a typing slip or misses it.
 */
export function OutlierBadge({
  flag,
}: {
  flag: "high" | "low" | null | undefined;
}) {
  const { t } = useTranslation("prices");
  if (!flag) return null;
  return (
    <span className={`outlier-badge outlier-${flag}`}>
      {t(flag === "high" ? "outlier.high" : "outlier.low")}
    </span>
  );
}

/** The column heads PriceCells fills: minimum, average, maximum, source. */
export function PriceHeadCells() {
  const { t } = useTranslation("prices");
  return (
    <>
      <th scope="col" className="num">
        {t("columns.min")}
      </th>
      <th scope="col" className="num">
        {t("columns.avg")}
      </th>
      <th scope="col" className="num">
        {t("columns.max")}
      </th>
      <th scope="col">{t("columns.source")}</th>
    </>
  );
}

/** Minimum, average and maximum cells of a price row, then its source (a known source by name, else as imported). */
export function PriceCells({
  row,
}: {
  row: {
    minVnd: number;
    avgVnd: number;
    maxVnd: number;
    unit: string;
    source: string;
    isDemo: boolean;
    outlier?: "high" | "low" | null;
  };
}) {
  const perUnit = usePerUnit();
  const { t } = useTranslation("prices");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const source = t(`sources.${row.source}` as any, {
    defaultValue: row.source,
  }) as string;
  return (
    <>
      <td className="num">{perUnit(row.minVnd, row.unit)}</td>
      <td className="num">{perUnit(row.avgVnd, row.unit)}</td>
      <td className="num">{perUnit(row.maxVnd, row.unit)}</td>
      <td>
        {source}
        {row.isDemo ? <DemoBadge /> : null}
        <OutlierBadge flag={row.outlier} />
      </td>
    </>
  );
}

/**
 * The seasonal spike flag (alps.ts) as a labelled badge: the level in words, then the deviation in
 * standard deviations; "not enough history" and "too old" are said rather than hidden.
 */
export function SpikeBadge({ spike, market }: { spike: Pick<SpikeFlag, "status" | "deviation"> | null | undefined; market?: string | null }) {
  const { t } = useTranslation("prices");
  const locale = useLocale();
  const status = spike?.status ?? "insufficient";
  const level = status !== "insufficient" && status !== "stale";
  return (
    <span className={`spike spike-${status}`} title={t("spike.help")}>
      {t(`spike.${status}`)}
      {level && spike?.deviation !== null && spike?.deviation !== undefined ? (
        <span className="spike-sd"> ({t("spike.deviation", { value: formatSigned(spike.deviation, locale) })})</span>
      ) : null}
      {level && market ? <span className="spike-market"> · {t("spike.atMarket", { market })}</span> : null}
    </span>
  );
}

function formatSigned(value: number, locale: Locale): string {
  return `${value > 0 ? "+" : value < 0 ? "−" : ""}${formatPercent(Math.abs(value), locale)}`;
}
