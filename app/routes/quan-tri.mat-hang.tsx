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
import { addCommodity, mergeCommodities, renameCommodity, ADMIN_CHOICES } from "~/prices/admin.server";
import { Field, PriceAdminLinks, replyFor, type AdminFormReply } from "~/prices/admin-ui";
import { listCommodities } from "~/prices/catalog.server";

export const handle = { i18n: ["common", "prices"] };

const DONE = ["added", "renamed", "merged"] as const;

/** /quan-tri/mat-hang — the commodity catalogue: add, rename, merge (administrators). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "managePrices");
  const done = new URL(request.url).searchParams.get("xong");
  return json({
    title: await pageTitle(request, "prices:admin.commodities.title"),
    done: DONE.find((d) => d === done) ?? null,
    choices: ADMIN_CHOICES,
    commodities: listCommodities(db()).map((c) => ({
      id: c.id,
      slug: c.slug,
      nameVi: c.nameVi,
      nameEn: c.nameEn,
      category: c.category,
      unit: c.defaultUnit,
      aliases: c.aliases.join(", "),
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAllowed(request, "managePrices");
  const form = await request.formData();
  const values = formValues(form);
  try {
    if (values.intent === "add") {
      addCommodity(db(), admin, {
        nameVi: values.nameVi ?? "",
        nameEn: values.nameEn ?? "",
        category: values.category ?? "",
        defaultUnit: values.defaultUnit ?? "",
      });
      return redirect("/quan-tri/mat-hang?xong=added", 303);
    }
    if (values.intent === "rename") {
      renameCommodity(db(), admin, Number(values.id), {
        nameVi: values.nameVi ?? "",
        nameEn: values.nameEn ?? "",
      });
      return redirect("/quan-tri/mat-hang?xong=renamed", 303);
    }
    if (values.intent === "merge") {
      mergeCommodities(db(), admin, Number(values.keepId), Number(values.mergeId));
      return redirect("/quan-tri/mat-hang?xong=merged", 303);
    }
    return json({ ok: false as const, errors: { form: null, fields: {} }, values }, { status: 400 });
  } catch (error) {
    return formError(request, error, values);
  }
}

export default function CommodityAdmin() {
  const { t } = useTranslation("prices");
  const { t: tc } = useTranslation("common");
  const { commodities, done, choices } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as AdminFormReply | undefined;
  const add = replyFor(reply, "add");
  const merge = replyFor(reply, "merge");
  return (
    <section>
      <h1>{t("admin.commodities.title")}</h1>
      <PriceAdminLinks />
      <p>{t("admin.commodities.intro")}</p>
      {done ? <FormNotice>{t(`admin.done.${done}`)}</FormNotice> : null}

      <h2>{t("admin.commodities.add")}</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="add" />
        <FormError errors={add?.errors.form ? [add.errors.form] : null} />
        <Field label={t("admin.fields.nameVi")} name="nameVi" error={add?.errors.fields.nameVi}>
          <input id="nameVi" name="nameVi" defaultValue={add?.values.nameVi} required />
        </Field>
        <Field label={t("admin.fields.nameEn")} name="nameEn" error={add?.errors.fields.nameEn}>
          <input id="nameEn" name="nameEn" defaultValue={add?.values.nameEn} required />
        </Field>
        <Field label={t("admin.fields.category")} name="category" error={add?.errors.fields.category}>
          <select id="category" name="category" defaultValue={add?.values.category ?? "fruit"}>
            {choices.categories.map((c) => (
              <option key={c} value={c}>
                {t(`categories.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("admin.fields.unit")} name="defaultUnit" error={add?.errors.fields.defaultUnit}>
          <select id="defaultUnit" name="defaultUnit" defaultValue={add?.values.defaultUnit ?? "kg"}>
            {choices.units.map((u) => (
              <option key={u} value={u}>
                {tc(`units.${u}`)}
              </option>
            ))}
          </select>
        </Field>
        <SubmitButton intent="add">{t("admin.commodities.add")}</SubmitButton>
      </Form>

      <h2>{t("admin.commodities.merge")}</h2>
      <p>{t("admin.commodities.mergeIntro")}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="merge" />
        <FormError errors={merge?.errors.form ? [merge.errors.form] : null} />
        <Field label={t("admin.fields.mergeFrom")} name="mergeId" error={merge?.errors.fields.mergeId}>
          <select id="mergeId" name="mergeId" defaultValue={merge?.values.mergeId}>
            {commodities.map((c) => (
              <option key={c.id} value={c.id}>{`${c.nameVi} (${c.slug})`}</option>
            ))}
          </select>
        </Field>
        <Field label={t("admin.fields.mergeInto")} name="keepId">
          <select id="keepId" name="keepId" defaultValue={merge?.values.keepId}>
            {commodities.map((c) => (
              <option key={c.id} value={c.id}>{`${c.nameVi} (${c.slug})`}</option>
            ))}
          </select>
        </Field>
        <SubmitButton intent="merge" className="button button-secondary button-block">
          {t("admin.commodities.merge")}
        </SubmitButton>
      </Form>

      <h2>{t("admin.commodities.list")}</h2>
      <ul className="admin-list">
        {commodities.map((c) => {
          const r = replyFor(reply, "rename", c.id);
          return (
            <li key={c.id} id={`commodity-${c.id}`}>
              <Form method="post" noValidate aria-label={t("admin.renameOf", { name: c.nameVi })}>
                <input type="hidden" name="intent" value="rename" />
                <input type="hidden" name="id" value={c.id} />
                <p>
                  <strong>{c.nameVi}</strong> · {c.nameEn} · <code>{c.slug}</code> · {t(`categories.${c.category as (typeof choices.categories)[number]}`)} ·{" "}
                  {tc(`units.${c.unit}` as `units.kg`)}
                  {c.aliases ? <span className="muted">{` · ${t("admin.fields.aliases")}: ${c.aliases}`}</span> : null}
                </p>
                <FormError errors={r?.errors.form ? [r.errors.form] : null} />
                <Field label={t("admin.fields.nameVi")} name={`nameVi-${c.id}`} error={r?.errors.fields.nameVi}>
                  <input id={`nameVi-${c.id}`} name="nameVi" defaultValue={r?.values.nameVi ?? c.nameVi} required />
                </Field>
                <Field label={t("admin.fields.nameEn")} name={`nameEn-${c.id}`} error={r?.errors.fields.nameEn}>
                  <input id={`nameEn-${c.id}`} name="nameEn" defaultValue={r?.values.nameEn ?? c.nameEn} required />
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
