import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { BulkFiltersSummary, BulkProgress } from "~/households/BulkPages";
import { readableBulkAction, resumeBulkAction } from "~/households/bulk.server";
import { EXPORT_KEEP_DAYS } from "~/households/bulk-options";
import { bulkActionView } from "~/households/bulk-page.server";
import { bulkHref } from "~/households/schemas";
import { formatNumber } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useLocale } from "~/i18n/use-locale";
import { db } from "~/lib/db.server";
import { errorResponse, idParam, orErrorPage } from "~/lib/errors";

export const handle = { i18n: ["common", "households"] };

/** /can-bo/hang-loat/:id — one bulk action: progress (refreshing itself while it runs), result, resume, slips, file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const locale = await getLocale(request);
  const action = orErrorPage(() => readableBulkAction(db(), user, idParam(params.id)));
  return json({ title: await pageTitle(request, "households:bulk.title"), view: bulkActionView(action, locale) });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `#${data.view.id} · ${data.title}` : undefined }];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const id = idParam(params.id);
  const form = await request.formData();
  if (form.get("intent") !== "resume") throw errorResponse(400, "common:errors.badRequestText");
  orErrorPage(() => resumeBulkAction(db(), user, id));
  return redirect(`/can-bo/hang-loat/${id}`);
}

export default function BulkActionPage() {
  const { t } = useTranslation("households");
  const { view } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const active = view.status === "queued" || view.status === "running";
  const f = view.filters;
  const query = { communeCode: f.communeCode ?? null, hamlet: f.hamlet ?? null, stage: f.stage ?? null, batchId: f.batchId ?? null, hasListings: f.hasListings ?? null, hasSales: f.hasSales ?? null, q: f.q ?? null };
  return (
    <section>
      {/* Without JavaScript too: the page reloads itself until the action is done. */}
      {active ? <meta httpEquiv="refresh" content="3" /> : null}
      <p>
        <Link to={bulkHref(query)}>← {t("bulk.title")}</Link>
      </p>
      <h1>
        #{view.id} {t(`bulk.kinds.${view.kind}`)}
      </h1>
      <p className="muted">
        {t(`bulk.statuses.${view.status}`)} · {t("bulk.started", { date: view.createdAt })}
        {view.options.method ? ` · ${t(`bulk.method.${view.options.method as "documents"}`, { defaultValue: view.options.method })}` : ""}
        {view.options.delivery ? ` · ${t(`bulk.delivery.${view.options.delivery as "print"}`, { defaultValue: view.options.delivery })}` : ""}
      </p>
      <BulkFiltersSummary filters={query} communeName={null} />
      <p className="field-hint">{t("bulk.fixedSet", { n: formatNumber(view.total, locale) })}</p>
      {view.options.note ? <p>“{view.options.note}”</p> : null}

      <BulkProgress view={view} />

      {view.error ? (
        <div className="alert alert-error" role="alert">
          <p>{t(view.error as "bulk.errors.failed", { defaultValue: t("bulk.errors.failed") })}</p>
        </div>
      ) : null}
      {view.status === "failed" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="resume" />
          <SubmitButton className="button">{t("bulk.resume")}</SubmitButton>
        </Form>
      ) : null}

      {view.expiresAt && view.kind === "handOverCodes" ? <p>{t("bulk.expiresAt", { date: view.expiresAt })}</p> : null}
      {view.slips ? (
        <p>
          <a className="button" href={`/can-bo/hang-loat/${view.id}/phieu`}>
            {t("bulk.slipsLink")}
          </a>
        </p>
      ) : null}
      {view.download ? (
        <p>
          <a className="button" href={`/can-bo/hang-loat/${view.id}/tai-ve`} download>
            {t("bulk.download")}
          </a>
        </p>
      ) : null}
      {view.fileGone ? <p className="muted">{t("bulk.fileGone", { days: EXPORT_KEEP_DAYS })}</p> : null}
    </section>
  );
}
