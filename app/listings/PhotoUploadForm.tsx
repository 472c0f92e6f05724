import { Form, useLocation, useMatches, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { MAX_PHOTOS, MAX_UPLOAD_BYTES } from "./options";
import { slowLinkHint } from "./photo-size";
import { downscalePhoto, postWithRetry, shrunkName } from "./photo-upload.client";

type Progress = { name: string; state: "shrinking" | "uploading" | "retrying" | "done" | "error"; fraction: number; message?: string; canRetry?: boolean };

/**
 * The listing's photo upload form. Without JavaScript: a plain multipart POST, with the size limit
 * and how long a large photo takes on a weak link. With it: each photo is shrunk on the phone,
 * sent on its own with a progress bar, retried when the network comes back, and a failed one can
 * be sent again by hand (the shrunk copy is kept, so nothing is decoded twice).
 */
export function PhotoUploadForm({ uploadErrors }: { uploadErrors: string[] }) {
  const { t } = useTranslation("listings");
  const location = useLocation();
  const matches = useMatches();
  const revalidator = useRevalidator();
  const input = useRef<HTMLInputElement>(null);
  const blobs = useRef<Array<{ blob: Blob; name: string } | null>>([]);
  const [progress, setProgress] = useState<Progress[]>([]);
  const [busy, setBusy] = useState(false);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const hint = slowLinkHint(MAX_UPLOAD_BYTES);

  const set = (i: number, next: Partial<Progress>) => setProgress((all) => all.map((p, j) => (j === i ? { ...p, ...next } : p)));

  function uploadUrl() {
    const routeId = matches[matches.length - 1].id;
    const params = new URLSearchParams(location.search);
    params.set("_data", routeId);
    return `${location.pathname}?${params}`;
  }

  async function send(i: number): Promise<void> {
    const kept = blobs.current[i];
    if (!kept) return;
    const body = new FormData();
    body.set("intent", "upload");
    body.set("client", "js");
    body.append("photos", kept.blob, kept.name);
    set(i, { state: "uploading", fraction: 0, message: undefined, canRetry: false });
    try {
      const response = await postWithRetry(uploadUrl(), body, {
        onProgress: (fraction) => set(i, { state: "uploading", fraction }),
        onRetry: () => set(i, { state: "retrying", fraction: 0 }),
      });
      let errors: string[] = [];
      try {
        errors = (JSON.parse(response.text) as { errors?: string[] }).errors ?? [];
      } catch {
        // A redirect or an empty answer: the upload was taken.
      }
      if (errors.length) set(i, { state: "error", message: errors.join(" ") });
      else set(i, { state: "done", fraction: 1 });
    } catch {
      set(i, { state: "error", message: t("photos.errors.uploadFailed"), canRetry: true });
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    const files = Array.from(input.current?.files ?? []);
    // No file chosen: let the plain POST happen, the server says what is missing.
    if (files.length === 0) return;
    event.preventDefault();
    setBusy(true);
    blobs.current = files.map(() => null);
    setProgress(files.map((f) => ({ name: f.name, state: "shrinking", fraction: 0 })));
    for (const [i, file] of files.entries()) {
      const blob = await downscalePhoto(file);
      blobs.current[i] = { blob, name: shrunkName(file, blob) };
      await send(i);
    }
    if (input.current) input.current.value = "";
    setBusy(false);
    revalidator.revalidate();
  }

  async function retry(i: number) {
    setBusy(true);
    await send(i);
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
          {t("photos.hint", { max: MAX_PHOTOS, mb: hint.limitMb })}{" "}
          {hydrated ? t("photos.shrinkNote") : t("photos.slowLink", { ...hint })}
        </p>
        <input ref={input} id="photos" name="photos" type="file" accept="image/*" multiple aria-describedby="photos-hint" />
      </div>
      {progress.length ? (
        <ul className="upload-progress" aria-live="polite">
          {progress.map((p, i) => (
            <li key={`${p.name}-${i}`} className={p.state === "error" ? "field-error" : undefined} data-upload-state={p.state}>
              <span>
                {p.state === "shrinking"
                  ? t("photos.shrinking", { name: p.name })
                  : p.state === "uploading"
                    ? t("photos.uploadingPercent", { name: p.name, percent: Math.round(p.fraction * 100) })
                    : p.state === "retrying"
                      ? t("photos.retrying", { name: p.name })
                      : p.state === "error"
                        ? t("photos.fileError", { name: p.name, message: p.message ?? "" })
                        : `✓ ${p.name}`}
              </span>
              {p.state === "uploading" || p.state === "retrying" || p.state === "shrinking" ? (
                <progress max={1} value={p.state === "uploading" ? p.fraction : undefined} aria-label={t("photos.progress", { name: p.name })} />
              ) : null}
              {p.state === "error" && p.canRetry ? (
                <button type="button" className="button-small" disabled={busy} onClick={() => void retry(i)}>
                  {t("photos.retry")}
                </button>
              ) : null}
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
