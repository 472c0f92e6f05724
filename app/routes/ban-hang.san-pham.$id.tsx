import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { errorText, pageTitle, replyWithError } from "~/accounts/forms.server";
import { FormError, FormNotice } from "~/components/ui/FormError";
import { canPublish } from "~/households/records.server";
import { formatDateTime } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { db } from "~/lib/db.server";
import { translate } from "~/listings/actions.server";
import { newListingScope } from "~/listings/draft";
import { ListingForm } from "~/listings/ListingForm";
import { listListingEvents, requireSellerOf, setListingStatus, updateListing } from "~/listings/listings.server";
import styles from "~/listings/listings.css";
import { listingDefaults, listingFormOptions } from "~/listings/pages.server";
import { PhotoManager } from "~/listings/PhotoManager";
import { addPhoto, listPhotos, movePhoto, removePhoto, setCover } from "~/listings/photos.server";
import { ListingFormSchema, listingInputFromForm, StatusFormSchema } from "~/listings/schema";
import { STATUS_TRANSITIONS } from "~/listings/status";
import { isMultipart, readPhotoUpload } from "~/listings/upload.server";
import { PriceHint } from "~/components/PriceHint";
import { listingPriceHint } from "~/prices/hint.server";

export const handle = { i18n: ["common", "listings", "prices"], islands: ["listing-form", "photos"] };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

const NOTICES = ["moi", "luu", "trang-thai", "anh"] as const;

/** Edit a listing: details, photos, status. For its owner, officers of its area and administrators. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { listing, household, onBehalf } = await requireSellerOf(request, Number(params.id));
  const locale = await getLocale(request);
  const url = new URL(request.url);
  const notice = NOTICES.find((n) => url.searchParams.has(n)) ?? null;
  return json({
    title: await pageTitle(request, "listings:edit.title"),
    locale,
    listing: { id: listing.id, title: listing.title, status: listing.status, stock: listing.stock },
    householdName: household.displayName,
    onBehalf,
    query: onBehalf ? `?ho=${household.id}` : "",
    canPublish: canPublish(household),
    nextStatuses: STATUS_TRANSITIONS[listing.status],
    notice,
    photosUploaded: Number(url.searchParams.get("anh")) || 0,
    photos: listPhotos(db(), listing.id).map((p) => ({
      id: p.id,
      position: p.position,
      status: p.status,
      hash: p.hash,
      width: p.width,
      height: p.height,
      error: p.error,
    })),
    options: listingFormOptions(db(), household, locale),
    // The recent market band for the chosen commodity: a hint beside the price, never a limit.
    priceHint: listingPriceHint(db(), listing.commodityId, listing.unit),
    defaults: listingDefaults(listing),
    events: listListingEvents(db(), listing.id, 10).map((e) => ({ id: e.id, action: e.action, onBehalf: e.onBehalf, at: e.at.getTime() })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.listing.title} — ${data.title}` : undefined }];

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, listing, household, onBehalf } = await requireSellerOf(request, Number(params.id));
  // Back to this page (with a notice), keeping an officer's ?ho= context.
  const here = (notice: Record<string, string> = {}) => {
    const query = new URLSearchParams(notice);
    if (onBehalf) query.set("ho", String(household.id));
    const search = query.toString();
    return `/ban-hang/san-pham/${listing.id}${search ? `?${search}` : ""}`;
  };

  if (isMultipart(request)) {
    const upload = await readPhotoUpload(request);
    const errors: string[] = [];
    // The page's script sends one photo per request and names it itself (by the name the farmer chose):
    // naming it here too showed the name twice.
    const js = upload.fields.client === "js";
    const label = async (name: string, message: string) => (js ? message : translate(request, "listings:photos.fileError", { name, message }));
    for (const name of upload.oversized) errors.push(await label(name, await translate(request, "listings:photos.errors.tooLarge", { mb: 15 })));
    if (upload.files.length === 0 && upload.oversized.length === 0) errors.push(await translate(request, "listings:photos.errors.noFile"));
    let uploaded = 0;
    for (const file of upload.files) {
      try {
        await addPhoto(db(), user, listing.id, file.data);
        uploaded += 1;
      } catch (error) {
        errors.push(await label(file.name, (await errorText(request, error)).message));
      }
    }
    // The page's script sends one photo per request and reads this answer.
    if (js) return json({ intent: "upload" as const, uploaded, errors }, { status: errors.length && !uploaded ? 400 : 200 });
    if (errors.length === 0) return redirect(`${here({ anh: String(uploaded) })}#anh`);
    return json({ intent: "upload" as const, uploaded, errors }, { status: 400 });
  }

  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "details") {
    const submission = parseWithZod(formData, { schema: ListingFormSchema });
    if (submission.status !== "success") return json({ intent: "details" as const, result: submission.reply() }, { status: 400 });
    try {
      updateListing(db(), user, listing.id, listingInputFromForm(submission.value));
      return redirect(here({ luu: "1" }));
    } catch (error) {
      return replyWithError(request, submission, error, { extra: { intent: "details" as const } });
    }
  }
  try {
    if (intent === "status") {
      const submission = parseWithZod(formData, { schema: StatusFormSchema });
      if (submission.status !== "success") return json({ intent: "status" as const, errors: [await translate(request, "listings:errors.statusInvalid")] }, { status: 400 });
      const updated = setListingStatus(db(), user, listing.id, submission.value.status);
      return redirect(here({ "trang-thai": updated.status }));
    }
    const photoId = Number(formData.get("photoId"));
    if (intent === "cover") setCover(db(), user, listing.id, photoId);
    else if (intent === "earlier") movePhoto(db(), user, listing.id, photoId, -1);
    else if (intent === "later") movePhoto(db(), user, listing.id, photoId, 1);
    else if (intent === "delete") removePhoto(db(), user, listing.id, photoId);
    else return json({ intent: "status" as const, errors: [await translate(request, "common:errors.badRequestTitle")] }, { status: 400 });
    return redirect(`${here()}#anh`);
  } catch (error) {
    const { message, status } = await errorText(request, error);
    return json({ intent: intent === "status" ? ("status" as const) : ("upload" as const), errors: [message] }, { status });
  }
}

export default function EditListing() {
  const { t } = useTranslation("listings");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { listing, locale, onBehalf, householdName, query, notice } = data;
  const statusErrors = actionData && actionData.intent === "status" && "errors" in actionData ? actionData.errors : [];
  const uploadErrors = actionData && actionData.intent === "upload" && "errors" in actionData ? actionData.errors : [];
  return (
    <section className="account-page listing-edit">
      <p>
        <Link to={`/ban-hang/san-pham${query}`}>← {t("edit.backToList")}</Link>
      </p>
      <h1>{listing.title}</h1>
      <p>
        <span className={`status-badge status-${listing.status}`}>{t("edit.status", { status: t(`statuses.${listing.status}`) })}</span>
      </p>
      {onBehalf ? <p className="alert alert-ok">{t("edit.onBehalf", { name: householdName })}</p> : null}
      {notice === "moi" ? <FormNotice>{t("edit.created")}</FormNotice> : null}
      {notice === "luu" ? <FormNotice>{t("edit.saved")}</FormNotice> : null}
      {notice === "trang-thai" ? <FormNotice>{t("edit.statusChanged", { status: t(`statuses.${listing.status}`) })}</FormNotice> : null}
      {notice === "anh" && data.photosUploaded > 0 ? <FormNotice>{t("photos.uploaded", { count: data.photosUploaded })}</FormNotice> : null}

      <h2>{t("edit.statusHeading")}</h2>
      <FormError errors={statusErrors} />
      {!data.canPublish && data.nextStatuses.includes("published") ? <p className="muted">{t("edit.publishNeedsVerification")}</p> : null}
      <Form method="post" className="status-buttons">
        <input type="hidden" name="intent" value="status" />
        {data.nextStatuses.map((status) => (
          <button
            key={status}
            type="submit"
            name="status"
            value={status}
            className={status === "published" ? "button" : "button button-secondary"}
            disabled={status === "published" && !data.canPublish}
          >
            {t(`statusActions.${status}`)}
          </button>
        ))}
      </Form>

      <PhotoManager title={listing.title} photos={data.photos} uploadErrors={uploadErrors} />

      <h2>{t("edit.detailsHeading")}</h2>
      {data.priceHint ? <PriceHint band={data.priceHint.band} commoditySlug={data.priceHint.commoditySlug} forSeller /> : null}
      <ListingForm
        id={`listing-${listing.id}`}
        intent="details"
        lastResult={actionData && actionData.intent === "details" ? actionData.result : undefined}
        defaultValue={data.defaults}
        commodities={data.options.commodities}
        communes={data.options.communes}
        provinceName={data.options.provinceName}
        submitLabel={t("edit.save")}
        draft={{
          scope: String(listing.id),
          saved: notice === "luu" || notice === "moi",
          clearScopes: notice === "moi" ? [newListingScope(searchParams.get("ho"))] : [],
        }}
      />

      {data.events.length ? (
        <>
          <h2>{t("edit.history")}</h2>
          <ul className="event-list">
            {data.events.map((e) => (
              <li key={e.id}>
                {formatDateTime(e.at, locale)} — {eventLabel(t, e.action)} {e.onBehalf ? t("edit.byOfficer") : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

const EVENT_KEYS = ["created", "updated", "price_stock", "photo_added", "photo_removed", "photos_reordered"] as const;

function eventLabel(t: ReturnType<typeof useTranslation<"listings">>["t"], action: string): string {
  if (action.startsWith("status:")) {
    const status = action.slice("status:".length) as keyof typeof STATUS_TRANSITIONS;
    return status in STATUS_TRANSITIONS ? `${t("events.other")}: ${t(`statuses.${status}`)}` : t("events.other");
  }
  return (EVENT_KEYS as readonly string[]).includes(action) ? t(`events.${action as (typeof EVENT_KEYS)[number]}`) : action;
}
