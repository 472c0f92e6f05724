import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { communeScope, mayManageHousehold, requireAllowed } from "~/accounts/access.server";
import type { SessionUser } from "~/accounts/session.server";
import { profileFormOptions } from "~/households/forms.server";
import { HouseholdForm } from "~/households/HouseholdForm";
import { getHousehold } from "~/households/records.server";
import { registerHouseholdByOfficer } from "~/households/registration.server";
import { OfficerRegistrationSchema, toHouseholdInput } from "~/households/schemas";
import { i18nServer } from "~/i18n/i18n.server";
import { startOfDayInVietnam, todayInVietnam } from "~/lib/clock";
import { db } from "~/lib/db.server";
import { isAppError } from "~/lib/errors";

export const handle = { i18n: ["common", "households"] };

const DUPLICATE_KEYS = ["households:register.errors.duplicateNationalId", "households:register.errors.duplicatePhoneName"];

/** The registration form's communes: the home province's, narrowed to the officer's own areas. */
function formOptions(user: SessionUser) {
  const options = profileFormOptions(db());
  const scope = communeScope(db(), user);
  if (scope === null) return options;
  const mine = new Set(scope);
  return { ...options, communes: options.communes.filter((c) => mine.has(c.code)) };
}

/**
 * /can-bo/ho/moi — an officer registers one household (assisted registration): the profile, and
 * how and when the household consented. Only communes of the officer's areas are offered (and the
 * module refuses any other); a household already on file is refused with a link to it.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const today = todayInVietnam();
  return json({
    title: await pageTitle(request, "households:register.title"),
    today,
    form: formOptions(user),
    defaults: { kind: "household", pickup: true, consentDate: today },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const submission = parseWithZod(await request.formData(), { schema: OfficerRegistrationSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), duplicate: null }, { status: 400 });
  const { consentMethod, consentDate, consentNote } = submission.value;
  // The consent record is kept in Vietnamese, the language of the paperwork it stands for.
  const vi = await i18nServer.getFixedT("vi", "households");
  const method = vi(`register.consentMethods.${consentMethod}`);
  const note = (consentNote ?? "").trim();
  try {
    const household = registerHouseholdByOfficer(db(), user, {
      ...toHouseholdInput(submission.value),
      consentAt: startOfDayInVietnam(consentDate),
      consentSource: note ? `${method} — ${note}` : method,
    });
    return redirect(`/can-bo/ho/${household.id}`);
  } catch (error) {
    let duplicate: { id: number; name: string; canOpen: boolean } | null = null;
    if (isAppError(error) && DUPLICATE_KEYS.includes(error.messageKey)) {
      const existing = getHousehold(db(), Number(error.params.id));
      if (existing) duplicate = { id: existing.id, name: existing.displayName, canOpen: mayManageHousehold(db(), user, existing) };
    }
    return replyWithError(request, submission, error, { extra: { duplicate } });
  }
}

export default function RegisterHousehold() {
  const { t } = useTranslation("households");
  const { form, defaults, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const duplicate = actionData?.duplicate;
  return (
    <section className="account-page">
      <p>
        <Link to="/can-bo">← {t("register.back")}</Link>
      </p>
      <h1>{t("register.title")}</h1>
      {form.communes.length === 0 ? (
        <p className="alert alert-error">{t("register.noAreas")}</p>
      ) : (
        <>
          <p>{t("register.intro")}</p>
          <HouseholdForm
            id="register-household"
            lastResult={actionData?.result}
            defaultValue={defaults}
            communes={form.communes}
            banks={form.banks}
            provinceName={form.provinceName}
            consent={{ maxDate: today }}
            notice={
              duplicate ? (
                <p className="alert alert-error" role="alert">
                  {duplicate.canOpen ? (
                    <Link to={`/can-bo/ho/${duplicate.id}`}>{t("register.duplicateLink", { name: duplicate.name })}</Link>
                  ) : (
                    t("register.duplicateElsewhere", { name: duplicate.name })
                  )}
                </p>
              ) : null
            }
            submitLabel={t("register.submit")}
          />
        </>
      )}
    </section>
  );
}
