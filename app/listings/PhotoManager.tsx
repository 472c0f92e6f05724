import { Form, useLocation, useMatches, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Picture } from "./Picture";
import { MAX_PHOTOS } from "./options";
import { downscalePhoto, postWithRetry } from "./photo-upload.client";

interface PhotoView {
  id: number;
  position: number;
  status: "processing" | "ready" | "failed";
  hash: string | null;
  width: number | null;
  height: number | null;
  error: string | null;
}

type Progress = { name: string; state: "uploading" | "retrying" | "done" | "error"; message?: string };

/**
 * A listing's photos on its edit page: the grid with cover / order / delete buttons (small POST
 * forms), and the upload form. Without JavaScript the upload is a plain multipart POST; with it,
 * each photo is downscaled on the phone and sent on its own, retried when the network drops.
 */
export function PhotoManager({ title, photos, uploadErrors }: { title: string; photos: PhotoView[]; uploadErrors: string[] }) {
  const { t } = useTranslation("listings");
  const revalidator = useRevalidator();
  const location = useLocation();
  const processing = photos.some((p) => p.status === "processing");

  // With JavaScript the page polls instead of the <noscript> meta refresh.
  useEffect(() => {
    if (!processing) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [processing, revalidator]);

  return (
    <section id="anh" aria-labelledby="photos-heading">
      <h2 id="photos-heading">{t("photos.heading", { count: photos.length, max: MAX_PHOTOS })}</h2>
      {processing ? (
        <p className="alert alert-ok" role="status">
          {t("photos.processingNotice")}{" "}
          <noscript>
            <meta httpEquiv="refresh" content="3" />
          </noscript>
          <a
            href={location.pathname + location.search}
            onClick={(e) => {
              e.preventDefault();
              revalidator.revalidate();
            }}
          >
            {t("photos.reload")}
          </a>
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
      {photos.length < MAX_PHOTOS ? <UploadForm uploadErrors={uploadErrors} /> : null}
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

function UploadForm({ uploadErrors }: { uploadErrors: string[] }) {
  const { t } = useTranslation("listings");
  const location = useLocation();
  const matches = useMatches();
  const revalidator = useRevalidator();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<Progress[]>([]);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    const files = Array.from(input.current?.files ?? []);
    // No file chosen: let the plain POST happen, the server says what is missing.
    if (files.length === 0) return;
    event.preventDefault();
    setBusy(true);
    const routeId = matches[matches.length - 1].id;
    const params = new URLSearchParams(location.search);
    params.set("_data", routeId);
    const url = `${location.pathname}?${params}`;
    const set = (i: number, next: Progress) => setProgress((all) => all.map((p, j) => (j === i ? next : p)));
    setProgress(files.map((f) => ({ name: f.name, state: "uploading" })));
    for (const [i, file] of files.entries()) {
      const blob = await downscalePhoto(file);
      const body = new FormData();
      body.set("intent", "upload");
      body.set("client", "js");
      body.append("photos", blob, blob === file ? file.name : file.name.replace(/\.[^.]*$/, "") + ".jpg");
      try {
        const response = await postWithRetry(url, body, () => set(i, { name: file.name, state: "retrying" }));
        const result = (await response.json()) as { errors?: string[] };
        if (result.errors?.length) set(i, { name: file.name, state: "error", message: result.errors.join(" ") });
        else set(i, { name: file.name, state: "done" });
      } catch {
        set(i, { name: file.name, state: "error", message: t("photos.errors.uploadFailed") });
      }
    }
    if (input.current) input.current.value = "";
    setBusy(false);
    revalidator.revalidate();
  }

  return (
    <Form method="post" encType="multipart/form-data" className="form" onSubmit={onSubmit}>
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
          {t("photos.hint", { max: MAX_PHOTOS })}
        </p>
        <input ref={input} id="photos" name="photos" type="file" accept="image/*" multiple aria-describedby="photos-hint" />
      </div>
      {progress.length ? (
        <ul className="upload-progress" aria-live="polite">
          {progress.map((p, i) => (
            <li key={`${p.name}-${i}`} className={p.state === "error" ? "field-error" : undefined}>
              {p.state === "uploading"
                ? t("photos.uploading", { name: p.name })
                : p.state === "retrying"
                  ? t("photos.retrying", { name: p.name })
                  : p.state === "error"
                    ? t("photos.fileError", { name: p.name, message: p.message ?? "" })
                    : `✓ ${p.name}`}
            </li>
          ))}
        </ul>
      ) : null}
      <button type="submit" className="button button-block" aria-busy={busy || undefined} disabled={busy}>
        {t("photos.upload")}
      </button>
    </Form>
  );
}
