import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { allows, requireUser } from "~/accounts/access.server";
import { getSessionUser } from "~/accounts/session.server";
import { FormNotice } from "~/components/ui/FormError";
import { profileFormOptions } from "~/households/forms.server";
import { HouseholdForm } from "~/households/HouseholdForm";
import { createOwnHousehold } from "~/households/profile.server";
import { getHouseholdForUser } from "~/households/records.server";
import { HouseholdProfileSchema, toHouseholdInput } from "~/households/schemas";
import { db } from "~/lib/db.server";
import { formatPhone } from "~/lib/phone";

export const handle = { i18n: ["common", "households"] };

const HERE = "/ban-hang/dang-ky";

/**
 * The farmer's three steps: an account (the sign-up page, coming back here), the household
 * profile (saved here), the first listing (the listings pages). The step shown follows from what
 * is already saved, so leaving and coming back lands on the next thing to do.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const title = await pageTitle(request, "households:wizard.title");
  const user = await getSessionUser(request);
  const saved = new URL(request.url).searchParams.get("luu") === "1";
  if (!user) return json({ title, step: 1 as const, account: null, form: null, saved });
  const account = { name: user.name, role: user.role };
  if (!allows(user, "sell")) return json({ title, step: 1 as const, account, form: null, saved });
  if (getHouseholdForUser(db(), user.id)) return json({ title, step: 3 as const, account, form: null, saved });
  return json({
    title,
    step: 2 as const,
    account,
    form: { ...profileFormOptions(db()), defaults: { kind: "household", representativeName: user.name, phone: formatPhone(user.phone), pickup: true } },
    saved,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await request.formData(), { schema: HouseholdProfileSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    createOwnHousehold(db(), user, toHouseholdInput(submission.value));
  } catch (error) {
    return replyWithError(request, submission, error);
  }
  return redirect(`${HERE}?luu=1`);
}

export default function SellerSignup() {
  const { t } = useTranslation("households");
  const { t: tc } = useTranslation("common");
  const { step, account, form, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const back = encodeURIComponent(HERE);
  return (
    <section className="account-page">
      <h1>{t("wizard.title")}</h1>
      <p>{t("wizard.intro")}</p>
      <ol className="muted" aria-label={t("wizard.stepOf", { step })}>
        {([1, 2, 3] as const).map((n) => (
          <li key={n} aria-current={n === step ? "step" : undefined}>
            {n === step ? <strong>{t(`wizard.step${n}`)}</strong> : t(`wizard.step${n}`)}
          </li>
        ))}
      </ol>

      {step === 1 ? (
        <>
          <h2>
            {t("wizard.stepOf", { step: 1 })}: {t("wizard.step1")}
          </h2>
          {account ? (
            <p className="alert alert-error">{t("wizard.notFarmer", { role: tc(`roles.${account.role}`) })}</p>
          ) : (
            <>
              <p>{t("wizard.accountText")}</p>
              <p>
                <Link to={`/dang-ky?redirectTo=${back}`} className="button button-block">
                  {t("wizard.signupLink")}
                </Link>
              </p>
              <p>
                {t("wizard.haveAccount")} <Link to={`/dang-nhap?redirectTo=${back}`}>{t("wizard.loginLink")}</Link>
              </p>
            </>
          )}
        </>
      ) : null}

      {step === 2 && form ? (
        <>
          <h2>
            {t("wizard.stepOf", { step: 2 })}: {t("wizard.step2")}
          </h2>
          {account ? <p className="muted">{t("wizard.signedInAs", { name: account.name })}</p> : null}
          <p>{t("wizard.profileText")}</p>
          <HouseholdForm
            id="household"
            lastResult={actionData?.result}
            defaultValue={form.defaults}
            communes={form.communes}
            banks={form.banks}
            provinceName={form.provinceName}
            submitLabel={t("wizard.saveProfile")}
          />
        </>
      ) : null}

      {step === 3 ? (
        <>
          {saved ? <FormNotice>{t("wizard.saved")}</FormNotice> : null}
          <h2>
            {t("wizard.stepOf", { step: 3 })}: {t("wizard.step3")}
          </h2>
          <p>{t("wizard.listingText")}</p>
          <p>
            <Link to="/ban-hang/san-pham/moi?buoc=3" className="button button-block">
              {t("wizard.addListing")}
            </Link>
          </p>
          <p>
            <Link to="/ban-hang">{t("wizard.toDashboard")}</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}
