import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAllowed } from "~/accounts/access.server";
import { pageTitle } from "~/accounts/forms.server";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { db } from "~/lib/db.server";
import { formError, formValues } from "~/orders/forms.server";
import { addMarket, mergeMarkets, renameMarket, ADMIN_CHOICES } from "~/prices/admin.server";
import { Field, PriceAdminLinks, replyFor, type AdminFormReply } from "~/prices/admin-ui";
import { listMarkets } from "~/prices/catalog.server";

export const handle = { i18n: ["common", "prices"] };

const DONE = ["added", "renamed", "merged"] as const;

/** /quan-tri/cho — the markets: add, rename, merge (administrators). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "managePrices");
  const done = new URL(request.url).searchParams.get("xong");
  return json({
    title: await pageTitle(request, "prices:admin.markets.title"),
    done: DONE.find((d) => d === done) ?? null,
    choices: ADMIN_CHOICES,
    markets: listMarkets(db()).map((m) => ({
      id: m.id,
      slug: m.slug,
      name: m.name,
      kind: m.kind,
      communeCode: m.communeCode,
      provinceName: m.provinceName,
      isDemo: m.isDemo,
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAllowed(request, "managePrices");
  const values = formValues(await request.formData());
  try {
    if (values.intent === "add") {
      addMarket(db(), admin, {
        name: values.name ?? "",
        kind: values.kind ?? "",
        communeCode: values.communeCode ?? "",
      });
      return redirect("/quan-tri/cho?xong=added", 303);
    }
    if (values.intent === "rename") {
      renameMarket(db(), admin, Number(values.id), { name: values.name ?? "" });
      return redirect("/quan-tri/cho?xong=renamed", 303);
    }
    if (values.intent === "merge") {
      mergeMarkets(db(), admin, Number(values.keepId), Number(values.mergeId));
      return redirect("/quan-tri/cho?xong=merged", 303);
    }
    return json({ ok: false as const, errors: { form: null, fields: {} }, values }, { status: 400 });
  } catch (error) {
    return formError(request, error, values);
  }
}

export default function MarketAdmin() {
  const { t } = useTranslation("prices");
  const { markets, done, choices } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as AdminFormReply | undefined;
  const add = replyFor(reply, "add");
  const merge = replyFor(reply, "merge");
  return (
    <section>
      <h1>{t("admin.markets.title")}</h1>
      <PriceAdminLinks />
      <p>{t("admin.markets.intro")}</p>
      {done ? <FormNotice>{t(`admin.done.${done}`)}</FormNotice> : null}

      <h2>{t("admin.markets.add")}</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="add" />
        <FormError errors={add?.errors.form ? [add.errors.form] : null} />
        <Field label={t("admin.fields.name")} name="name" error={add?.errors.fields.name}>
          <input id="name" name="name" defaultValue={add?.values.name} required />
        </Field>
        <Field label={t("admin.fields.kind")} name="kind" error={add?.errors.fields.kind}>
          <select id="kind" name="kind" defaultValue={add?.values.kind ?? "wholesale"}>
            {choices.marketKinds.map((k) => (
              <option key={k} value={k}>
                {t(`marketKinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("admin.fields.communeCode")} name="communeCode" error={add?.errors.fields.communeCode}>
          <input id="communeCode" name="communeCode" inputMode="numeric" defaultValue={add?.values.communeCode} />
        </Field>
        <SubmitButton intent="add">{t("admin.markets.add")}</SubmitButton>
      </Form>

      <h2>{t("admin.markets.merge")}</h2>
      <p>{t("admin.markets.mergeIntro")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="merge" />
        <FormError errors={merge?.errors.form ? [merge.errors.form] : null} />
        <Field label={t("admin.fields.mergeFrom")} name="mergeId" error={merge?.errors.fields.mergeId}>
          <select id="mergeId" name="mergeId" defaultValue={merge?.values.mergeId}>
            {markets.map((m) => (
              <option key={m.id} value={m.id}>{`${m.name} (${m.slug})`}</option>
            ))}
          </select>
        </Field>
        <Field label={t("admin.fields.mergeInto")} name="keepId">
          <select id="keepId" name="keepId" defaultValue={merge?.values.keepId}>
            {markets.map((m) => (
              <option key={m.id} value={m.id}>{`${m.name} (${m.slug})`}</option>
            ))}
          </select>
        </Field>
        <SubmitButton intent="merge" className="button button-secondary button-block">
          {t("admin.markets.merge")}
        </SubmitButton>
      </Form>

      <h2>{t("admin.markets.list")}</h2>
      <ul className="admin-list">
        {markets.map((m) => {
          const r = replyFor(reply, "rename", m.id);
          return (
            <li key={m.id} id={`market-${m.id}`}>
              <Form method="post" noValidate aria-label={t("admin.renameOf", { name: m.name })}>
                <input type="hidden" name="intent" value="rename" />
                <input type="hidden" name="id" value={m.id} />
                <p>
                  <strong>{m.name}</strong> · <code>{m.slug}</code> · {t(`marketKinds.${m.kind}`)}
                  {m.provinceName ? ` · ${m.provinceName}` : ""}
                  {m.communeCode ? ` · ${m.communeCode}` : ""}
                  {m.isDemo ? <span className="muted">{` · ${t("admin.markets.demo")}`}</span> : null}
                </p>
                <FormError errors={r?.errors.form ? [r.errors.form] : null} />
                <Field label={t("admin.fields.name")} name={`name-${m.id}`} error={r?.errors.fields.name}>
                  <input id={`name-${m.id}`} name="name" defaultValue={r?.values.name ?? m.name} required />
                </Field>
                <SubmitButton intent="rename" className="button button-secondary">
                  {t("admin.rename")}
                </SubmitButton>
              </Form>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
