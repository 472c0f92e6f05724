import { CATEGORIES, type Category } from "~/listings/options";

/** Vietnamese URL slugs of the category pages (/danh-muc/trai-cay). Safe in the browser. */
const CATEGORY_SLUGS = {
  fruit: "trai-cay",
  vegetables: "rau-cu",
  "rice-grains": "lua-gao-ngu-coc",
  seafood: "thuy-hai-san",
  "livestock-poultry": "gia-suc-gia-cam",
  "processed-ocop": "che-bien-ocop",
  seedlings: "cay-giong",
} as const satisfies Record<Category, string>;

export function categoryPath(category: Category): string {
  return `/danh-muc/${CATEGORY_SLUGS[category]}`;
}

export function categoryFromSlug(slug: string | undefined): Category | null {
  return CATEGORIES.find((c) => CATEGORY_SLUGS[c] === slug) ?? null;
}

/** A small drawn mark per category: no image request, no emoji font needed. */
export const CATEGORY_COLORS: Record<Category, string> = {
  fruit: "#f4a259",
  vegetables: "#5fb37c",
  "rice-grains": "#e9c46a",
  seafood: "#4d9de0",
  "livestock-poultry": "#c97c5d",
  "processed-ocop": "#9b5de5",
  seedlings: "#2a9d8f",
};
