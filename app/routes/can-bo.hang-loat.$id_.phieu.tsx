import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { siteOrigin } from "~/catalog/seo.server";
import { handOverSlips } from "~/households/bulk-codes.server";
import styles from "~/households/bulk-slips.css";
import { formatNumber } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { db } from "~/lib/db.server";
import { errorPage, idParam } from "~/lib/errors";

export const handle = { i18n: ["common", "households"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/**
 * /can-bo/hang-loat/:id/phieu — the hand-over slips of a bulk action, to print from the browser
 * (8 per A4 sheet, cut lines): plain HTML and CSS, the QR codes inline SVG, no JavaScript needed.
 * Only the officer who started the action; paged so a set of 100,000 does not make one page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const id = idParam(params.id);
  const page = Number.parseInt(new URL(request.url).searchParams.get("trang") ?? "1", 10);
  try {
    const slips = await handOverSlips(db(), user, id, { origin: siteOrigin(request), page: Number.isFinite(page) ? page : 1 });
    return json({ title: await pageTitle(request, "households:bulk.slips.title"), ...slips }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    throw errorPage(error);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

const SLIPS_PER_SHEET = 8;

export default function HandOverSlips() {
  const { t } = useTranslation("households");
  const data = useLoaderData<typeof loader>();
  const locale = useLocale();
  const sheets: (typeof data.slips)[] = [];
  for (let i = 0; i < data.slips.length; i += SLIPS_PER_SHEET) sheets.push(data.slips.slice(i, i + SLIPS_PER_SHEET));
  const pager =
    data.pageCount > 1 ? (
      <nav className="no-print" aria-label={t("bulk.slips.page", { page: data.page, pages: data.pageCount, total: formatNumber(data.total, locale) })}>
        <p>
          {data.page > 1 ? <Link to={`?trang=${data.page - 1}`}>{t("bulk.slips.previous")}</Link> : null}{" "}
          {t("bulk.slips.page", { page: data.page, pages: data.pageCount, total: formatNumber(data.total, locale) })}{" "}
          {data.page < data.pageCount ? <Link to={`?trang=${data.page + 1}`}>{t("bulk.slips.next")}</Link> : null}
        </p>
      </nav>
    ) : null;
  return (
    <section>
      <div className="no-print">
        <p>
          <Link to={`/can-bo/hang-loat/${data.actionId}`}>← #{data.actionId}</Link>
        </p>
        <h1>{t("bulk.slips.title")}</h1>
        {data.expired ? <p className="alert alert-error">{t("bulk.slips.expired")}</p> : <p>{t("bulk.slips.printHint")}</p>}
        {!data.expired && data.total === 0 ? <p>{t("bulk.slips.empty")}</p> : null}
      </div>
      {pager}
      {sheets.map((sheet, i) => (
        <div className="slip-sheet" key={i}>
          {sheet.map((s) => (
            <article className="slip" key={s.householdId} aria-label={s.displayName}>
              <h2>{t("bulk.slips.heading")}</h2>
              <div>
                <p className="slip-name">{s.displayName}</p>
                {s.representativeName !== s.displayName ? <p>{s.representativeName}</p> : null}
                <p>{s.place}</p>
                <p>
                  {t("bulk.slips.phone")}: {s.phoneMasked}
                </p>
                <p>
                  {t("bulk.slips.code")}: <span className="slip-code">{s.code}</span>
                </p>
                <p>
                  {t("bulk.slips.address")}: <strong>{data.claimAddress}</strong>
                </p>
              </div>
              {/* The SVG comes from the qrcode library (paths only, no text from the household). */}
              <div className="slip-qr" role="img" aria-label={t("bulk.slips.qr")} dangerouslySetInnerHTML={{ __html: s.qrSvg }} />
              <p className="slip-small">{t("bulk.slips.steps")}</p>
              <p className="slip-small">{t("bulk.slips.validUntil", { date: data.expiresAt })}</p>
            </article>
          ))}
        </div>
      ))}
      {pager}
    </section>
  );
}
