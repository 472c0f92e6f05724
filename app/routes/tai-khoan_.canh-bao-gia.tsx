import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/accounts/access.server";
import { errorText, pageTitle } from "~/accounts/forms.server";
import { deleteAlert, listAlerts } from "~/alerts/alerts.server";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { formatMoney, formatNumber } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { idParam } from "~/lib/errors";
import { ScrollRegion } from "~/components/ui/ScrollRegion";

/** One's own price alerts (app/alerts): what each watches, and a button to delete it. */
export const handle = { i18n: ["common", "prices", "alerts"] };

const DONE = ["created", "deleted"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await getLocale(request);
  const done = new URL(request.url).searchParams.get("done");
  // Only the signed-in person's own alerts are listed (mayManageAlert is then true for each).
  const alerts = listAlerts(db(), user.id).map((a) => ({
    id: a.id,
    commodity: locale === "vi" ? a.commodityNameVi : a.commodityNameEn,
    commoditySlug: a.commoditySlug,
    market: a.marketName,
    priceType: a.priceType,
    kind: a.kind,
    unit: a.unit,
    threshold: a.thresholdVnd === null ? null : formatMoney(a.thresholdVnd, locale),
    percent: a.movePercent === null ? null : formatNumber(a.movePercent, locale, 1),
  }));
  return json({
    title: await pageTitle(request, "alerts:title"),
    alerts,
    done: (DONE as readonly string[]).includes(done ?? "") ? (done as (typeof DONE)[number]) : null,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  try {
    deleteAlert(db(), user, idParam(String(form.get("id") ?? "")));
  } catch (error) {
    const { message, status } = await errorText(request, error);
    return json({ error: message }, { status });
  }
  return redirect("/tai-khoan/canh-bao-gia?done=deleted");
}

export default function PriceAlerts() {
  const { t } = useTranslation("alerts");
  const { t: tp } = useTranslation("prices");
  const { t: tc } = useTranslation("common");
  const tk = (f: unknown) => f as (k: string, o?: Record<string, unknown>) => string;
  const { alerts, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section>
      <h1>{t("title")}</h1>
      {done ? <FormNotice>{t(done)}</FormNotice> : null}
      <FormError errors={actionData?.error ? [actionData.error] : null} />
      <p>{t("intro")}</p>
      {alerts.length === 0 ? (
        <p>
          {t("empty")} <Link to="/gia-ca">{t("browse")}</Link>
        </p>
      ) : (
        <ScrollRegion label={t("title")}>
          <table className="price-table">
            <thead>
              <tr>
                <th scope="col">{t("columns.commodity")}</th>
                <th scope="col">{t("columns.market")}</th>
                <th scope="col">{t("columns.rule")}</th>
                <th scope="col">{t("columns.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={`/gia-ca/${a.commoditySlug}`}>{a.commodity}</Link>
                  </th>
                  <td>
                    {a.market ?? t("anyMarket")} · {tk(tp)(`priceTypes.${a.priceType}`)}
                  </td>
                  <td>{tk(t)(`rule.${a.kind}`, { threshold: a.threshold, percent: a.percent, unit: tk(tc)(`units.${a.unit}`) })}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="id" value={a.id} />
                      <button type="submit" className="button">
                        {t("delete")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
