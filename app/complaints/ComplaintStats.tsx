import { useTranslation } from "react-i18next";
import { formatNumber } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { ScrollRegion } from "~/components/ui/ScrollRegion";

const percent = (part: number, whole: number, locale: "vi" | "en") => (whole > 0 ? `${formatNumber((part / whole) * 100, locale, 1)} %` : "—");

/** The farm's complaint rate as a fact of its public page (nothing while it has too few orders). */
export function ComplaintRate({ rate }: { rate: { complaints: number; orders: number; rate: number } | null }) {
  const { t } = useTranslation("complaints");
  const locale = useLocale();
  if (!rate) return null;
  return (
    <>
      <dt>{t("rate.label")}</dt>
      <dd>{t("rate.value", { rate: percent(rate.complaints, rate.orders, locale), complaints: rate.complaints, orders: rate.orders })}</dd>
    </>
  );
}

interface CommuneRow {
  communeCode: string;
  communeName: string;
  complaints: number;
  pending: number;
  delivered: number;
}

/** The dashboard's small table: complaints by commune over 90 days, with the rate per delivered order. */
export function ComplaintsByCommune({ rows }: { rows: CommuneRow[] }) {
  const { t } = useTranslation("complaints");
  const locale = useLocale();
  return (
    <section className="dashboard-complaints" aria-labelledby="complaints-by-commune">
      <h2 id="complaints-by-commune">{t("dashboard.title")}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t("dashboard.empty")}</p>
      ) : (
        <ScrollRegion label={t("dashboard.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.commune")}</th>
                <th scope="col">{t("dashboard.complaints")}</th>
                <th scope="col">{t("dashboard.pending")}</th>
                <th scope="col">{t("dashboard.delivered")}</th>
                <th scope="col">{t("dashboard.rate")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.communeCode}>
                  <th scope="row">{row.communeName}</th>
                  <td>{formatNumber(row.complaints, locale, 0)}</td>
                  <td>{formatNumber(row.pending, locale, 0)}</td>
                  <td>{formatNumber(row.delivered, locale, 0)}</td>
                  <td>{percent(row.complaints, row.delivered, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
