import { photoSrcSet, photoUrl } from "./photo-urls";

interface PictureProps {
  /** content hash of a ready listing photo */
  hash: string;
  /** intrinsic size of the largest variant (listing_photos.width/height): reserves the space, no layout shift */
  width: number;
  height: number;
  alt: string;
  /** e.g. "(min-width: 40rem) 33vw, 100vw" */
  sizes: string;
  /** above the fold (the first card, the listing's main photo): load at once, with high priority */
  priority?: boolean;
  /** in the first screen but not the largest (the rest of a card grid's first row): not lazy, normal priority */
  eager?: boolean;
  className?: string;
}

/** A listing photo: WebP srcset over the 320/640/1280 variants, lazy unless it is the page's main image. */
export function Picture({ hash, width, height, alt, sizes, priority, eager, className }: PictureProps) {
  return (
    <img
      src={photoUrl(hash, 640)}
      srcSet={photoSrcSet(hash)}
      sizes={sizes}
      width={width}
      height={height}
      alt={alt}
      className={className}
      loading={priority || eager ? "eager" : "lazy"}
      decoding="async"
      // React 18 warns on camelCase fetchPriority; the lowercase attribute reaches the HTML as is.
      {...(priority ? { fetchpriority: "high" } : {})}
    />
  );
}
