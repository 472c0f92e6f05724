import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Picture } from "./Picture";
import { MAX_PHOTOS } from "./options";
import { PhotoUploadForm } from "./PhotoUploadForm";

interface PhotoView {
  id: number;
  position: number;
  status: "processing" | "ready" | "failed";
  hash: string | null;
  width: number | null;
  height: number | null;
  error: string | null;
}

/**
 * A listing's photos on its edit page, rendered on the server: the grid with cover / order / delete
 * buttons (small POST forms), and the upload form. Without JavaScript the upload is a plain
 * multipart POST and a page with photos still processing refreshes itself (meta refresh); the
 * photos island sends each photo shrunk, with progress, and swaps this section (#anh) for the
 * page's fresh one after an upload and while photos are processing.
 */
export function PhotoManager({ title, photos, uploadErrors }: { title: string; photos: PhotoView[]; uploadErrors: string[] }) {
  const { t } = useTranslation("listings");
  const location = useLocation();
  const processing = photos.some((p) => p.status === "processing");

  return (
    <section id="anh" aria-labelledby="photos-heading">
      <h2 id="photos-heading">{t("photos.heading", { count: photos.length, max: MAX_PHOTOS })}</h2>
      {processing ? (
        <p className="alert alert-ok" role="status">
          {t("photos.processingNotice")}{" "}
          <noscript>
            <meta httpEquiv="refresh" content="3" />
          </noscript>
          <a href={`${location.pathname}${location.search}#anh`}>{t("photos.reload")}</a>
        </p>
      ) : null}
      {photos.length === 0 ? <p className="muted">{t("photos.none")}</p> : null}
      <ul className="photo-grid">
        {photos.map((photo, index) => (
          <li key={photo.id} className="photo-card" data-photo-status={photo.status}>
            {photo.status === "ready" && photo.hash && photo.width && photo.height ? (
              <Picture
                hash={photo.hash}
                width={photo.width}
                height={photo.height}
                alt={t("photos.alt", { position: index + 1, title })}
                sizes="(min-width: 40rem) 12rem, 45vw"
              />
            ) : (
              <span className="photo-placeholder">{photo.status === "failed" ? t("photos.failed") : t("photos.processing")}</span>
            )}
            {index === 0 ? <strong className="status-badge">{t("photos.cover")}</strong> : null}
            <div className="photo-actions">
              {index > 0 ? <PhotoButton intent="cover" photoId={photo.id} label={t("photos.makeCover")} /> : null}
              {index > 0 ? <PhotoButton intent="earlier" photoId={photo.id} label="↑" title={t("photos.moveEarlier")} /> : null}
              {index < photos.length - 1 ? <PhotoButton intent="later" photoId={photo.id} label="↓" title={t("photos.moveLater")} /> : null}
              <PhotoButton intent="delete" photoId={photo.id} label={t("photos.delete")} />
            </div>
          </li>
        ))}
      </ul>
      {photos.length < MAX_PHOTOS ? <PhotoUploadForm uploadErrors={uploadErrors} /> : null}
    </section>
  );
}

function PhotoButton({ intent, photoId, label, title }: { intent: string; photoId: number; label: string; title?: string }) {
  return (
    <Form method="post" preventScrollReset>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="photoId" value={photoId} />
      <button type="submit" className="button-small" title={title} aria-label={title ?? label}>
        {label}
      </button>
    </Form>
  );
}
