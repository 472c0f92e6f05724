import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorText, pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { siteOrigin } from "~/catalog/seo.server";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { BulkChoiceForm, BulkFiltersSummary } from "~/households/BulkPages";
import { countHouseholdSet, listBulkActions, startBulkAction } from "~/households/bulk.server";
import { BULK_PARAMS } from "~/households/bulk-options";
import { bulkActionView, bulkChoice, bulkQuery } from "~/households/bulk-page.server";
import { OFFICER_LIST_PARAMS, officerListHref } from "~/households/schemas";
import { formatNumber } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useLocale } from "~/i18n/use-locale";
import { db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";

export const handle = { i18n: ["common", "households"] };

/**
 * /can-bo/hang-loat — act on the households the list's filters select (same URL parameters):
 * choose an action and its options (a GET form), confirm with the count (a POST form), then the
 * action's page shows its progress. Also the officer's recent bulk actions. No JavaScript needed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const locale = await getLocale(request);
  const params = new URL(request.url).searchParams;
  const { query, filters, communeName } = bulkQuery(db(), user, params);
  const choice = bulkChoice(params);
  return json({
    title: await pageTitle(request, "households:bulk.title"),
    query,
    communeName,
    count: countHouseholdSet(db(), user, filters),
    choice,
    recent: listBulkActions(db(), user).map((a) => bulkActionView(a, locale)),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const form = await request.formData();
  const params = new URLSearchParams();
  for (const [key, value] of form) if (typeof value === "string") params.append(key, value);
  const { filters } = bulkQuery(db(), user, params);
  const choice = bulkChoice(params);
  try {
    if (!choice.kind) throw new AppError("households:bulk.errors.kind", 400);
    const started = startBulkAction(db(), user, { kind: choice.kind, filters, options: choice.options, origin: siteOrigin(request) });
    return redirect(`/can-bo/hang-loat/${started.id}`);
  } catch (error) {
    const text = await errorText(request, error);
    return json({ error: text.message }, { status: text.status });
  }
}

export default function BulkStart() {
  const { t } = useTranslation("households");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const locale = useLocale();
  const { query, choice } = data;
  const n = formatNumber(data.count, locale);
  const hiddenFilters = Object.entries(OFFICER_LIST_PARAMS)
    .filter(([key]) => key !== "page")
    .map(([, name]) => name);
  const listParams = new URLSearchParams(officerListHref({ ...query, page: 1 }).split("?")[1] ?? "");
  return (
    <section>
      <p>
        <Link to={officerListHref({ ...query, page: 1 })}>← {t("bulk.backToList")}</Link>
      </p>
      <h1>{t("bulk.title")}</h1>
      <p>{t("bulk.intro")}</p>
      <BulkFiltersSummary filters={query} communeName={data.communeName} />
      <p role="status">
        <strong>{t("bulk.setCount", { n })}</strong>
      </p>
      <FormError errors={actionData?.error ? [actionData.error] : null} />

      {choice.kind && data.count > 0 ? (
        <div className="card">
          <h2>{t("bulk.confirm.title")}</h2>
          <p>{t("bulk.confirm.text", { action: t(`bulk.kinds.${choice.kind}`), n })}</p>
          {choice.kind === "verify" && choice.options.method ? <p className="muted">{t(`bulk.method.${choice.options.method as "documents"}`, { defaultValue: "" })}</p> : null}
          {choice.kind === "handOverCodes" && choice.options.delivery ? <p className="muted">{t(`bulk.delivery.${choice.options.delivery as "print"}`, { defaultValue: "" })}</p> : null}
          <Form method="post" className="button-row">
            {hiddenFilters.map((name) => (listParams.get(name) ? <input key={name} type="hidden" name={name} value={listParams.get(name)!} /> : null))}
            <input type="hidden" name={BULK_PARAMS.kind} value={choice.kind} />
            {Object.entries({ [BULK_PARAMS.delivery]: choice.options.delivery, [BULK_PARAMS.method]: choice.options.method, [BULK_PARAMS.note]: choice.options.note }).map(([name, value]) =>
              value ? <input key={name} type="hidden" name={name} value={value} /> : null,
            )}
            <SubmitButton className="button">{t("bulk.confirm.start")}</SubmitButton>
            <Link to={`/can-bo/hang-loat?${listParams}`} className="button button-secondary">
              {t("bulk.confirm.back")}
            </Link>
          </Form>
        </div>
      ) : data.count > 0 ? (
        <BulkChoiceForm hidden={hiddenFilters.flatMap((name) => (listParams.get(name) ? [{ name, value: listParams.get(name)! }] : []))} />
      ) : null}

      <h2>{t("bulk.recent")}</h2>
      {data.recent.length === 0 ? <p className="muted">{t("bulk.none")}</p> : null}
      <ul>
        {data.recent.map((a) => (
          <li key={a.id}>
            <Link to={`/can-bo/hang-loat/${a.id}`}>
              #{a.id} {t(`bulk.kinds.${a.kind}`)}
            </Link>{" "}
            · {t(`bulk.statuses.${a.status}`)} · {formatNumber(a.done, locale)}/{formatNumber(a.total, locale)} · {a.createdAt}
          </li>
        ))}
      </ul>
    </section>
  );
}
