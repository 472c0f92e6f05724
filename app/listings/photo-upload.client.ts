/**
 * Browser-only help for photo uploads (progressive enhancement; the forms work without it):
 * shrink on the phone before sending, send with upload progress, and retry after a dropped
 * connection. Kept small: only the pages with a photo form load it.
 */
import { CLIENT_MAX_EDGE, CLIENT_QUALITY, fitWithin } from "./photo-size";

/**
 * A JPEG no larger than 2048 px on its long side, upright (createImageBitmap applies the EXIF
 * orientation). Files the browser cannot decode (HEIC on most phones) are sent as they are, so the
 * server can say why it refuses them.
 */
export async function downscalePhoto(file: File): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return file;
  }
  try {
    const target = fitWithin(bitmap.width, bitmap.height, CLIENT_MAX_EDGE);
    // Already small and already a JPEG: sending it as is loses nothing.
    if (target.scale === 1 && file.type === "image/jpeg" && file.size < 1_500_000) return file;
    const canvas = document.createElement("canvas");
    canvas.width = target.width;
    canvas.height = target.height;
    const context = canvas.getContext("2d");
    if (!context) return file;
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", CLIENT_QUALITY));
    // A shrunk photo is always sent when the original is too big; otherwise the smaller of the two.
    return blob && (target.scale < 1 || blob.size < file.size) ? blob : file;
  } finally {
    bitmap.close();
  }
}

/** The shrunk file's name: the original's, with .jpg when it was re-encoded. */
export function shrunkName(file: File, blob: Blob): string {
  return blob === file ? file.name : file.name.replace(/\.[^.]*$/, "") + ".jpg";
}

/**
 * Replaces a file input's chosen photos by shrunk copies, so a plain form submit sends those (the
 * complaint form). Leaves the input alone where DataTransfer is missing.
 */
export async function shrinkInputFiles(input: HTMLInputElement): Promise<void> {
  const chosen = input.files;
  const files = Array.from(chosen ?? []);
  if (files.length === 0 || typeof DataTransfer === "undefined") return;
  const transfer = new DataTransfer();
  for (const file of files) {
    const blob = await downscalePhoto(file);
    transfer.items.add(blob === file ? file : new File([blob], shrunkName(file, blob), { type: blob.type }));
  }
  // Chosen again meanwhile: the newer choice wins (its own shrinking follows).
  if (input.files === chosen) input.files = transfer.files;
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly network: boolean,
  ) {
    super(message);
  }
}

/**
 * One POST by XMLHttpRequest (fetch has no upload progress in most browsers): resolves with the
 * status and body text, rejects with a network UploadError when the connection drops.
 */
export function postWithProgress(url: string, body: FormData, onProgress: (fraction: number) => void): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new UploadError("network", true));
    xhr.ontimeout = () => reject(new UploadError("timeout", true));
    xhr.onabort = () => reject(new UploadError("abort", true));
    xhr.send(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when the browser says it is online again (at once when it already is). */
function whenOnline(): Promise<void> {
  if (typeof navigator === "undefined" || navigator.onLine) return Promise.resolve();
  return new Promise((resolve) => window.addEventListener("online", () => resolve(), { once: true }));
}

/**
 * Sends the (already shrunk) form data; after a dropped connection or a server error (5xx) waits
 * for the network to come back, backs off, and sends it again, up to `attempts` times. A 4xx answer
 * is the server's verdict on the photo and is returned as is.
 */
export async function postWithRetry(
  url: string,
  body: FormData,
  handlers: { onProgress: (fraction: number) => void; onRetry?: (attempt: number) => void },
  attempts = 3,
): Promise<{ status: number; text: string }> {
  let lastError: unknown = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await postWithProgress(url, body, handlers.onProgress);
      if (response.status < 500) return response;
      lastError = new UploadError(`HTTP ${response.status}`, false);
    } catch (error) {
      lastError = error;
    }
    if (attempt < attempts) {
      handlers.onRetry?.(attempt);
      await whenOnline();
      await sleep(1000 * 2 ** (attempt - 1));
    }
  }
  throw lastError;
}
