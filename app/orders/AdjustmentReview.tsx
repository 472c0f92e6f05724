import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { formatDateTime, formatMoney, formatNumber } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";

export interface AdjustmentView {
  code: string;
  farm: string;
  status: "applied" | "awaiting_buyer" | "accepted" | "refused" | "lapsed";
  expiresAt: string | null;
  lines: Array<{ itemId: number; title: string; unit: string; ordered: number; packed: number }>;
  oldTotalVnd: number;
  newTotalVnd: number;
  refundVnd: number;
  capped: boolean;
}

/**
 * A packed weight beyond the farm's tolerance, as the buyer answers it: ordered against packed per
 * line, both totals, and Accept / Keep what I ordered as two buttons of one plain form (the link's
 * page posts to itself; the order page adds its intent). Once answered, what became of it.
 */
export function AdjustmentReview({ adjustment, intent }: { adjustment: AdjustmentView; intent?: string }) {
  const { t } = useTranslation("shipping");
  const { t: tc } = useTranslation();
  const locale = useLocale();
  const quantity = (q: number, unit: string) => `${formatNumber(q, locale, 3)} ${tc(`units.${unit as "kg"}`)}`;
  return (
    <section className="packing-review" data-testid="packing-review">
      <p>{t("packing.review.intro", { farm: adjustment.farm })}</p>
      <table className="order-items">
        <thead>
          <tr>
            <th scope="col">{t("packing.review.product")}</th>
            <th scope="col" className="num">
              {t("packing.review.ordered")}
            </th>
            <th scope="col" className="num">
              {t("packing.review.packed")}
            </th>
          </tr>
        </thead>
        <tbody>
          {adjustment.lines.map((line) => (
            <tr key={line.itemId}>
              <td>{line.title}</td>
              <td className="num">{quantity(line.ordered, line.unit)}</td>
              <td className="num">{quantity(line.packed, line.unit)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t("packing.review.oldTotal")}</th>
            <td className="num" colSpan={2}>
              {formatMoney(adjustment.oldTotalVnd, locale)}
            </td>
          </tr>
          <tr className="order-total">
            <th scope="row">{t("packing.review.newTotal")}</th>
            <td className="num" colSpan={2}>
              {formatMoney(adjustment.newTotalVnd, locale)}
            </td>
          </tr>
        </tfoot>
      </table>
      {adjustment.refundVnd > 0 ? <p>{t("packing.review.refund", { amount: formatMoney(adjustment.refundVnd, locale) })}</p> : null}
      {adjustment.capped ? <p>{t("packing.review.capped", { total: formatMoney(adjustment.newTotalVnd, locale) })}</p> : null}
      {adjustment.status === "awaiting_buyer" ? (
        <Form method="post" className="form">
          {adjustment.expiresAt ? <p className="muted">{t("packing.review.expires", { at: formatDateTime(new Date(adjustment.expiresAt), locale) })}</p> : null}
          {intent ? <input type="hidden" name="intent" value={intent} /> : null}
          <SubmitButton name="answer" value="accept">
            {t("packing.review.accept")}
          </SubmitButton>
          <button type="submit" name="answer" value="refuse" className="button button-secondary button-block">
            {t("packing.review.refuse")}
          </button>
          <p className="muted">{t("packing.review.cancelHint")}</p>
        </Form>
      ) : (
        <p role="status">{t(`packing.review.status.${adjustment.status}`)}</p>
      )}
    </section>
  );
}
