import { OFFLINE_PATH, offlinePageHtml } from "~/offline/page.server";
import styles from "~/styles/app.css";

/**
 * /ngoai-tuyen: the page the service worker shows when a page cannot be fetched. A resource route
 * (no root layout) because the worker keeps it: it must carry no session, cart or name.
 */
export function loader() {
  return new Response(offlinePageHtml({ stylesheets: [styles] }), {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      // The worker fetches a fresh copy when it installs; nobody else should keep one.
      "Cache-Control": "no-cache",
      "Content-Location": OFFLINE_PATH,
    },
  });
}
