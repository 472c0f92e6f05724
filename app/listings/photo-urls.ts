/**
 * Photo URLs for pages and components, safe in the browser. Variants are served by
 * app/routes/media.$file.ts under content-hashed names, so they are cached forever.
 */
type PhotoWidth = 320 | 640 | 1280;

/** A WebP variant (320/640/1280 wide), or with format "jpg" the 1200-wide JPEG for sharing previews. */
export function photoUrl(hash: string, width: PhotoWidth = 640, format: "webp" | "jpg" = "webp"): string {
  return format === "jpg" ? `/media/${hash}-1200.jpg` : `/media/${hash}-${width}.webp`;
}

/** The JPEG for Open Graph / Zalo / Facebook previews (absolute it with the site URL). */
export function sharePhotoUrl(hash: string): string {
  return photoUrl(hash, 1280, "jpg");
}

/** srcset of the three WebP widths. */
export function photoSrcSet(hash: string): string {
  return ([320, 640, 1280] as const).map((w) => `${photoUrl(hash, w)} ${w}w`).join(", ");
}
