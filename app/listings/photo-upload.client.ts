/**
 * Browser-only help for photo uploads (progressive enhancement; the form works without it):
 * downscale on the phone before sending, and retry a failed upload by itself. Kept small: it is
 * loaded only by the listing edit page.
 */
const MAX_EDGE = 2048;
const QUALITY = 0.85;

/**
 * A JPEG no larger than 2048 px on its long edge, upright (createImageBitmap applies the EXIF
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
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    // Already small and already a JPEG: sending it as is loses nothing.
    if (scale === 1 && file.type === "image/jpeg" && file.size < 1_500_000) return file;
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const context = canvas.getContext("2d");
    if (!context) return file;
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
    return blob && blob.size < file.size ? blob : file;
  } finally {
    bitmap.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POSTs the form data; on a network failure or a server error (5xx) waits and tries again, up to
 * `attempts` times. A 4xx answer is the server's verdict on the photo and is returned as is.
 */
export async function postWithRetry(url: string, body: FormData, onRetry?: (attempt: number) => void, attempts = 4): Promise<Response> {
  let lastError: unknown = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
      if (response.status < 500) return response;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    if (attempt < attempts) {
      onRetry?.(attempt);
      await sleep(1000 * 2 ** (attempt - 1));
    }
  }
  throw lastError;
}
