import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { MAX_UPLOAD_BYTES } from "~/listings/options";
import { slowLinkHint } from "~/listings/photo-size";
import { shrinkInputFiles } from "~/listings/photo-upload.client";

/**
 * The complaint form's photo input. Without JavaScript it says the size limit and how long a large
 * photo takes on a weak link; with it, the chosen photos are shrunk on the phone (long side
 * ≤ 2,048 px) and put back in the input, so the form's own submit sends the small copies.
 */
export function ComplaintPhotoInput({ label }: { label: string }) {
  const { t } = useTranslation("complaints");
  const { t: tl } = useTranslation("listings");
  const [hydrated, setHydrated] = useState(false);
  const [shrinking, setShrinking] = useState(false);
  useEffect(() => setHydrated(true), []);
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
        aria-busy={shrinking || undefined}
        onChange={(e) => {
          const input = e.currentTarget;
          setShrinking(true);
          void shrinkInputFiles(input).finally(() => setShrinking(false));
        }}
      />
      <p className="hint" id="photos-help">
        {t("form.photosHelp")} {hydrated ? tl("photos.shrinkNote") : t("form.photosSlowLink", { ...hint })}
      </p>
      {shrinking ? <p role="status">{tl("photos.shrinkingAll")}</p> : null}
    </>
  );
}
