import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorText, pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { communeName } from "~/households/forms.server";
import { getHousehold } from "~/households/records.server";
import { deleteHouseholdData, householdDeletedAt, listPendingDeletionRequests, pendingDeletionRequest } from "~/households/privacy.server";
import { formatDateTime } from "~/i18n/format";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";

/**
 * /quan-tri/du-lieu — administrators carry out personal-data requests (Decree 13/2023): the
 * pending deletion requests, and any household found by its number, each with an export link and
 * a delete form that needs an explicit confirmation. Works without JavaScript.
 */
export const handle = { i18n: ["common", "households"] };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "administer");
  const locale = await getLocale(request);
  const url = new URL(request.url);
  const asked = url.searchParams.get("ho")?.trim() ?? "";
  const id = /^\d{1,9}$/.test(asked) ? Number(asked) : null;
  const found = id ? getHousehold(db(), id) : undefined;
  const deletedAt = found ? householdDeletedAt(db(), found.id) : null;
  const count = (name: string) => {
    const value = url.searchParams.get(name);
    return value && /^\d{1,9}$/.test(value) ? Number(value) : null;
  };
  const done = { id: count("xong"), listings: count("sp"), orders: count("dh"), sessions: count("phien") };
  return json({
    title: await pageTitle(request, "households:privacy.admin.title"),
    pending: listPendingDeletionRequests(db()).map((r) => ({
      householdId: r.householdId,
      displayName: r.displayName,
      communeName: r.communeName,
      status: r.status,
      requestedAt: formatDateTime(r.requestedAt, locale),
      requesterName: r.requesterName,
    })),
    asked,
    found: found
      ? {
          id: found.id,
          displayName: found.displayName,
          communeName: communeName(db(), found.communeCode),
          status: found.status,
          deletedAt: deletedAt && !pendingDeletionRequest(db(), found.id) ? formatDateTime(deletedAt, locale) : null,
        }
      : null,
    done: Object.values(done).every((v) => v !== null) ? done : null,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAllowed(request, "administer");
  const formData = await request.formData();
  const id = Number(formData.get("householdId"));
  const t = (await i18nServer.getFixedT(request)) as unknown as (key: string, params?: object) => string;
  if (!Number.isInteger(id) || id <= 0) return json({ householdId: null, error: t("households:errors.notFound") }, { status: 400 });
  if (formData.get("confirm") !== "on") return json({ householdId: id, error: t("households:privacy.errors.confirmRequired") }, { status: 400 });
  try {
    const result = deleteHouseholdData(db(), user, id, { note: t("households:privacy.deletedNote") });
    const done = { xong: id, sp: result.listingsArchived, dh: result.ordersKept, phien: result.sessionsRevoked };
    return redirect(`/quan-tri/du-lieu?${new URLSearchParams(Object.entries(done).map(([k, v]) => [k, String(v)]))}`);
  } catch (error) {
    const { message, status } = await errorText(request, error);
    return json({ householdId: id, error: message }, { status });
  }
}

export default function DataRequests() {
  const { t } = useTranslation("households");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errorFor = (id: number) => (actionData && actionData.householdId === id ? [actionData.error] : null);
  return (
    <section className="account-page">
      <h1>{t("privacy.admin.title")}</h1>
      <p>{t("privacy.admin.intro")}</p>
      {data.done ? <FormNotice>{t("privacy.admin.done", data.done)}</FormNotice> : null}
      {actionData && actionData.householdId === null ? <FormError errors={[actionData.error]} /> : null}

      <h2>{t("privacy.admin.pendingTitle")}</h2>
      {data.pending.length === 0 ? <p className="muted">{t("privacy.admin.none")}</p> : null}
      {data.pending.map((r) => (
        <article key={r.householdId} className="card">
          <h3>
            <Link to={`/can-bo/ho/${r.householdId}`}>
              #{r.householdId} {r.displayName}
            </Link>
          </h3>
          <dl>
            <dt>{t("privacy.admin.commune")}</dt>
            <dd>{r.communeName}</dd>
            <dt>{t("privacy.admin.status")}</dt>
            <dd>{t(`statuses.${r.status}`)}</dd>
            <dt>{t("privacy.admin.requestedAt")}</dt>
            <dd>{r.requestedAt}</dd>
            <dt>{t("privacy.admin.requestedBy")}</dt>
            <dd>{r.requesterName ?? "—"}</dd>
          </dl>
          <HouseholdActions id={r.householdId} errors={errorFor(r.householdId)} />
        </article>
      ))}

      <h2>{t("privacy.admin.findTitle")}</h2>
      <Form method="get" className="form">
        <div className="field">
          <label htmlFor="ho">{t("privacy.admin.householdId")}</label>
          <input id="ho" name="ho" inputMode="numeric" pattern="[0-9]*" defaultValue={data.asked} required />
        </div>
        <SubmitButton className="button">{t("privacy.admin.find")}</SubmitButton>
      </Form>
      {data.asked && !data.found ? (
        <p className="alert alert-error" role="alert">
          {t("privacy.admin.notFound", { id: data.asked })}
        </p>
      ) : null}
      {data.found ? (
        <article className="card">
          <h3>
            <Link to={`/can-bo/ho/${data.found.id}`}>
              #{data.found.id} {data.found.displayName}
            </Link>
          </h3>
          <p>
            {data.found.communeName} · {t(`statuses.${data.found.status}`)}
          </p>
          {data.found.deletedAt ? (
            <p className="muted">{t("privacy.admin.deletedAt", { at: data.found.deletedAt })}</p>
          ) : (
            <HouseholdActions id={data.found.id} errors={errorFor(data.found.id)} />
          )}
        </article>
      ) : null}
    </section>
  );
}

function HouseholdActions({ id, errors }: { id: number; errors: string[] | null }) {
  const { t } = useTranslation("households");
  return (
    <>
      <p>
        <a href={`/can-bo/ho/${id}/du-lieu`} download>
          {t("privacy.admin.export")}
        </a>
      </p>
      <Form method="post" className="form">
        <input type="hidden" name="householdId" value={id} />
        <FormError errors={errors} />
        <label className="choice">
          <input type="checkbox" name="confirm" required />
          <span>{t("privacy.admin.confirm", { id })}</span>
        </label>
        <SubmitButton className="button button-secondary button-block">{t("privacy.admin.delete")}</SubmitButton>
      </Form>
    </>
  );
}
