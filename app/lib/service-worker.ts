/**
 * The inline script that registers public/sw.js (the offline page). Inline in the root layout, with
 * the CSP nonce, rather than in React code: it must run on pages that ship no framework script.
 * Registered after load so it never competes with the page for a slow link.
 */
export const REGISTER_SERVICE_WORKER =
  'if("serviceWorker"in navigator)addEventListener("load",function(){navigator.serviceWorker.register("/sw.js").catch(function(){})})';
