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
import { correctObservation, findObservations, withdrawObservation } from "~/prices/admin.server";
import { Field, PriceAdminLinks, replyFor, type AdminFormReply } from "~/prices/admin-ui";
import { getCommodityBySlug, getMarketBySlug, listCommodities, listMarkets } from "~/prices/catalog.server";
import { parseDate } from "~/prices/import.server";
import { DemoBadge, usePerUnit } from "~/prices/ui";

export const handle = { i18n: ["common", "prices"] };

const DONE = ["corrected", "withdrawn"] as const;

/** /quan-tri/gia — find a reported price and correct or withdraw it (administrators). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAllowed(request, "managePrices");
  const search = new URL(request.url).searchParams;
  const commodity = getCommodityBySlug(db(), search.get("mat-hang") ?? "");
  const market = getMarketBySlug(db(), search.get("cho") ?? "");
  const date = parseDate(search.get("ngay") ?? "") ?? null;
  const done = search.get("xong");
  return json({
    title: await pageTitle(request, "prices:admin.observations.title"),
    done: DONE.find((d) => d === done) ?? null,
    filter: {
      commodity: commodity?.slug ?? "",
      market: market?.slug ?? "",
      date: date ?? "",
    },
    commodities: listCommodities(db()).map((c) => ({
      slug: c.slug,
      name: c.nameVi,
    })),
    markets: listMarkets(db()).map((m) => ({ slug: m.slug, name: m.name })),
    rows: findObservations(db(), {
      commodityId: commodity?.id ?? null,
      marketId: market?.id ?? null,
      date,
    }),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAllowed(request, "managePrices");
  const values = formValues(await request.formData());
  // Back to the same search after the change.
  const back = new URL(request.url).search;
  const done = (what: string) => `/quan-tri/gia${back ? `${back}&` : "?"}xong=${what}`;
  try {
    if (values.intent === "correct") {
      correctObservation(db(), admin, Number(values.id), {
        min: values.min ?? "",
        avg: values.avg ?? "",
        max: values.max ?? "",
      });
      return redirect(done("corrected"), 303);
    }
    if (values.intent === "withdraw") {
      withdrawObservation(db(), admin, Number(values.id));
      return redirect(done("withdrawn"), 303);
    }
    return json({ ok: false as const, errors: { form: null, fields: {} }, values }, { status: 400 });
  } catch (error) {
    return formError(request, error, values);
  }
}

export default function ObservationAdmin() {
  const { t } = useTranslation("prices");
  const perUnit = usePerUnit();
  const { rows, filter, commodities, markets, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as AdminFormReply | undefined;
  const query = new URLSearchParams(
    Object.entries({
      "mat-hang": filter.commodity,
      cho: filter.market,
      ngay: filter.date,
    }).filter(([, v]) => v)
  ).toString();
  const actionUrl = `/quan-tri/gia${query ? `?${query}` : ""}`;
  return (
    <section>
      <h1>{t("admin.observations.title")}</h1>
      <PriceAdminLinks />
      <p>{t("admin.observations.intro")}</p>
      {done ? <FormNotice>{t(`admin.done.${done}`)}</FormNotice> : null}
      <Form method="get" className="filters">
        <Field label={t("admin.fields.commodity")} name="mat-hang">
          <select id="mat-hang" name="mat-hang" defaultValue={filter.commodity}>
            <option value="">{t("admin.observations.any")}</option>
            {commodities.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("admin.fields.market")} name="cho">
          <select id="cho" name="cho" defaultValue={filter.market}>
            <option value="">{t("admin.observations.any")}</option>
            {markets.map((m) => (
              <option key={m.slug} value={m.slug}>
                {m.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("admin.fields.date")} name="ngay">
          <input id="ngay" name="ngay" defaultValue={filter.date} inputMode="numeric" placeholder="2026-05-31" />
        </Field>
        <button type="submit" className="button button-secondary">
          {t("admin.observations.find")}
        </button>
      </Form>
      {rows.length === 0 ? <p>{t("admin.observations.none")}</p> : <p className="muted">{t("admin.observations.showing", { count: rows.length })}</p>}
      <ul className="admin-list">
        {rows.map((r) => {
          const mine = replyFor(reply, "correct", r.id);
          return (
            <li key={r.id} id={`price-${r.id}`}>
              <p>
                <strong>{r.commodity}</strong> · {r.market} · {r.date} · {t(`priceTypes.${r.priceType as "wholesale"}`)} · {r.source}
                {r.grade ? ` (${r.grade})` : ""} · {perUnit(r.avgVnd, r.unit)}
                {r.isDemo ? <DemoBadge /> : null}
                {r.withdrawn ? <strong>{` · ${t("admin.observations.withdrawn")}`}</strong> : null}
              </p>
              <Form method="post" action={actionUrl} noValidate aria-label={`${t("admin.observations.correct")} #${r.id}`}>
                <input type="hidden" name="intent" value="correct" />
                <input type="hidden" name="id" value={r.id} />
                <FormError errors={mine?.errors.form ? [mine.errors.form] : null} />
                {(["min", "avg", "max"] as const).map((f) => (
                  <Field key={f} label={t(`admin.fields.${f}`)} name={`${f}-${r.id}`} error={mine?.errors.fields[f]}>
                    <input id={`${f}-${r.id}`} name={f} inputMode="numeric" defaultValue={mine?.values[f] ?? String(r[`${f}Vnd`])} />
                  </Field>
                ))}
                <SubmitButton intent="correct" className="button button-secondary">
                  {t("admin.observations.correct")}
                </SubmitButton>
              </Form>
              {r.withdrawn ? null : (
                <Form method="post" action={actionUrl}>
                  <input type="hidden" name="intent" value="withdraw" />
                  <input type="hidden" name="id" value={r.id} />
                  <SubmitButton intent="withdraw" className="button button-secondary">
                    {t("admin.observations.withdraw")}
                  </SubmitButton>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
