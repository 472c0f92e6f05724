import { i18nInstance } from "~/i18n/i18n.server";
import type { Locale } from "~/i18n/config";

/** Where the service worker (public/sw.js) finds the page it shows when a page cannot be fetched. */
export const OFFLINE_PATH = "/ngoai-tuyen";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function section(locale: Locale, headingTag: "h1" | "h2"): string {
  const t = i18nInstance(locale).getFixedT(locale, "common");
  // href="" reloads the address that failed: the service worker serves this page in its place.
  return `<section lang="${locale}">
<${headingTag}>${escapeHtml(t("offline.title"))}</${headingTag}>
<p>${escapeHtml(t("offline.body"))}</p>
<p><a class="button" href="">${escapeHtml(t("offline.retry"))}</a></p>
</section>`;
}

/**
 * The offline page: the same for everyone (no session, no data), Vietnamese first and English
 * below, with no script, so the service worker can keep it and show it with the network gone.
 * Its stylesheets are the only other things the worker keeps (it reads them from this page).
 */
export function offlinePageHtml({ stylesheets }: { stylesheets: string[] }): string {
  const links = stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join("\n");
  const title = i18nInstance("vi").getFixedT("vi", "common")("offline.title");
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Chợ Nông Sản</title>
${links}
<link rel="icon" href="/favicon.ico" sizes="any">
</head>
<body>
<main id="main" class="container offline-page">
<p><strong>Chợ Nông Sản</strong></p>
${section("vi", "h1")}
<hr>
${section("en", "h2")}
</main>
</body>
</html>
`;
}
