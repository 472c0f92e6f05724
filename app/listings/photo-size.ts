/**
 * Photo size arithmetic shared by the browser (shrinking before upload) and the server (the
 * no-JavaScript hint): pure functions, so they are tested without a canvas.
 */
import { MAX_UPLOAD_BYTES } from "./options";

/** Long side of a photo after shrinking on the phone: enough for the 1280 px variant and zoom. */
export const CLIENT_MAX_EDGE = 2048;
export const CLIENT_QUALITY = 0.85;

/**
 * The size that fits within maxEdge on its long side, keeping the aspect ratio; never enlarges,
 * never rounds a side down to 0.
 */
export function fitWithin(width: number, height: number, maxEdge = CLIENT_MAX_EDGE): { width: number; height: number; scale: number } {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  if (scale === 1) return { width, height, scale };
  // The long side lands exactly on maxEdge; the short side is rounded, at least 1 px.
  const long = width >= height;
  return {
    width: long ? maxEdge : Math.max(1, Math.round(width * scale)),
    height: long ? Math.max(1, Math.round(height * scale)) : maxEdge,
    scale,
  };
}

/** A weak 3G link as farmers see it (about 700 kbit/s up at best, often less): the no-JS estimate. */
export const SLOW_LINK_KBPS = 700;

/** Seconds to send `bytes` at `kbps` kilobits per second, rounded up. */
export function uploadSeconds(bytes: number, kbps = SLOW_LINK_KBPS): number {
  return Math.ceil((bytes * 8) / (kbps * 1000));
}

/**
 * The figures for the no-JavaScript hint: the size limit in MB, and how long a typical large phone
 * photo (5 MB, a third of the limit) takes on a weak link, in whole minutes (at least 1).
 */
export function slowLinkHint(limitBytes = MAX_UPLOAD_BYTES, kbps = SLOW_LINK_KBPS) {
  const typicalBytes = Math.min(limitBytes, 5 * 1024 * 1024);
  return {
    limitMb: Math.round(limitBytes / (1024 * 1024)),
    typicalMb: Math.round(typicalBytes / (1024 * 1024)),
    typicalMinutes: Math.max(1, Math.round(uploadSeconds(typicalBytes, kbps) / 60)),
    limitMinutes: Math.max(1, Math.round(uploadSeconds(limitBytes, kbps) / 60)),
  };
}
