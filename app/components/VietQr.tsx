import { useId } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatMoney } from "~/i18n/format";
import type { Locale } from "~/i18n/config";

/** What a loader passes (transferQr() in app/payments/vietqr.server.ts): serialisable. */
interface VietQrData {
  /** inline SVG drawn on the server by the qrcode package from our own payload (no user markup) */
  svg: string;
  bankShortName: string;
  bankName: string;
  accountNumber: string;
  accountName: string | null;
  amountVnd: number;
  reference: string;
  expiresAt: string | null;
}

/**
 * A farm's VietQR transfer code with the same details in text (for banking apps that cannot scan,
 * and for screen readers). No client script: the SVG comes from the server.
 */
export function VietQr({ transfer: data, farmName }: { transfer: VietQrData; farmName?: string }) {
  const { t, i18n } = useTranslation("orders");
  const locale = (i18n.language === "en" ? "en" : "vi") as Locale;
  // One id per code: the page after a checkout shows one code per farm paid by transfer.
  const titleId = useId();
  return (
    <figure className="vietqr" aria-labelledby={titleId} style={{ margin: "1rem 0" }}>
      <figcaption>
        <h3 id={titleId}>{farmName ? t("payments.vietqr.titleFor", { farm: farmName }) : t("payments.vietqr.title")}</h3>
        <p>{t("payments.vietqr.intro")}</p>
      </figcaption>
      {/* Big enough to scan from another phone's camera, never wider than the screen. */}
      <div className="vietqr-code" style={{ maxWidth: "16rem", background: "#fff" }} dangerouslySetInnerHTML={{ __html: data.svg }} />
      <dl className="vietqr-details">
        <dt>{t("payments.vietqr.bank")}</dt>
        <dd>
          {data.bankShortName}
          {data.bankName !== data.bankShortName ? <small> — {data.bankName}</small> : null}
        </dd>
        <dt>{t("payments.vietqr.account")}</dt>
        <dd>
          <strong>{data.accountNumber}</strong>
          {data.accountName ? ` · ${data.accountName}` : null}
        </dd>
        <dt>{t("payments.vietqr.amount")}</dt>
        <dd>
          <strong>{formatMoney(data.amountVnd, locale)}</strong>
        </dd>
        <dt>{t("payments.vietqr.reference")}</dt>
        <dd>
          <strong className="vietqr-reference">{data.reference}</strong>
          <br />
          <small>{t("payments.vietqr.referenceHint")}</small>
        </dd>
        {data.expiresAt ? (
          <>
            <dt>{t("payments.vietqr.expires")}</dt>
            <dd>{formatDateTime(new Date(data.expiresAt), locale)}</dd>
          </>
        ) : null}
      </dl>
    </figure>
  );
}
