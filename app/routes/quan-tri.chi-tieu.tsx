import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorText, pageTitle } from "~/accounts/forms.server";
import { requireAllowed } from "~/accounts/access.server";
import { Field, SelectField } from "~/components/ui/Field";
import styles from "~/dashboard/dashboard.css";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import {
  listTargets,
  parseTargetForm,
  setAreaTarget,
  TARGET_AREA_KINDS,
  TARGET_FIGURES,
  targetAreaName,
  type TargetField,
  type TargetFormValues,
} from "~/dashboard/targets.server";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { getLocale, i18nServer } from "~/i18n/i18n.server";
import { todayInVietnam } from "~/lib/clock";
import { db } from "~/lib/db.server";
import { ScrollRegion } from "~/components/ui/ScrollRegion";

export const handle = { i18n: ["common", "dashboard"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/**
 * /quan-tri/chi-tieu — administrators set each area's yearly targets (households to register, to
 * verify, products to list) and see the year's targets; ?nam picks the year, ?sua=kind:code fills
 * the form with an area's targets. The form works without JavaScript and keeps what was typed.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "administer");
  const locale = await getLocale(request);
  const url = new URL(request.url);
  const asked = url.searchParams.get("nam") ?? "";
  const year = /^\d{4}$/.test(asked) && Number(asked) >= 2020 && Number(asked) <= 2100 ? Number(asked) : Number(todayInVietnam().slice(0, 4));
  const targets = listTargets(db(), user, year);
  const [editKind, editCode] = (url.searchParams.get("sua") ?? "").split(":");
  const editing = targets.find((t) => t.areaKind === editKind && t.areaCode === editCode);
  const count = (v: number | null) => (v === null ? "" : String(v));
  const [doneKind, doneCode] = (url.searchParams.get("xong") ?? "").split(":");
  const done = (TARGET_AREA_KINDS as readonly string[]).includes(doneKind) ? targetAreaName(db(), doneKind as (typeof TARGET_AREA_KINDS)[number], doneCode ?? "") : null;
  return json({
    title: await pageTitle(request, "dashboard:targets.admin.title"),
    year,
    done: done ? { area: done.name, year } : null,
    form: {
      areaKind: editing?.areaKind ?? "commune",
      areaCode: editing?.areaCode ?? "",
      year: String(year),
      householdsToRegister: count(editing?.householdsToRegister ?? null),
      householdsToVerify: count(editing?.householdsToVerify ?? null),
      productsToList: count(editing?.productsToList ?? null),
    } satisfies TargetFormValues,
    targets: targets.map((t) => ({
      areaKind: t.areaKind,
      areaCode: t.areaCode,
      name: t.name,
      context: t.context,
      numbers: TARGET_FIGURES.map((f) => (t[f] === null ? null : formatNumber(t[f], locale, 0))),
      setBy: t.setByName ?? "",
      updatedAt: formatDateTime(t.updatedAt, locale),
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAllowed(request, "administer");
  const parsed = parseTargetForm(await request.formData());
  const t = (await i18nServer.getFixedT(request)) as unknown as (key: string, params?: object) => string;
  if (!parsed.ok) {
    const errors = Object.fromEntries(Object.entries(parsed.errors).map(([field, key]) => [field, t(key)])) as Partial<Record<TargetField, string>>;
    return json({ values: parsed.values, errors, formError: t("dashboard:targets.errors.form") }, { status: 400 });
  }
  const { input } = parsed;
  try {
    setAreaTarget(db(), admin, input);
  } catch (error) {
    const { message, status, field } = await errorText(request, error);
    const values: TargetFormValues = {
      areaKind: input.areaKind,
      areaCode: input.areaCode,
      year: String(input.year),
      ...(Object.fromEntries(TARGET_FIGURES.map((f) => [f, input[f] === null ? "" : String(input[f])])) as Record<(typeof TARGET_FIGURES)[number], string>),
    };
    const errors: Partial<Record<TargetField, string>> = field ? { [field as TargetField]: message } : {};
    return json({ values, errors, formError: field ? t("dashboard:targets.errors.form") : message }, { status });
  }
  return redirect(`/quan-tri/chi-tieu?${new URLSearchParams({ nam: String(input.year), xong: `${input.areaKind}:${input.areaCode}` })}`, 303);
}

const FIGURE_LABELS = { householdsToRegister: "targets.register", householdsToVerify: "targets.verify", productsToList: "targets.list" } as const;

export default function AreaTargets() {
  const { t } = useTranslation("dashboard");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? data.form;
  const errors: Partial<Record<TargetField, string>> = actionData?.errors ?? {};
  const err = (field: TargetField) => (errors[field] ? [errors[field]!] : null);
  // A new key per reply, so the inputs show what came back rather than what React kept.
  const formKey = actionData ? JSON.stringify(actionData.values) : `${values.areaKind}:${values.areaCode}:${values.year}`;
  return (
    <section className="account-page targets-admin">
      <h1>{t("targets.admin.title")}</h1>
      <p>{t("targets.admin.intro")}</p>
      {data.done ? <FormNotice>{t("targets.admin.saved", data.done)}</FormNotice> : null}

      <h2>{t("targets.admin.formTitle")}</h2>
      <Form method="post" className="form" key={formKey} noValidate>
        {actionData?.formError ? <FormError errors={[actionData.formError]} /> : null}
        <SelectField
          label={t("targets.admin.kind")}
          errors={err("areaKind")}
          selectProps={{ id: "areaKind", name: "areaKind", defaultValue: values.areaKind }}
          options={TARGET_AREA_KINDS.map((k) => ({ value: k, label: t(`targets.kinds.${k}`) }))}
        />
        <Field
          label={t("targets.admin.code")}
          hint={t("targets.admin.codeHint")}
          errors={err("areaCode")}
          inputProps={{ id: "areaCode", name: "areaCode", defaultValue: values.areaCode, inputMode: "numeric", autoComplete: "off" }}
        />
        <Field
          label={t("targets.admin.year")}
          errors={err("year")}
          inputProps={{ id: "year", name: "year", defaultValue: values.year, inputMode: "numeric" }}
        />
        {TARGET_FIGURES.map((f) => (
          <Field key={f} label={t(FIGURE_LABELS[f])} errors={err(f)} inputProps={{ id: f, name: f, defaultValue: values[f], inputMode: "numeric" }} />
        ))}
        <SubmitButton className="button">{t("targets.admin.save")}</SubmitButton>
      </Form>

      <h2>{t("targets.admin.listTitle", { year: data.year })}</h2>
      <Form method="get" className="dashboard-filters">
        <label>
          {t("targets.admin.showYear")}
          <input type="number" name="nam" min={2020} max={2100} defaultValue={data.year} inputMode="numeric" />
        </label>
        <button type="submit" className="button">
          {t("targets.show")}
        </button>
      </Form>
      {data.targets.length === 0 ? (
        <p>{t("targets.admin.none")}</p>
      ) : (
        <ScrollRegion label={t("targets.admin.listTitle", { year: data.year })}>
          <table className="dashboard-table" data-testid="targets-admin-table">
            <thead>
              <tr>
                <th scope="col">{t("targets.area")}</th>
                {TARGET_FIGURES.map((f) => (
                  <th key={f} scope="col" className="num">
                    {t(FIGURE_LABELS[f])}
                  </th>
                ))}
                <th scope="col">{t("targets.admin.setBy")}</th>
                <th scope="col">{t("targets.admin.updatedAt")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("targets.admin.edit")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.targets.map((row) => (
                <tr key={`${row.areaKind}:${row.areaCode}`}>
                  <th scope="row">
                    {row.name}
                    <span className="context">
                      {t(`targets.kinds.${row.areaKind}`)} · {row.areaCode}
                      {row.context ? ` · ${row.context}` : ""}
                    </span>
                  </th>
                  {row.numbers.map((v, i) => (
                    <td key={TARGET_FIGURES[i]} className="num">
                      {v ?? t("targets.notSet")}
                    </td>
                  ))}
                  <td>{row.setBy}</td>
                  <td>{row.updatedAt}</td>
                  <td>
                    <Link to={`/quan-tri/chi-tieu?${new URLSearchParams({ nam: String(data.year), sua: `${row.areaKind}:${row.areaCode}` })}`}>
                      {t("targets.admin.edit")}
                    </Link>
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
