import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/i18n/format";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { notFound } from "~/lib/errors";
import { latestOutboxMessages } from "~/notifications/outbox.server";

export const handle = { i18n: ["common", "dev"] };

/** Development only: the messages the app would have sent (OTP codes included), newest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!env().DEV_ROUTES) throw notFound();
  const [locale, t] = await Promise.all([getLocale(request), i18nServer.getFixedT(request, "dev")]);
  const messages = latestOutboxMessages(db(), 100).map((m) => ({
    id: m.id,
    at: m.createdAt.toISOString(),
    time: formatDateTime(m.createdAt, locale),
    channel: m.channel,
    recipient: m.recipient,
    template: m.template,
    status: m.status,
    attempts: m.attempts,
    lastError: m.lastError,
    body: m.body,
  }));
  return json({ title: t("outbox.title"), messages }, { headers: { "Cache-Control": "no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} — Chợ Nông Sản` : "Chợ Nông Sản" },
  { name: "robots", content: "noindex" },
];

const statusStyle: Record<string, React.CSSProperties> = {
  pending: { background: "#fff6dc", borderColor: "#e6cf86" },
  sending: { background: "#e8f0fb", borderColor: "#aac2e6" },
  sent: { background: "var(--ok-bg)", borderColor: "#b6dcc1" },
  failed: { background: "var(--danger-bg)", borderColor: "#f3b8b3", color: "var(--danger)" },
};

export default function DevOutbox() {
  const { messages } = useLoaderData<typeof loader>();
  const { t } = useTranslation("dev");
  return (
    <>
      <h1>{t("outbox.title")}</h1>
      <p>{t("outbox.intro")}</p>
      <p className="muted">
        {t("notice")} <Link to="/dev/jobs">{t("jobs.title")}</Link>
      </p>
      {messages.length === 0 ? (
        <p className="alert alert-ok">{t("outbox.empty")}</p>
      ) : (
        <ol style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: "0.75rem" }}>
          {messages.map((m) => (
            <li key={m.id} className="card" data-outbox-id={m.id}>
              <div style={{ display: "flex", flexWrap: "wrap", gap: "0.25rem 0.75rem", alignItems: "baseline" }}>
                <time dateTime={m.at} title={t("outbox.time")}>
                  {m.time}
                </time>
                <span title={t("outbox.channel")}>{t(`outbox.channels.${m.channel}`)}</span>
                <span
                  title={t("outbox.status")}
                  style={{ border: "1px solid", borderRadius: 999, padding: "0 0.5rem", fontSize: "0.9rem", ...statusStyle[m.status] }}
                >
                  {t(`outbox.statuses.${m.status}`)}
                </span>
              </div>
              <dl style={{ display: "grid", gridTemplateColumns: "auto 1fr", gap: "0.15rem 0.75rem", margin: "0.5rem 0", fontSize: "0.95rem" }}>
                <dt className="muted">{t("outbox.recipient")}</dt>
                <dd style={{ margin: 0, overflowWrap: "anywhere" }}>{m.recipient}</dd>
                <dt className="muted">{t("outbox.template")}</dt>
                <dd style={{ margin: 0, overflowWrap: "anywhere" }}>
                  <code>{m.template}</code>
                </dd>
                {m.attempts > 1 || m.lastError ? (
                  <>
                    <dt className="muted">{t("outbox.attempts")}</dt>
                    <dd style={{ margin: 0 }}>{m.attempts}</dd>
                  </>
                ) : null}
                {m.lastError ? (
                  <>
                    <dt className="muted">{t("outbox.lastError")}</dt>
                    <dd style={{ margin: 0, overflowWrap: "anywhere", color: "var(--danger)" }}>{m.lastError}</dd>
                  </>
                ) : null}
              </dl>
              <p aria-label={t("outbox.body")} style={{ margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere", fontSize: "1.05rem" }}>
                {m.body}
              </p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
