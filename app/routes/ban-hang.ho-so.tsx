import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ExtraAttributes } from "~/households/ExtraAttributes";
import { errorText, pageTitle, replyWithError } from "~/accounts/forms.server";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { communeName, householdFormDefaults, profileFormOptions } from "~/households/forms.server";
import { HouseholdForm } from "~/households/HouseholdForm";
import { requireOwnHousehold } from "~/households/records.server";
import { updateHouseholdProfile } from "~/households/profile.server";
import { householdDeletedAt, pendingDeletionRequest, requestHouseholdDeletion } from "~/households/privacy.server";
import { HouseholdProfileSchema, toHouseholdInput } from "~/households/schemas";
import { formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["common", "households", "shipping"] };

/** The owner edits their own household: the id comes from the session, never from the URL. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { household } = await requireOwnHousehold(request);
  const locked = household.status === "verified" || household.status === "suspended";
  const locale = await getLocale(request);
  const pending = pendingDeletionRequest(db(), household.id);
  const deletedAt = householdDeletedAt(db(), household.id);
  const searchParams = new URL(request.url).searchParams;
  return json({
    title: await pageTitle(request, "households:profile.title"),
    ...profileFormOptions(db()),
    defaults: householdFormDefaults(household),
    locked,
    lockedCommuneName: communeName(db(), household.communeCode),
    extraAttributes: household.extraAttributes,
    done: searchParams.get("luu") === "1",
    privacy: {
      pendingSince: pending ? formatDateTime(pending.requestedAt, locale) : null,
      deletedAt: deletedAt && !pending ? formatDateTime(deletedAt, locale) : null,
      requested: searchParams.get("xoa") === "1",
    },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const { user, household } = await requireOwnHousehold(request);
  const formData = await request.formData();
  if (formData.get("intent") === "deleteRequest") {
    // Personal data deletion (Decree 13/2023): asked for here, carried out by an administrator.
    if (formData.get("confirm") !== "on") return json({ privacyError: "households:privacy.errors.confirmRequired" as string, result: undefined }, { status: 400 });
    try {
      requestHouseholdDeletion(db(), user, household.id);
    } catch (error) {
      const { message, status } = await errorText(request, error);
      return json({ privacyError: message, result: undefined }, { status });
    }
    return redirect("/ban-hang/ho-so?xoa=1");
  }
  const submission = parseWithZod(formData, { schema: HouseholdProfileSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    updateHouseholdProfile(db(), user, household.id, toHouseholdInput(submission.value));
  } catch (error) {
    return replyWithError(request, submission, error);
  }
  return redirect("/ban-hang/ho-so?luu=1");
}

export default function HouseholdProfile() {
  const { t } = useTranslation("households");
  const { t: tShipping } = useTranslation("shipping");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="account-page">
      <p>
        <Link to="/ban-hang">← {t("dashboard.title")}</Link>
      </p>
      <h1>{t("profile.title")}</h1>
      {data.done ? <FormNotice>{t("profile.saved")}</FormNotice> : null}
      <p>
        <Link to="/ban-hang/van-chuyen">{tShipping("settings.link")} →</Link>
      </p>
      <HouseholdForm
        id="household"
        lastResult={actionData && "privacyError" in actionData ? undefined : actionData?.result}
        defaultValue={data.defaults}
        communes={data.communes}
        banks={data.banks}
        provinceName={data.provinceName}
        identityLocked={data.locked}
        lockedCommuneName={data.lockedCommuneName}
        submitLabel={t("save")}
      />
      <ExtraAttributes attributes={data.extraAttributes} />

      <h2>{t("privacy.title")}</h2>
      <p>{t("privacy.intro")}</p>
      <p>
        {/* A file download: a plain link, not a client-side navigation. */}
        <a className="button button-secondary" href="/ban-hang/ho-so/du-lieu" download>
          {t("privacy.download")}
        </a>
      </p>
      {data.privacy.deletedAt ? (
        <p className="alert alert-ok">{t("privacy.deleted", { at: data.privacy.deletedAt })}</p>
      ) : data.privacy.pendingSince ? (
        <>
          {data.privacy.requested ? <FormNotice>{t("privacy.requested")}</FormNotice> : null}
          <p className="alert alert-ok" role="status">
            {t("privacy.pending", { at: data.privacy.pendingSince })}
          </p>
        </>
      ) : (
        <>
          <h3>{t("privacy.deleteTitle")}</h3>
          <p>{t("privacy.deleteText")}</p>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="deleteRequest" />
            {actionData && "privacyError" in actionData ? <FormError errors={[actionData.privacyError]} /> : null}
            <label className="choice">
              <input type="checkbox" name="confirm" required />
              <span>{t("privacy.deleteConfirm")}</span>
            </label>
            <SubmitButton intent="deleteRequest" className="button button-secondary button-block">
              {t("privacy.deleteSubmit")}
            </SubmitButton>
          </Form>
        </>
      )}
    </section>
  );
}
