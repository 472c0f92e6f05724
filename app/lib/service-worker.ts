/**
 * The script that registers public/sw.js (the offline page), loaded by the root layout on every page.
 * A static file (public/sw-register.js, allowed by `script-src 'self'`) rather than an inline script
 * under the CSP nonce: catalog and price pages then hold nothing per response and can be served from
 * the rendered-page cache (docs/decisions/0039). It must run on pages that ship no framework script.
 */
export const REGISTER_SERVICE_WORKER_SRC = "/sw-register.js";
