import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { requireUser } from "~/accounts/access.server";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { formatMoney } from "~/i18n/format";
import { db } from "~/lib/db.server";
import { resolveCart } from "~/orders/cart.server";
import { CheckoutFarmSection } from "~/orders/CheckoutFarmSection";
import { checkoutInputFromForm, checkoutPage } from "~/orders/checkout-page.server";
import { placeCheckout } from "~/orders/checkout.server";
import { formError, formValues } from "~/orders/forms.server";
import styles from "~/orders/orders.css";
import { useLocale } from "~/i18n/use-locale";
import { now } from "~/lib/clock";
import { configuredPartners } from "~/shipping/registry.server";

export const handle = { i18n: ["common", "orders", "shipping"], islands: ["checkout"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/**
 * /thanh-toan: recipient, address (province → commune, then the line), delivery per farm, payment.
 * "Update delivery fees" is a GET of the same form, so changing the province works without
 * JavaScript and keeps what was typed; with it, the checkout island (app/islands/checkout.ts) asks the
 * same GET on a change of province or commune and swaps in the new fees. Placing is one POST carrying an idempotency key and the
 * lines as the buyer saw them; changes since are listed and nothing is placed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { cart } = await resolveCart(request);
  const values = Object.fromEntries(new URL(request.url).searchParams);
  const page = await checkoutPage(db(), user, cart?.id, values, configuredPartners(), now());
  if (page.view.count === 0 || page.view.blocked) throw redirect("/gio-hang");
  return json({ title: await pageTitle(request, "orders:checkout.title"), page });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { cart } = await resolveCart(request);
  const form = await request.formData();
  try {
    const result = placeCheckout(db(), user, checkoutInputFromForm(db(), cart?.id, form));
    if (result.checkout.paymentMethod === "card") return redirect(`/thanh-toan/the?checkout=${result.checkout.id}`);
    return redirect(`/thanh-toan/da-dat?checkout=${result.checkout.id}`);
  } catch (error) {
    const values = formValues(form);
    // Drawn again with fresh quotes: an expired or altered partner quote is asked for anew.
    const page = await checkoutPage(db(), user, cart?.id, values, configuredPartners(), now());
    return formError(request, error, values, { page });
  }
}

export default function Checkout() {
  const { t } = useTranslation("orders");
  const locale = useLocale();
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const page = actionData?.page ?? loaderData.page;
  const errors = actionData?.errors ?? { form: null, fields: {} as Record<string, string> };
  const fieldError = (name: string) => errors.fields[name];
  const v = page.values;
  const money = (n: number) => formatMoney(n, locale);
  return (
    <section className="orders-page checkout">
      <h1>{t("checkout.title")}</h1>
      {actionData?.changes?.length ? (
        <div className="alert alert-error" role="alert">
          <p>
            <strong>{t("checkout.changedHeading")}</strong>
          </p>
          <ul>
            {actionData.changes.map((c, i) => (
              <li key={i}>{c.text}</li>
            ))}
          </ul>
          <p>{t("checkout.changedHelp")}</p>
        </div>
      ) : (
        <FormError errors={errors.form ? [errors.form] : null} />
      )}
      {/* With script, app/islands/checkout.ts fetches the fees on a change of province or commune and swaps the parts marked data-fees-part. */}
      <Form method="post" className="form checkout-form" data-checkout-fees="/thanh-toan">
        <input type="hidden" name="idempotencyKey" value={page.idempotencyKey} />
        <input type="hidden" name="lines" value={page.snapshot} />

        <fieldset className="checkout-section">
          <legend>{t("checkout.recipient")}</legend>
          <TextField name="recipientName" label={t("checkout.recipientName")} defaultValue={v.recipientName} error={fieldError("recipientName")} autoComplete="name" />
          <TextField name="recipientPhone" label={t("checkout.recipientPhone")} defaultValue={v.recipientPhone} error={fieldError("recipientPhone")} type="tel" autoComplete="tel" />
          <div className="field">
            <label htmlFor="provinceCode">{t("checkout.province")}</label>
            <select id="provinceCode" name="provinceCode" defaultValue={page.provinceCode}>
              {page.provinces.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="communeCode">{t("checkout.commune")}</label>
            <select
              id="communeCode"
              name="communeCode"
              data-fees-part="communes"
              defaultValue={v.communeCode}
              aria-invalid={fieldError("communeCode") ? true : undefined}
              aria-describedby={fieldError("communeCode") ? "communeCode-error" : "communeCode-hint"}
            >
              <option value="">{t("checkout.communeChoose")}</option>
              {page.communes.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
            <p id="communeCode-hint" className="field-hint" data-live-text={t("checkoutPerFarm.communeHintLive")}>
              {t("checkout.communeHint")}
            </p>
            {fieldError("communeCode") ? (
              <p id="communeCode-error" className="field-error">
                {fieldError("communeCode")}
              </p>
            ) : null}
          </div>
          <p className="field-hint" aria-live="polite" data-fees-status data-updating={t("checkoutPerFarm.updating")} />
          <button
            type="submit"
            formMethod="get"
            formAction="/thanh-toan"
            formNoValidate
            name="refresh"
            value="1"
            className="button button-secondary button-block"
            data-fees-refresh
          >
            {t("checkout.refresh")}
          </button>
          <TextField name="addressLine" label={t("checkout.addressLine")} defaultValue={v.addressLine} error={fieldError("addressLine")} autoComplete="street-address" />
          <div className="field">
            <label htmlFor="note">{t("checkout.note")}</label>
            <textarea id="note" name="note" rows={2} defaultValue={v.note} maxLength={500} />
            {fieldError("note") ? <p className="field-error">{fieldError("note")}</p> : null}
          </div>
        </fieldset>

        {page.farms.map((farm) => (
          <CheckoutFarmSection key={farm.householdId} farm={farm} fieldError={fieldError} payByCard={v.paymentMethod === "card"} />
        ))}

        {page.cardForWholeCart ? (
          <fieldset className="checkout-section field choice-field">
            <legend>{t("checkout.payment")}</legend>
            <label className="choice">
              <input type="radio" name="paymentMethod" value="per_farm" defaultChecked={v.paymentMethod !== "card"} />
              <span>{t("checkoutPerFarm.perFarm")}</span>
            </label>
            <label className="choice">
              <input type="radio" name="paymentMethod" value="card" defaultChecked={v.paymentMethod === "card"} />
              <span>
                {t("checkoutPerFarm.card")}
                <br />
                <small className="muted">{t("checkout.paymentHelp.card")}</small>
              </span>
            </label>
            {fieldError("paymentMethod") ? <p className="field-error">{fieldError("paymentMethod")}</p> : null}
          </fieldset>
        ) : null}

        <p className="cart-total" data-fees-part="total">
          {t("checkout.total")} <strong>{money(page.totalVnd)}</strong>
        </p>
        <SubmitButton pendingLabel={t("checkout.placing")}>{t("checkout.place")}</SubmitButton>
        <p>
          <Link to="/gio-hang">{t("checkout.backToCart")}</Link>
        </p>
      </Form>
    </section>
  );
}

function TextField({
  name,
  label,
  defaultValue,
  error,
  type = "text",
  autoComplete,
}: {
  name: string;
  label: string;
  defaultValue: string;
  error?: string;
  type?: string;
  autoComplete?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
      />
      {error ? (
        <p id={`${name}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
