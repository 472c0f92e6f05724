import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAllowed } from "~/accounts/access.server";
import { pageTitle } from "~/accounts/forms.server";
import { Field } from "~/components/ui/Field";
import { formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { normalizePhone } from "~/lib/phone";
import styles from "~/notifications/message-log.css";
import { demoShowsCodes, listMessageLog } from "~/notifications/message-log.server";

export const handle = { i18n: ["common", "notifications", "accounts"] };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const PATH = "/quan-tri/tin-nhan";
const PARAMS = { phone: "so", page: "trang" } as const;

function href(phone: string, page: number): string {
  const params = new URLSearchParams();
  if (phone) params.set(PARAMS.phone, phone);
  if (page > 1) params.set(PARAMS.page, String(page));
  const search = params.toString();
  return search ? `${PATH}?${search}` : PATH;
}

/**
 * /quan-tri/tin-nhan — the message log for administrators: search by phone (any written form,
 * through the one normaliser), numbers masked except the one searched for, pages of 50, a GET form
 * that works without JavaScript. One-time codes appear only in the demo (message-log.server.ts).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "readMessageLog");
  const locale = await getLocale(request);
  const params = new URL(request.url).searchParams;
  const typed = (params.get(PARAMS.phone) ?? "").slice(0, 40);
  const page = Number.parseInt(params.get(PARAMS.page) ?? "1", 10);
  const phone = typed.trim() ? normalizePhone(typed) : null;
  const showCodes = demoShowsCodes();
  const at = (date: Date | null) => (date ? { text: formatDateTime(date, locale), iso: date.toISOString() } : null);
  const list =
    phone && !phone.ok
      ? { rows: [], total: 0, page: 1, pageCount: 1 }
      : listMessageLog(db(), { phone: phone?.ok ? phone.e164 : null, page: Number.isSafeInteger(page) && page > 0 ? page : 1 }, { showCodes });
  return json({
    title: await pageTitle(request, "notifications:log.title"),
    typed,
    phoneError: phone && !phone.ok ? `accounts:phone.${phone.reason}` : null,
    showCodes,
    total: list.total,
    page: list.page,
    pageCount: list.pageCount,
    rows: list.rows.map((r) => ({
      ...r,
      createdAt: at(r.createdAt)!,
      sentAt: at(r.sentAt),
      deliveredAt: at(r.deliveredAt),
      failedAt: at(r.failedAt),
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export default function MessageLog() {
  const { t } = useTranslation("notifications");
  const data = useLoaderData<typeof loader>();
  const times = ["createdAt", "sentAt", "deliveredAt", "failedAt"] as const;
  const timeKey = { createdAt: "created", sentAt: "sent", deliveredAt: "delivered", failedAt: "failed" } as const;
  return (
    <section>
      <h1>{t("log.title")}</h1>
      <p className="muted">{t("log.intro")}</p>
      <p className={data.showCodes ? "alert alert-ok" : "muted"}>{data.showCodes ? t("log.demoNotice") : t("log.codesHidden")}</p>

      <Form method="get" action={PATH} role="search" className="form" style={{ maxWidth: "none" }}>
        <div className="message-log-search">
          <Field
            label={t("log.search.label")}
            hint={t("log.search.hint")}
            errors={data.phoneError ? [data.phoneError] : null}
            inputProps={{ id: "log-phone", name: PARAMS.phone, type: "tel", inputMode: "tel", autoComplete: "off", defaultValue: data.typed }}
          />
          <p style={{ display: "flex", gap: "1rem", alignItems: "center" }}>
            <button type="submit" className="button">
              {t("log.search.submit")}
            </button>
            {data.typed ? <Link to={PATH}>{t("log.search.clear")}</Link> : null}
          </p>
        </div>
      </Form>

      <p role="status">{t("log.count", { count: data.total })}</p>
      {data.rows.length === 0 ? (
        <p>{t("log.empty")}</p>
      ) : (
        <table className="message-log-table">
          <thead>
            <tr>
              <th scope="col">{t("log.columns.to")}</th>
              <th scope="col">{t("log.columns.template")}</th>
              <th scope="col">{t("log.columns.channel")}</th>
              <th scope="col">{t("log.columns.status")}</th>
              <th scope="col">{t("log.columns.attempts")}</th>
              <th scope="col">{t("log.columns.error")}</th>
              <th scope="col">{t("log.columns.times")}</th>
              {data.showCodes ? <th scope="col">{t("log.columns.code")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id}>
                <td data-label={t("log.columns.to")} className="phone">
                  {r.to}
                </td>
                <td data-label={t("log.columns.template")}>
                  <code>{r.template}</code>
                </td>
                <td data-label={t("log.columns.channel")}>
                  {t(`log.channels.${r.channel}`)}
                  {r.provider ? <div className="muted">{t("log.via", { provider: r.provider })}</div> : null}
                </td>
                <td data-label={t("log.columns.status")}>{t(`log.statuses.${r.status}`)}</td>
                <td data-label={t("log.columns.attempts")}>{r.attempts}</td>
                <td data-label={t("log.columns.error")}>{r.lastError ?? "—"}</td>
                <td data-label={t("log.columns.times")}>
                  <ul>
                    {times.map((key) => {
                      const value = r[key];
                      return value ? (
                        <li key={key}>
                          {t(`log.times.${timeKey[key]}`)} <time dateTime={value.iso}>{value.text}</time>
                        </li>
                      ) : null;
                    })}
                  </ul>
                </td>
                {data.showCodes ? (
                  <td data-label={t("log.columns.code")} className="code">
                    {r.code ?? "—"}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {data.pageCount > 1 ? (
        <nav aria-label={t("log.page", { page: data.page, pages: data.pageCount })}>
          <p>
            {data.page > 1 ? <Link to={href(data.typed, data.page - 1)}>{t("log.previous")}</Link> : null}{" "}
            {t("log.page", { page: data.page, pages: data.pageCount })}{" "}
            {data.page < data.pageCount ? <Link to={href(data.typed, data.page + 1)}>{t("log.next")}</Link> : null}
          </p>
        </nav>
      ) : null}
    </section>
  );
}
