import type { LoaderFunctionArgs } from "@remix-run/node";
import { sitemapEntries } from "~/catalog/catalog.server";
import { categoryPath } from "~/catalog/categories";
import { siteOrigin } from "~/catalog/seo.server";
import { todayInVietnam } from "~/lib/clock";
import { db } from "~/lib/db.server";
import { CATEGORIES } from "~/listings/options";

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** sitemap.xml: the home page, category pages, published listings and the shops that sell them. */
export function loader({ request }: LoaderFunctionArgs) {
  const origin = siteOrigin(request);
  const urls = [
    { path: "/", updatedAt: null as number | null },
    ...CATEGORIES.map((c) => ({ path: categoryPath(c), updatedAt: null })),
    ...sitemapEntries(db()),
  ];
  const body = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`,
    ...urls.map(
      (u) =>
        `<url><loc>${escapeXml(origin + u.path)}</loc>${u.updatedAt ? `<lastmod>${todayInVietnam(new Date(u.updatedAt))}</lastmod>` : ""}</url>`,
    ),
    `</urlset>`,
  ].join("\n");
  return new Response(body, {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
