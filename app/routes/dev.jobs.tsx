import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/i18n/format";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { latestJobs } from "~/jobs/queue.server";
import { db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { notFound } from "~/lib/errors";

export const handle = { i18n: ["common", "dev"] };

/** Development only: the latest background jobs with their progress, errors and results. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!env().DEV_ROUTES) throw notFound();
  const [locale, t] = await Promise.all([getLocale(request), i18nServer.getFixedT(request, "dev")]);
  const jobs = latestJobs(db(), { limit: 50 }).map((j) => ({
    id: j.id,
    kind: j.kind,
    at: j.createdAt.toISOString(),
    created: formatDateTime(j.createdAt, locale),
    status: j.status,
    progress: j.progressTotal ? `${j.progressDone}/${j.progressTotal}` : String(j.progressDone),
    attempts: `${j.attempts}/${j.maxAttempts}`,
    error: j.error,
    result: j.result ? JSON.stringify(j.result) : null,
  }));
  return json({ title: t("jobs.title"), jobs }, { headers: { "Cache-Control": "no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} — Chợ Nông Sản` : "Chợ Nông Sản" },
  { name: "robots", content: "noindex" },
];

const cell: React.CSSProperties = { margin: 0, overflowWrap: "anywhere" };

export default function DevJobs() {
  const { jobs } = useLoaderData<typeof loader>();
  const { t } = useTranslation("dev");
  return (
    <>
      <h1>{t("jobs.title")}</h1>
      <p>{t("jobs.intro")}</p>
      <p className="muted">
        {t("notice")} <Link to="/dev/outbox">{t("outbox.title")}</Link>
      </p>
      {jobs.length === 0 ? (
        <p className="alert alert-ok">{t("jobs.empty")}</p>
      ) : (
        <ol style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: "0.75rem" }}>
          {jobs.map((j) => (
            <li key={j.id} className="card" data-job-id={j.id}>
              <p style={{ margin: "0 0 0.5rem", display: "flex", flexWrap: "wrap", gap: "0.25rem 0.75rem" }}>
                <strong>#{j.id}</strong>
                <code title={t("jobs.kind")}>{j.kind}</code>
                <span title={t("jobs.status")}>{t(`jobs.statuses.${j.status}`)}</span>
              </p>
              <dl style={{ display: "grid", gridTemplateColumns: "auto 1fr", gap: "0.15rem 0.75rem", margin: 0, fontSize: "0.95rem" }}>
                <dt className="muted">{t("jobs.created")}</dt>
                <dd style={cell}>
                  <time dateTime={j.at}>{j.created}</time>
                </dd>
                <dt className="muted">{t("jobs.progress")}</dt>
                <dd style={cell}>{j.progress}</dd>
                <dt className="muted">{t("jobs.attempts")}</dt>
                <dd style={cell}>{j.attempts}</dd>
                {j.error ? (
                  <>
                    <dt className="muted">{t("jobs.error")}</dt>
                    <dd style={{ ...cell, color: "var(--danger)" }}>{j.error}</dd>
                  </>
                ) : null}
                {j.result ? (
                  <>
                    <dt className="muted">{t("jobs.result")}</dt>
                    <dd style={cell}>
                      <code>{j.result}</code>
                    </dd>
                  </>
                ) : null}
              </dl>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
