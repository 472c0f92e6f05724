/**
 * The photos island (decision 0034), on the listing edit page and the complaint form; the server
 * rendered both forms so that they work without it, with their texts in data attributes.
 * - `form[data-photo-upload]` (a listing's photos): each chosen photo is shrunk on the phone, sent on
 *   its own with a progress bar, sent again when the connection comes back (and by a "retry" button
 *   after that), then the photo section (#anh) is swapped for the page's fresh one; while photos are
 *   processing on the server the section is refreshed the same way.
 * - `input[data-photo-shrink]` (a complaint): the chosen photos are shrunk in place, so the form's
 *   one POST carries the small copies.
 * - `[data-photo-hint][data-shrink-note]`: the no-script hint (how long a large photo takes) becomes
 *   "photos are shrunk first".
 */
import { downscalePhoto, postWithRetry, shrinkInputFiles, shrunkName } from "~/listings/photo-upload.client";
import { answerErrors, fillText, rowBusy, rowText, type UploadRow, type UploadTexts } from "~/listings/upload-progress";

const POLL_MS = 2000;

for (const hint of document.querySelectorAll<HTMLElement>("[data-photo-hint][data-shrink-note]")) hint.textContent = hint.dataset.shrinkNote ?? "";
for (const form of document.querySelectorAll<HTMLFormElement>("form[data-photo-upload]")) enhanceUpload(form);
for (const input of document.querySelectorAll<HTMLInputElement>("input[type=file][data-photo-shrink]")) enhanceShrink(input);
pollWhileProcessing();

function enhanceUpload(form: HTMLFormElement): void {
  const url = form.dataset.uploadUrl;
  const input = form.querySelector<HTMLInputElement>("input[type=file]");
  const submit = form.querySelector<HTMLButtonElement>("button[type=submit]");
  if (!url || !input || !submit) return;
  const texts = JSON.parse(form.dataset.texts ?? "{}") as UploadTexts;
  let rows: Array<UploadRow & { item: HTMLLIElement; blob?: Blob; file?: string }> = [];
  let list: HTMLUListElement | null = null;

  const setBusy = (busy: boolean) => {
    submit.disabled = busy;
    submit.toggleAttribute("aria-busy", busy);
    for (const button of form.querySelectorAll<HTMLButtonElement>("[data-retry]")) button.disabled = busy;
  };

  const draw = (i: number) => {
    const row = rows[i];
    const item = row.item;
    item.textContent = "";
    item.dataset.uploadState = row.state;
    item.className = row.state === "error" ? "field-error" : "";
    const line = document.createElement("span");
    line.textContent = rowText(texts, row);
    item.append(line);
    if (rowBusy(row.state)) {
      const bar = document.createElement("progress");
      bar.max = 1;
      // Indeterminate while shrinking or waiting for the network.
      if (row.state === "uploading") bar.value = row.fraction;
      bar.setAttribute("aria-label", fillText(texts.progress, { name: row.name }));
      item.append(bar);
    }
    if (row.state === "error" && row.blob) {
      const retry = document.createElement("button");
      retry.type = "button";
      retry.className = "button-small";
      retry.dataset.retry = "";
      retry.textContent = texts.retry;
      retry.addEventListener("click", () => void retryOne(i));
      item.append(retry);
    }
  };

  const set = (i: number, next: Partial<UploadRow>, keepBlob = true) => {
    rows[i] = { ...rows[i], ...next };
    if (!keepBlob) rows[i].blob = undefined;
    draw(i);
  };

  async function send(i: number): Promise<void> {
    const { blob, file } = rows[i];
    if (!blob || !file) return;
    const body = new FormData();
    body.set("intent", "upload");
    body.set("client", "js");
    body.append("photos", blob, file);
    set(i, { state: "uploading", fraction: 0, message: undefined });
    try {
      const response = await postWithRetry(url!, body, {
        onProgress: (fraction) => set(i, { state: "uploading", fraction }),
        onRetry: () => set(i, { state: "retrying", fraction: 0 }),
      });
      const errors = answerErrors(response.text);
      // The server's verdict on the photo: sending it again would not change it.
      if (errors.length) set(i, { state: "error", message: errors.join(" ") }, false);
      else set(i, { state: "done", fraction: 1 }, false);
    } catch {
      set(i, { state: "error", message: texts.uploadFailed });
    }
  }

  async function retryOne(i: number) {
    setBusy(true);
    await send(i);
    setBusy(false);
    await refreshPhotos();
  }

  form.addEventListener("submit", (event) => {
    const files = Array.from(input.files ?? []);
    // No file chosen: the plain POST goes, and the server says what is missing.
    if (files.length === 0) return;
    event.preventDefault();
    void (async () => {
      setBusy(true);
      list?.remove();
      list = document.createElement("ul");
      list.className = "upload-progress";
      list.setAttribute("aria-live", "polite");
      submit.before(list);
      rows = files.map((f) => ({ name: f.name, state: "shrinking", fraction: 0, item: list!.appendChild(document.createElement("li")) }));
      rows.forEach((_, i) => draw(i));
      for (const [i, file] of files.entries()) {
        // A photo the phone cannot shrink goes as it is: the server has the last word on it.
        const blob = await downscalePhoto(file).catch(() => file);
        rows[i].blob = blob;
        rows[i].file = shrunkName(file, blob);
        await send(i);
      }
      input.value = "";
      setBusy(false);
      await refreshPhotos();
    })();
  });
}

/**
 * Swaps the photo section's content for the page's fresh one (heading with the count, the grid,
 * the processing notice), keeping the upload form and its progress list in place.
 */
async function refreshPhotos(): Promise<void> {
  const section = document.getElementById("anh");
  if (!section) return;
  let fresh: HTMLElement | null;
  try {
    const response = await fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (!response.ok) return;
    fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("anh");
  } catch {
    // Offline again: the next refresh or a reload shows the photos.
    return;
  }
  if (!fresh) return;
  // Parsed without script, <noscript> holds a live meta refresh: inserted here it would reload the page.
  for (const noscript of fresh.querySelectorAll("noscript")) noscript.remove();
  const form = section.querySelector<HTMLFormElement>("form[data-photo-upload]");
  const freshForm = fresh.querySelector("form[data-photo-upload]");
  for (const child of Array.from(section.children)) if (child !== form) child.remove();
  const anchor = form ?? null;
  for (const child of Array.from(fresh.children)) if (child !== freshForm) section.insertBefore(document.adoptNode(child), anchor);
  if (form && !freshForm) {
    // The listing has all its photos now: the form goes, its progress list stays.
    const list = form.querySelector(".upload-progress");
    if (list) section.append(list);
    form.remove();
  }
  pollWhileProcessing();
}

let polling: ReturnType<typeof setTimeout> | undefined;
/** While a photo is being processed on the server, the section is refreshed every few seconds. */
function pollWhileProcessing(): void {
  clearTimeout(polling);
  if (!document.querySelector('#anh [data-photo-status="processing"]')) return;
  polling = setTimeout(() => void refreshPhotos(), POLL_MS);
}

function enhanceShrink(input: HTMLInputElement): void {
  const status = input.form?.querySelector<HTMLElement>("[data-photo-shrinking]") ?? null;
  let shrinking: Promise<void> | null = null;
  input.addEventListener("change", () => {
    input.setAttribute("aria-busy", "true");
    if (status) status.textContent = status.dataset.text ?? "";
    // A photo that cannot be shrunk stays as chosen; the form must still be sent.
    const current = shrinkInputFiles(input)
      .catch(() => undefined)
      .finally(() => {
        if (shrinking !== current) return;
        shrinking = null;
        input.removeAttribute("aria-busy");
        if (status) status.textContent = "";
      });
    shrinking = current;
  });
  // Sent before the shrinking ended: wait for it, then send with the same button (its intent).
  input.form?.addEventListener("submit", (event) => {
    const pending = shrinking;
    if (!pending || typeof input.form?.requestSubmit !== "function") return;
    event.preventDefault();
    const button = event.submitter instanceof HTMLButtonElement ? event.submitter : undefined;
    void pending.then(() => input.form?.requestSubmit(button));
  });
}
