import { env } from "~/lib/env.server";

/** The public origin for canonical links, Open Graph and the sitemap: PUBLIC_URL, else the request's own. */
export function siteOrigin(request: Request): string {
  const configured = env().PUBLIC_URL;
  return (configured ?? new URL(request.url).origin).replace(/\/+$/, "");
}
