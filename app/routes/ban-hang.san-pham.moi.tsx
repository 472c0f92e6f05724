import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle, replyWithError } from "~/accounts/forms.server";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { newListingScope } from "~/listings/draft";
import { ListingForm } from "~/listings/ListingForm";
import styles from "~/listings/listings.css";
import { createListing } from "~/listings/listings.server";
import { listingFormOptions, newListingDefaults, onBehalfQuery, sellerHouseholdFor } from "~/listings/pages.server";
import { ListingFormSchema, listingInputFromForm } from "~/listings/schema";

export const handle = { i18n: ["common", "listings"], islands: ["listing-form"] };
// The form's layout and the unit-weight field's rule, as on the edit page.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

/** A new listing, saved as a draft; photos and publishing follow on its edit page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { household, onBehalf } = await sellerHouseholdFor(request);
  const url = new URL(request.url);
  return json({
    title: await pageTitle(request, "listings:new.title"),
    wizardStep: url.searchParams.get("buoc") === "3",
    householdName: household.displayName,
    onBehalf,
    back: `/ban-hang/san-pham${onBehalfQuery(household, onBehalf)}`,
    options: listingFormOptions(db(), household, await getLocale(request)),
    defaults: newListingDefaults(household),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request }: ActionFunctionArgs) {
  const { user, household, onBehalf } = await sellerHouseholdFor(request);
  const submission = parseWithZod(await request.formData(), { schema: ListingFormSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  try {
    const listing = createListing(db(), user, household.id, listingInputFromForm(submission.value));
    const query = new URLSearchParams({ moi: "1" });
    if (onBehalf) query.set("ho", String(household.id));
    return redirect(`/ban-hang/san-pham/${listing.id}?${query}`);
  } catch (error) {
    return replyWithError(request, submission, error);
  }
}

export default function NewListing() {
  const { t } = useTranslation("listings");
  const { wizardStep, householdName, onBehalf, back, options, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <section className="account-page">
      {wizardStep ? <p className="muted">{t("new.step")}</p> : null}
      <h1>{t("new.title")}</h1>
      {onBehalf ? <p className="alert alert-ok">{t("new.onBehalf", { name: householdName })}</p> : null}
      <p>{t("new.intro")}</p>
      <ListingForm
        id="listing-new"
        lastResult={actionData?.result}
        defaultValue={defaults}
        commodities={options.commodities}
        communes={options.communes}
        provinceName={options.provinceName}
        submitLabel={t("new.submit")}
        draft={{ scope: newListingScope(searchParams.get("ho")) }}
      />
      <p>
        <Link to={back}>{t("edit.backToList")}</Link>
      </p>
    </section>
  );
}
