/** schema.org Product/Offer for a listing page. Safe in the browser (no server code). */
export function productJsonLd(input: {
  url: string;
  name: string;
  description: string;
  images: string[];
  priceVnd: number;
  inStock: boolean;
  sellerName: string;
  category: string;
  unitLabel: string;
}) {
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name: input.name,
    description: input.description || input.name,
    image: input.images,
    category: input.category,
    url: input.url,
    offers: {
      "@type": "Offer",
      url: input.url,
      priceCurrency: "VND",
      price: String(input.priceVnd),
      availability: input.inStock ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
      itemCondition: "https://schema.org/NewCondition",
      seller: { "@type": "Organization", name: input.sellerName },
      priceSpecification: {
        "@type": "UnitPriceSpecification",
        price: String(input.priceVnd),
        priceCurrency: "VND",
        unitText: input.unitLabel,
      },
    },
  };
}

/** JSON for a <script type="application/ld+json">: "<" escaped so the text can never close the tag. */
export function jsonLdText(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}
