import { useTranslation } from "react-i18next";
import { formatDateTime, formatMoney } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import type { ComplaintViewData } from "./pages.server";
import { isPending } from "./rules";

/** A complaint as its parties read it: what was asked, the photos, the farm's answer, the decision. */
export function ComplaintView({ complaint }: { complaint: ComplaintViewData }) {
  const { t } = useTranslation("complaints");
  const locale = useLocale();
  const at = (iso: string) => formatDateTime(new Date(iso), locale);
  return (
    <section className="complaint" aria-labelledby={`complaint-${complaint.id}`}>
      <h2 id={`complaint-${complaint.id}`}>
        {t("section")}: <span className="badge">{t(`status.${complaint.status}`)}</span>
      </h2>
      <p className="muted">{t("view.openedAt", { at: at(complaint.createdAt) })}</p>
      <p>{t("view.reason", { reason: t(`reasons.${complaint.reason}`) })}</p>
      <p className="complaint-text">{complaint.description}</p>
      <p>{t("view.remedyAsked", { remedy: t(`remedies.${complaint.remedyAsked}`) })}</p>
      {complaint.amountAskedVnd ? <p>{t("view.amountAsked", { amount: formatMoney(complaint.amountAskedVnd, locale) })}</p> : null}
      {complaint.photos.length > 0 ? (
        <figure className="complaint-photos">
          <figcaption>{t("view.photos")}</figcaption>
          {complaint.photos.map((photo, i) => (
            <a key={photo.id} href={photo.url}>
              <img src={photo.url} width={photo.width} height={photo.height} alt={t("view.photoAlt", { n: i + 1 })} loading="lazy" />
            </a>
          ))}
        </figure>
      ) : null}
      {isPending(complaint.status) ? <p>{t("view.waitingFor", { who: t(`level.${complaint.level}`), at: at(complaint.dueAt) })}</p> : null}

      <h3>{t("view.farmAnswer")}</h3>
      {complaint.farmAgrees === null ? (
        <p className="muted">{t("view.noAnswerYet")}</p>
      ) : (
        <>
          <p>{complaint.farmAgrees ? t("view.farmAgrees") : t("view.farmDisputes")}</p>
          {complaint.farmAnswer ? <p className="complaint-text">{complaint.farmAnswer}</p> : null}
        </>
      )}

      {complaint.decision ? (
        <>
          <h3>{t("view.decision", { decision: t(`decisions.${complaint.decision}`) })}</h3>
          {complaint.decidedAt ? <p className="muted">{t("view.decidedAt", { at: at(complaint.decidedAt) })}</p> : null}
          {complaint.decisionAmountVnd ? <p>{t("view.decisionAmount", { amount: formatMoney(complaint.decisionAmountVnd, locale) })}</p> : null}
          {complaint.decisionReason ? <p>{t("view.decisionReason", { reason: complaint.decisionReason })}</p> : null}
          {complaint.refund ? <p>{t(`view.refund.${complaint.refund.status}`)}</p> : null}
          {complaint.decision === "replacement" ? <p>{t("view.replacementNote")}</p> : null}
        </>
      ) : null}
    </section>
  );
}

/** The "Khiếu nại" block of an order page: a link to the complaint, or to the form while one can be opened. */
export function ComplaintLink({ to, link }: { to: string; link: { status: ComplaintViewData["status"] | null; canOpen: boolean; days: number } | null }) {
  const { t } = useTranslation("complaints");
  if (!link || (!link.status && !link.canOpen)) return null;
  return (
    <section className="order-complaint">
      <h2>{t("section")}</h2>
      {link.status ? (
        <p>
          <span className="badge">{t(`status.${link.status}`)}</span> <a href={to}>{t("linkView")}</a>
        </p>
      ) : (
        <>
          <p className="muted">{t("linkHelp", { days: link.days })}</p>
          <p>
            <a href={to} className="button button-secondary button-block">
              {t("link")}
            </a>
          </p>
        </>
      )}
    </section>
  );
}
