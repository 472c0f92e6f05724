import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/accounts/forms.server";
import { allows, requireAllowed } from "~/accounts/access.server";
import { officerAreas } from "~/addresses/areas.server";
import { Field, SelectField } from "~/components/ui/Field";
import { ToggleLinks } from "~/components/ui/ToggleLinks";
import { BulkActOnLink, BulkFilterFields } from "~/households/BulkActOn";
import { householdStageCounts, listHouseholdsForOfficer, officerCommuneChoices } from "~/households/officer-list.server";
import { HOUSEHOLD_STAGES, OFFICER_LIST_PARAMS, YES_NO, officerListHref, parseOfficerListQuery, type OfficerListQuery } from "~/households/schemas";
import { formatDate, formatNumber } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useLocale } from "~/i18n/use-locale";
import { db } from "~/lib/db.server";
import { formatPhone } from "~/lib/phone";

export const handle = { i18n: ["common", "households"] };

/**
 * /can-bo — households of the officer's areas (administrators: all). One GET form: commune (the
 * officer's own communes only), funnel stage, has listings, has sales and a search box; the
 * filters live in the URL, so the page works without JavaScript and a filtered list can be shared.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAllowed(request, "useOfficerWorkspace");
  const locale = await getLocale(request);
  const query = parseOfficerListQuery(new URL(request.url).searchParams);
  const communes = officerCommuneChoices(db(), user);
  // A commune outside the officer's areas is dropped, not searched (it would only ever be empty).
  if (query.communeCode && !communes.some((c) => c.code === query.communeCode)) query.communeCode = null;
  const filters = { communeCode: query.communeCode, hasListings: query.hasListings, hasSales: query.hasSales, q: query.q, hamlet: query.hamlet, batchId: query.batchId };
  const list = listHouseholdsForOfficer(db(), user, { ...filters, stage: query.stage, page: query.page });
  return json({
    title: await pageTitle(request, "households:officer.title"),
    isAdmin: allows(user, "administer"),
    areas: allows(user, "administer") ? [] : officerAreas(db(), user.id).map((a) => a.name),
    communes,
    query: { ...query, page: list.page },
    /** the stage filter, kept under its old name */
    status: query.stage,
    counts: householdStageCounts(db(), user, filters),
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
    rows: list.rows.map((r) => ({
      id: r.id,
      displayName: r.displayName,
      representativeName: r.representativeName,
      phone: formatPhone(r.phone),
      status: r.status,
      listed: r.listed,
      sold: r.sold,
      communeName: r.communeName,
      cmnd: r.nationalIdKind === "cmnd",
      hasOwner: r.hasOwner,
      created: formatDate(r.createdAt, locale),
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const yesNoValue = (value: boolean | null) => (value === true ? YES_NO.yes : value === false ? YES_NO.no : "");

export default function OfficerHouseholds() {
  const { t } = useTranslation("households");
  const data = useLoaderData<typeof loader>();
  const locale = useLocale();
  const query: OfficerListQuery = data.query;
  const noAreas = !data.isAdmin && data.areas.length === 0;
  const filtered = Boolean(query.q || query.communeCode || query.stage || query.hasListings !== null || query.hasSales !== null || query.hamlet || query.batchId);
  const yesNoOptions = [
    { value: "", label: t("officer.filters.any") },
    { value: YES_NO.yes, label: t("officer.filters.yes") },
    { value: YES_NO.no, label: t("officer.filters.no") },
  ];
  return (
    <section>
      <h1>{t("officer.title")}</h1>
      <p className="muted">{data.isAdmin ? t("officer.allAreas") : noAreas ? t("officer.noAreas") : t("officer.areas", { areas: data.areas.join(", ") })}</p>
      {noAreas ? null : (
        <p>
          <Link to="/can-bo/ho/moi" className="button">
            {t("officer.registerLink")}
          </Link>
        </p>
      )}

      <Form method="get" action="/can-bo" role="search" aria-label={t("officer.filters.title")} className="form" style={{ maxWidth: "none" }}>
        <div style={{ display: "grid", gap: "0 1rem", gridTemplateColumns: "repeat(auto-fit, minmax(min(12rem, 100%), 1fr))" }}>
          <Field
            label={t("officer.filters.search")}
            hint={t("officer.filters.searchHint")}
            inputProps={{ id: "officer-q", name: OFFICER_LIST_PARAMS.q, type: "search", defaultValue: query.q ?? "", maxLength: 100 }}
          />
          <SelectField
            label={t("officer.filters.commune")}
            selectProps={{ id: "officer-commune", name: OFFICER_LIST_PARAMS.commune, defaultValue: query.communeCode ?? "" }}
            options={[{ value: "", label: t("officer.filters.allCommunes") }, ...data.communes.map((c) => ({ value: c.code, label: c.name }))]}
          />
          <SelectField
            label={t("officer.filters.stage")}
            selectProps={{ id: "officer-stage", name: OFFICER_LIST_PARAMS.stage, defaultValue: query.stage ?? "" }}
            options={[
              { value: "", label: t("officer.all") },
              ...HOUSEHOLD_STAGES.map((s) => ({ value: s, label: `${t(`officer.stages.${s}`)} (${data.counts[s]})` })),
            ]}
          />
          <SelectField
            label={t("officer.filters.hasListings")}
            selectProps={{ id: "officer-listings", name: OFFICER_LIST_PARAMS.hasListings, defaultValue: yesNoValue(query.hasListings) }}
            options={yesNoOptions}
          />
          <SelectField
            label={t("officer.filters.hasSales")}
            selectProps={{ id: "officer-sales", name: OFFICER_LIST_PARAMS.hasSales, defaultValue: yesNoValue(query.hasSales) }}
            options={yesNoOptions}
          />
          <BulkFilterFields query={query} />
        </div>
        <p style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem 1rem", alignItems: "center" }}>
          <button type="submit" className="button">
            {t("officer.filters.apply")}
          </button>
          {filtered ? <Link to="/can-bo">{t("officer.filters.clear")}</Link> : null}
        </p>
      </Form>

      <ToggleLinks
        label={t("officer.filter")}
        current={query.stage ?? "all"}
        options={[
          { key: "all", to: officerListHref({ ...query, stage: null, page: 1 }), text: t("officer.all") },
          ...HOUSEHOLD_STAGES.map((s) => ({
            key: s,
            to: officerListHref({ ...query, stage: s, page: 1 }),
            text: `${t(`officer.stages.${s}`)} (${formatNumber(data.counts[s], locale)})`,
          })),
        ]}
      />

      <p role="status">{t("officer.count", { count: data.total })}</p>
      <BulkActOnLink query={query} total={data.total} />
      {data.rows.length === 0 ? <p>{filtered ? t("officer.emptyFiltered") : t("officer.empty")}</p> : null}
      <ul className="cards" style={{ listStyle: "none", padding: 0 }}>
        {data.rows.map((r) => (
          <li key={r.id} className="card">
            <h2 style={{ fontSize: "1.1rem", margin: 0 }}>
              <Link to={`/can-bo/ho/${r.id}`}>{r.displayName}</Link>
            </h2>
            <p style={{ margin: "0.25rem 0" }}>
              {r.representativeName} · {r.phone}
            </p>
            <p className="muted" style={{ margin: 0 }}>
              {r.communeName} · {t(`statuses.${r.status}`)}
              {r.listed ? ` · ${t("officer.stages.listed")}` : null}
              {r.sold ? ` · ${t("officer.stages.sold")}` : null} · {t("officer.registeredOn", { date: r.created })}
              {r.hasOwner ? null : ` · ${t("officer.noOwner")}`}
              {r.cmnd ? ` · ${t("cmndFlag")}` : null}
            </p>
          </li>
        ))}
      </ul>

      {data.pageCount > 1 ? (
        <nav aria-label={t("officer.page", { page: data.page, pages: data.pageCount })}>
          <p>
            {data.page > 1 ? <Link to={officerListHref({ ...query, page: data.page - 1 })}>{t("officer.previous")}</Link> : null}{" "}
            {t("officer.page", { page: data.page, pages: data.pageCount })}{" "}
            {data.page < data.pageCount ? <Link to={officerListHref({ ...query, page: data.page + 1 })}>{t("officer.next")}</Link> : null}
          </p>
        </nav>
      ) : null}
    </section>
  );
}
