import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { ConfirmChanges } from "~/components/imports/ConfirmChanges";
import { FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { formatNumber } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { confirmImport } from "~/imports/batches.server";
import { ProblemGroups } from "~/imports/ProblemGroups";
import styles from "~/imports/imports.css";
import { batchView } from "~/imports/page.server";
import { ColumnMapping } from "~/imports/ColumnMapping";
import { applyColumnMapping, mappingView } from "~/imports/mapping-view.server";
import { db } from "~/lib/db.server";
import { errorPage, errorResponse, idParam, orErrorPage } from "~/lib/errors";
import { ScrollRegion } from "~/components/ui/ScrollRegion";

export const handle = { i18n: ["common", "imports"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "importData");
  const locale = await getLocale(request);
  const view = orErrorPage(() => batchView(db(), user, idParam(params.id), locale, new URL(request.url).searchParams));
  const mapping = await mappingView(db(), user, view.id, locale);
  // A malformed link to a group of problems: the page with a sentence saying so, answered as a 400.
  return json({ title: await pageTitle(request, "imports:page.batchTitle"), locale, view, mapping }, { status: view.problems.linkError ? 400 : 200 });
}

/**
 * While the worker runs the import the page reloads itself every 3 s (a meta refresh in the head,
 * with or without JavaScript): the progress needs no script. It stops once the import has ended.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.view.fileName} · ${data.title}` : undefined },
  ...(data && isActive(data.view.stage) ? [{ httpEquiv: "refresh", content: "3" }] : []),
];

const isActive = (stage: string) => stage === "queued" || stage === "running";

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAllowed(request, "importData");
  const id = idParam(params.id);
  const form = await request.formData();
  if (form.get("intent") === "map") {
    await applyColumnMapping(db(), user, id, Object.fromEntries([...form].map(([k, v]) => [k, String(v)]))).catch((error) => {
      throw errorPage(error);
    });
    return redirect(`/can-bo/nhap/${id}`);
  }
  if (form.get("intent") !== "confirm") throw errorResponse(400, "common:errors.badRequestText");
  orErrorPage(() => confirmImport(db(), user, id, { allowChanges: form.get("allowChanges") === "on" }));
  return redirect(`/can-bo/nhap/${id}`);
}

export default function ImportBatchPage() {
  const { t } = useTranslation("imports");
  const { view, locale, mapping } = useLoaderData<typeof loader>();
  const active = isActive(view.stage);
  const n = (value: number) => formatNumber(value, locale);
  const percent = view.progress.total ? Math.min(100, Math.round((100 * view.progress.done) / view.progress.total)) : null;
  const counts = (["created", "updated", "unchanged", "rejected"] as const).map((key) => ({ key, value: view.counts[key] }));
  return (
    <section className="import-page">
      <p>
        <Link to="/can-bo/nhap">← {t("page.backToImports")}</Link>
      </p>
      <h1>{view.fileName}</h1>
      <p className="muted">
        {t(`page.kinds.${view.kind}`)} · {t(`page.stages.${view.stage}`)}
        {view.batchConsent ? ` · ${t("page.consentAttested")}` : ""}
      </p>

      <p className="field-hint">
        {t("page.provenance", { who: view.actorName ?? "—", when: view.createdAt, via: t(`page.via.${view.via}`), hash: view.sha256.slice(0, 16) })}
      </p>

      {view.fileError ? (
        <div className="alert alert-error" role="alert">
          <p>{view.fileError}</p>
        </div>
      ) : null}

      {view.stage === "preview" ? <p>{t("page.preview.intro", { rows: n(view.counts.rows) })}</p> : null}
      {view.stage === "completed" ? <FormNotice>{t("page.done", { rows: n(view.counts.rows) })}</FormNotice> : null}

      {mapping ? <ColumnMapping mapping={mapping} /> : null}

      {view.stage !== "failed" && view.stage !== "mapping" ? (
        <dl className="import-counts" aria-label={view.stage === "preview" ? t("page.preview.wouldBe") : t("page.result")}>
          {counts.map((c) => (
            <div key={c.key}>
              <dt>{t(`page.outcomes.${c.key}`)}</dt>
              <dd>{n(c.value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}

      {active ? (
        <div className="import-progress" role="status" aria-live="polite">
          <label htmlFor="import-progress">
            {view.stage === "queued"
              ? t("page.progress.queued")
              : percent === null
                ? t("page.progress.rowsNoTotal", { done: n(view.progress.done) })
                : t("page.progress.rows", { done: n(view.progress.done), total: n(view.progress.total ?? 0), percent })}
          </label>
          <progress id="import-progress" max={view.progress.total ?? undefined} value={view.stage === "queued" ? undefined : view.progress.done} />
        </div>
      ) : null}

      {view.stage === "preview" ? (
        <Form method="post" className="button-row">
          <input type="hidden" name="intent" value="confirm" />
          <ConfirmChanges count={view.changesToConfirm} />
          <SubmitButton className="button" intent="confirm" pendingLabel={t("page.preview.confirming")}>
            {view.counts.rejected > 0 ? t("page.preview.confirmWithRejected", { count: view.counts.rows - view.counts.rejected, rows: n(view.counts.rows - view.counts.rejected) }) : t("page.preview.confirm")}
          </SubmitButton>
          <Link to="/can-bo/nhap" className="button button-secondary">
            {t("page.preview.another")}
          </Link>
        </Form>
      ) : null}

      {view.fileError ? (
        <p className="button-row">
          <a className="button button-secondary" href={`/can-bo/nhap/${view.id}/bao-loi?dang=xlsx`} download>
            {t("page.report.xlsx")}
          </a>
          <a className="button button-secondary" href={`/can-bo/nhap/${view.id}/bao-loi?dang=csv`} download>
            {t("page.report.csv")}
          </a>
        </p>
      ) : null}

      {view.sample.length > 0 ? (
        <section aria-labelledby="sample">
          <h2 id="sample">{t("page.preview.sample", { count: view.sample.length })}</h2>
          <ScrollRegion label={t("page.preview.sample", { count: view.sample.length })}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("report.row")}</th>
                  <th scope="col">{t("page.preview.outcome")}</th>
                  {view.headers.map((h, i) => (
                    <th scope="col" key={i}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.sample.map((row) => (
                  <tr key={row.rowNumber}>
                    <td>{row.rowNumber}</td>
                    <td>
                      <span className={`outcome outcome-${row.outcome}`}>{t(`page.outcomes.${row.outcome}`)}</span>
                      {row.message ? <div className={row.outcome === "rejected" ? "problem" : "field-hint"}>{row.message}</div> : null}
                    </td>
                    {view.headers.map((_, i) => (
                      <td key={i}>{row.cells[i] ?? ""}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      ) : null}

      <ProblemGroups batchId={view.id} locale={locale} preview={view.stage === "preview"} problems={view.problems} />

      {view.stage === "completed" ? (
        <p>
          <Link to="/can-bo">{t("page.toHouseholds")}</Link>
        </p>
      ) : null}
    </section>
  );
}
