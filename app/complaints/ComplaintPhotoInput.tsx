import { useTranslation } from "react-i18next";
import { MAX_UPLOAD_BYTES } from "~/listings/options";
import { slowLinkHint } from "~/listings/photo-size";

/**
 * The complaint form's photo input, rendered on the server. Without JavaScript it says the size
 * limit and how long a large photo takes on a weak link; the photos island (data-photo-shrink)
 * shrinks the chosen photos on the phone (long side ≤ 2,048 px) and puts them back in the input,
 * so the form's own submit sends the small copies.
 */
export function ComplaintPhotoInput({ label }: { label: string }) {
  const { t } = useTranslation("complaints");
  const { t: tl } = useTranslation("listings");
  const hint = slowLinkHint(MAX_UPLOAD_BYTES);
  return (
    <>
      <label htmlFor="photos">{label}</label>
      <input
        id="photos"
        name="photos"
        type="file"
        accept="image/jpeg,image/png,image/webp"
        multiple
        aria-describedby="photos-help"
        data-photo-shrink=""
      />
      <p className="hint" id="photos-help">
        {t("form.photosHelp")}{" "}
        <span data-photo-hint="" data-shrink-note={tl("photos.shrinkNote")}>
          {t("form.photosSlowLink", { ...hint })}
        </span>{" "}
        {/* Filled by the island while it shrinks (a live region present from the start is announced). */}
        <span role="status" data-photo-shrinking="" data-text={tl("photos.shrinkingAll")} />
      </p>
    </>
  );
}
