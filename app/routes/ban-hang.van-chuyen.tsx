import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorText, pageTitle } from "~/accounts/forms.server";
import { servedCommuneOptions, servedProvinceNames } from "~/addresses/served.server";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { requireOwnHousehold } from "~/households/records.server";
import { db } from "~/lib/db.server";
import { formatPhone } from "~/lib/phone";
import { farmShippingSettings, PARTNER_IDS, saveFarmShipping } from "~/shipping/farm-settings.server";
import { configuredPartners } from "~/shipping/registry.server";

export const handle = { i18n: ["common", "households", "shipping"] };

/** The partners the operator has configured, in a fixed order. */
const configuredPartnerIds = () => PARTNER_IDS.filter((id) => configuredPartners().some((c) => c.id === id));

/**
 * /ban-hang/van-chuyen: the farm's delivery settings — its partners (only configured ones are
 * listed), where they collect, and the packed-weight tolerance. The household comes from the
 * session; saving goes through the same access policy as the profile.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { household } = await requireOwnHousehold(request);
  const settings = farmShippingSettings(db(), household);
  return json({
    title: await pageTitle(request, "shipping:settings.title"),
    configured: configuredPartnerIds(),
    communes: servedCommuneOptions(db()),
    provinceName: servedProvinceNames(db()),
    values: {
      carriers: settings.carriers as string[],
      pickupName: settings.pickupName,
      pickupPhone: formatPhone(settings.pickupPhone),
      pickupCommuneCode: settings.pickupCommuneCode,
      pickupAddressLine: settings.pickupAddressLine,
      weightTolerancePct: String(settings.weightTolerancePct),
    },
    done: new URL(request.url).searchParams.get("luu") === "1",
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const { user, household } = await requireOwnHousehold(request);
  const form = await request.formData();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const values = {
    carriers: form.getAll("carriers").filter((v): v is string => typeof v === "string"),
    pickupName: text("pickupName"),
    pickupPhone: text("pickupPhone"),
    pickupCommuneCode: text("pickupCommuneCode"),
    pickupAddressLine: text("pickupAddressLine"),
    weightTolerancePct: text("weightTolerancePct"),
  };
  try {
    saveFarmShipping(db(), user, household.id, values, configuredPartnerIds());
  } catch (error) {
    const { message, status, field } = await errorText(request, error);
    return json({ values, error: { message, field: field ?? null } }, { status });
  }
  return redirect("/ban-hang/van-chuyen?luu=1");
}

export default function FarmDeliverySettings() {
  const { t } = useTranslation("shipping");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const v = actionData?.values ?? data.values;
  const error = actionData?.error;
  const fieldError = (name: string) =>
    error?.field === name ? (
      <p id={`${name}-error`} className="field-error">
        {error.message}
      </p>
    ) : null;
  const invalid = (name: string) => (error?.field === name ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  return (
    <section className="account-page">
      <p>
        <Link to="/ban-hang/ho-so">← {t("settings.back")}</Link>
      </p>
      <h1>{t("settings.title")}</h1>
      <p>{t("settings.intro")}</p>
      {data.done ? <FormNotice>{t("settings.saved")}</FormNotice> : null}
      {error && !error.field ? <FormError errors={[error.message]} /> : null}
      {/* Keyed by the answer, so the fields take the values sent back after an error. */}
      {/* noValidate: the server's messages, in the page's language, rather than the browser's. */}
      <Form method="post" className="form" key={JSON.stringify(v)} noValidate>
        <fieldset className="field choice-field">
          <legend>{t("settings.carriers")}</legend>
          {data.configured.length === 0 ? (
            <p className="field-hint">{t("settings.noneConfigured")}</p>
          ) : (
            <>
              <p className="field-hint">{t("settings.carriersHint")}</p>
              {data.configured.map((id) => (
                <label key={id} className="choice">
                  <input type="checkbox" name="carriers" value={id} defaultChecked={v.carriers.includes(id)} />
                  <span>{t(`checkout.carriers.${id}`)}</span>
                </label>
              ))}
            </>
          )}
          {fieldError("carriers")}
        </fieldset>

        <fieldset className="field choice-field">
          <legend>{t("settings.pickupHeading")}</legend>
          <div className="field">
            <label htmlFor="pickupName">{t("settings.pickupName")}</label>
            <input id="pickupName" name="pickupName" defaultValue={v.pickupName} required maxLength={100} autoComplete="name" {...invalid("pickupName")} />
            {fieldError("pickupName")}
          </div>
          <div className="field">
            <label htmlFor="pickupPhone">{t("settings.pickupPhone")}</label>
            <input id="pickupPhone" name="pickupPhone" type="tel" defaultValue={v.pickupPhone} required autoComplete="tel" {...invalid("pickupPhone")} />
            {fieldError("pickupPhone")}
          </div>
          <div className="field">
            <label htmlFor="pickupCommuneCode">{t("settings.pickupCommune")}</label>
            <p id="pickupCommuneCode-hint" className="field-hint">
              {t("settings.pickupCommuneHint", { province: data.provinceName })}
            </p>
            <select id="pickupCommuneCode" name="pickupCommuneCode" defaultValue={v.pickupCommuneCode} required {...invalid("pickupCommuneCode")}>
              <option value="">{t("settings.communeChoose")}</option>
              {data.communes.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
            {fieldError("pickupCommuneCode")}
          </div>
          <div className="field">
            <label htmlFor="pickupAddressLine">{t("settings.pickupAddressLine")}</label>
            <input id="pickupAddressLine" name="pickupAddressLine" defaultValue={v.pickupAddressLine} required maxLength={200} autoComplete="street-address" {...invalid("pickupAddressLine")} />
            {fieldError("pickupAddressLine")}
          </div>
        </fieldset>

        <div className="field">
          <label htmlFor="weightTolerancePct">{t("settings.tolerance")}</label>
          <p id="weightTolerancePct-hint" className="field-hint">
            {t("settings.toleranceHint")}
          </p>
          <input id="weightTolerancePct" name="weightTolerancePct" type="number" inputMode="numeric" min={0} max={50} step={1} defaultValue={v.weightTolerancePct} required {...invalid("weightTolerancePct")} />
          {fieldError("weightTolerancePct")}
        </div>
        <SubmitButton pendingLabel={t("settings.saving")}>{t("settings.save")}</SubmitButton>
      </Form>
    </section>
  );
}
