/** The head tags every public catalog page carries: title, description, canonical URL and Open Graph. Safe in the browser. */
export function catalogPageMeta(page: {
  title: string;
  description: string;
  canonical: string;
  /** Open Graph type: "website", "product", "profile"; omitted when the page is none of these */
  type?: string;
  /** the name shared links show; defaults to the page title */
  shareTitle?: string;
  /** a JPEG for shared links */
  image?: string | null;
}) {
  return [
    { title: page.title },
    { name: "description", content: page.description },
    { tagName: "link", rel: "canonical", href: page.canonical },
    ...(page.type ? [{ property: "og:type", content: page.type }] : []),
    { property: "og:title", content: page.shareTitle ?? page.title },
    { property: "og:description", content: page.description },
    { property: "og:url", content: page.canonical },
    ...(page.image
      ? [
          { property: "og:image", content: page.image },
          { property: "og:image:type", content: "image/jpeg" },
        ]
      : []),
  ];
}
