import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { FormNotice } from "~/components/ui/FormError";
import { communeName, householdFormDefaults, profileFormOptions } from "~/households/forms.server";
import { HouseholdForm } from "~/households/HouseholdForm";
import { requireOwnHousehold, updateHouseholdProfile } from "~/households/households.server";
import { HouseholdProfileSchema, toHouseholdInput } from "~/households/schemas";
import { db } from "~/lib/db.server";

export const handle = { i18n: ["common", "households"] };

/** The owner edits their own household: the id comes from the session, never from the URL. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { household } = await requireOwnHousehold(request);
  const locked = household.status === "verified" || household.status === "suspended";
  return json({
    title: await pageTitle(request, "households:profile.title"),
    ...profileFormOptions(db()),
    defaults: householdFormDefaults(household),
    locked,
    lockedCommuneName: communeName(db(), household.communeCode),
    done: new URL(request.url).searchParams.get("luu") === "1",
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const { user, household } = await requireOwnHousehold(request);
  const submission = parseWithZod(await request.formData(), { schema: HouseholdProfileSchema });
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
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="account-page">
      <p>
        <Link to="/ban-hang">← {t("dashboard.title")}</Link>
      </p>
      <h1>{t("profile.title")}</h1>
      {data.done ? <FormNotice>{t("profile.saved")}</FormNotice> : null}
      <HouseholdForm
        id="household"
        lastResult={actionData?.result}
        defaultValue={data.defaults}
        communes={data.communes}
        banks={data.banks}
        provinceName={data.provinceName}
        identityLocked={data.locked}
        lockedCommuneName={data.lockedCommuneName}
        submitLabel={t("save")}
      />
    </section>
  );
}
