import type { LoaderFunctionArgs } from "@remix-run/node";
import { siteOrigin } from "~/catalog/seo.server";

/** robots.txt with the sitemap's absolute URL (it depends on the site's address, so it is not a static file). */
export function loader({ request }: LoaderFunctionArgs) {
  const body = [
    "User-agent: *",
    "Disallow: /dev/",
    "Disallow: /api/",
    "Disallow: /tai-khoan",
    "Disallow: /ban-hang",
    "Disallow: /can-bo",
    "Disallow: /tim-kiem?",
    "",
    `Sitemap: ${siteOrigin(request)}/sitemap.xml`,
    "",
  ].join("\n");
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" } });
}
