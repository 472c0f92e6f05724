import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { Field } from "~/components/ui/Field";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { canPublish } from "~/households/records.server";
import { formatMoney } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { forbidden, notFound } from "~/lib/errors";
import { getListing, listingsOfHousehold, updatePriceAndStock } from "~/listings/listings.server";
import styles from "~/listings/listings.css";
import { onBehalfQuery, sellerHouseholdFor } from "~/listings/pages.server";
import { photoUrl } from "~/listings/photo-urls";
import { QuickEditSchema } from "~/listings/schema";
import { VALIDATE_ON_SUBMIT } from "~/components/ui/validation";

export const handle = { i18n: ["common", "listings"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** The seller's listings with status, stock and cover, and a quick price/stock edit per row. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { household, onBehalf } = await sellerHouseholdFor(request);
  const savedId = Number(new URL(request.url).searchParams.get("luu"));
  const rows = listingsOfHousehold(db(), household.id);
  const saved = rows.find((r) => r.id === savedId);
  return json({
    title: await pageTitle(request, "listings:list.title"),
    locale: await getLocale(request),
    householdName: household.displayName,
    onBehalf,
    query: onBehalfQuery(household, onBehalf),
    verified: canPublish(household),
    saved: saved ? saved.title : null,
    rows,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const { user, household, onBehalf } = await sellerHouseholdFor(request);
  const submission = parseWithZod(await request.formData(), { schema: QuickEditSchema });
  const listingId = Number(submission.payload.listingId);
  if (submission.status !== "success") return json({ listingId, result: submission.reply() }, { status: 400 });
  try {
    // This page edits this household's listings only: another id in the form is refused.
    const listing = getListing(db(), submission.value.listingId);
    if (!listing) throw notFound();
    if (listing.householdId !== household.id) throw forbidden();
    updatePriceAndStock(db(), user, listing.id, { priceVnd: submission.value.price, stock: submission.value.stock });
    const query = new URLSearchParams({ luu: String(listing.id) });
    if (onBehalf) query.set("ho", String(household.id));
    return redirect(`/ban-hang/san-pham?${query}#listing-${listing.id}`);
  } catch (error) {
    return replyWithError(request, submission, error, { extra: { listingId } });
  }
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

function QuickEdit({ row, lastResult }: { row: Row; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation("listings");
  const { t: tc } = useTranslation("common");
  const unit = tc(`units.${row.unit}`);
  const [form, fields] = useForm({
    id: `quick-${row.id}`,
    lastResult,
    defaultValue: { listingId: String(row.id), price: String(row.priceVnd), stock: String(row.stock) },
    constraint: getZodConstraint(QuickEditSchema),
    ...VALIDATE_ON_SUBMIT,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: QuickEditSchema }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="quick-edit" aria-label={t("list.quickSave")}>
      <input type="hidden" name="listingId" value={row.id} />
      <FormError id={form.errorId} errors={form.errors} />
      <Field
        label={t("list.quickPrice", { unit })}
        errors={fields.price.errors}
        inputProps={{ ...getInputProps(fields.price, { type: "text" }), inputMode: "numeric", autoComplete: "off" }}
      />
      <Field
        label={t("list.quickStock", { unit })}
        errors={fields.stock.errors}
        inputProps={{ ...getInputProps(fields.stock, { type: "text" }), inputMode: "numeric", autoComplete: "off" }}
      />
      <SubmitButton className="button button-secondary">{t("list.quickSave")}</SubmitButton>
    </Form>
  );
}

export default function MyListings() {
  const { t } = useTranslation("listings");
  const { t: tc } = useTranslation("common");
  const { locale, householdName, onBehalf, query, verified, saved, rows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section>
      <h1>{onBehalf ? t("list.titleFor", { name: householdName }) : t("list.title")}</h1>
      {saved ? <FormNotice>{t("list.saved", { title: saved })}</FormNotice> : null}
      {!verified ? <p className="alert alert-ok">{t("list.notVerified")}</p> : null}
      <p>
        <Link to={`/ban-hang/san-pham/moi${query}`} className="button button-block">
          {t("list.new")}
        </Link>
      </p>
      {rows.length === 0 ? <p>{t("list.empty")}</p> : null}
      <ul className="seller-listings">
        {rows.map((row) => (
          <li key={row.id} id={`listing-${row.id}`} className="seller-listing">
            <div className="seller-listing-head">
              {row.coverHash ? (
                <img className="thumb" src={photoUrl(row.coverHash, 320)} width={64} height={64} alt="" loading="lazy" decoding="async" />
              ) : (
                <span className="thumb thumb-empty">{t("list.noPhoto")}</span>
              )}
              <div>
                <h2>
                  <Link to={`/ban-hang/san-pham/${row.id}${query}`}>{row.title}</Link>
                </h2>
                <p className="muted" style={{ margin: 0 }}>
                  <span className={`status-badge status-${row.status}`}>{t(`statuses.${row.status}`)}</span>{" "}
                  {formatMoney(row.priceVnd, locale)}/{tc(`units.${row.unit}`)} · {t("list.stockShort")} {row.stock}
                </p>
              </div>
            </div>
            {row.status !== "archived" ? (
              <QuickEdit row={row} lastResult={actionData && actionData.listingId === row.id ? actionData.result : undefined} />
            ) : null}
          </li>
        ))}
      </ul>
      <p>
        <Link to={onBehalf ? "/can-bo" : "/ban-hang"}>{t("list.backToDashboard")}</Link>
      </p>
    </section>
  );
}
