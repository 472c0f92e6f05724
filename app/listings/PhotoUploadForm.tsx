import { Form, useLocation, useMatches } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { MAX_PHOTOS, MAX_UPLOAD_BYTES } from "./options";
import { slowLinkHint } from "./photo-size";
import { uploadUrl, type UploadTexts } from "./upload-progress";

/**
 * The listing's photo upload form, rendered on the server. Without JavaScript: a plain multipart
 * POST, with the size limit and how long a large photo takes on a weak link. The photos island
 * (data-photo-upload) shrinks each photo on the phone and sends it on its own with a progress bar,
 * retries when the network comes back; it reads its texts and address from the attributes here.
 */
export function PhotoUploadForm({ uploadErrors }: { uploadErrors: string[] }) {
  const { t } = useTranslation("listings");
  const location = useLocation();
  const matches = useMatches();
  const hint = slowLinkHint(MAX_UPLOAD_BYTES);
  // Placeholders the island fills per photo.
  const texts: UploadTexts = {
    shrinking: t("photos.shrinking", { name: "{name}" }),
    uploading: t("photos.uploadingPercent", { name: "{name}", percent: "{percent}" }),
    retrying: t("photos.retrying", { name: "{name}" }),
    done: "✓ {name}",
    error: t("photos.fileError", { name: "{name}", message: "{message}" }),
    progress: t("photos.progress", { name: "{name}" }),
    retry: t("photos.retry"),
    uploadFailed: t("photos.errors.uploadFailed"),
  };
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      className="form"
      data-photo-upload=""
      data-upload-url={uploadUrl(location.pathname, location.search, matches[matches.length - 1].id)}
      data-texts={JSON.stringify(texts)}
    >
      <input type="hidden" name="intent" value="upload" />
      {uploadErrors.length ? (
        <div className="alert alert-error" role="alert">
          {uploadErrors.map((e) => (
            <p key={e}>{e}</p>
          ))}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="photos">{t("photos.choose")}</label>
        <p id="photos-hint" className="field-hint">
          {t("photos.hint", { max: MAX_PHOTOS, mb: hint.limitMb })}{" "}
          <span data-photo-hint="" data-shrink-note={t("photos.shrinkNote")}>
            {t("photos.slowLink", { ...hint })}
          </span>
        </p>
        <input id="photos" name="photos" type="file" accept="image/*" multiple aria-describedby="photos-hint" />
      </div>
      <button type="submit" className="button button-block">
        {t("photos.upload")}
      </button>
    </Form>
  );
}
