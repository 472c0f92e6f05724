/**
 * Style sheets written into the page instead of linked (no page hydrates: decision 0036).
 *
 * On slow 3G each linked style sheet holds the first paint back by a round trip or two (a new
 * connection, then the request: ≈ 600 ms at 300 ms RTT, measured by npm run bench:pages), while the
 * sheets are small (app.css ≈ 3.4 KB gzip, a page's own sheet 1–2 KB). Written into the <head>, the
 * page paints as soon as its HTML arrives.
 */
import fs from "node:fs";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";

/** A style sheet the build wrote: hashed, so its text never changes under the same name. */
const LINK = /<link rel="stylesheet" href="(\/build\/_assets\/[A-Za-z0-9_-]+\.css)"\/>/g;
const HEAD_END = Buffer.from("</head>");
const cache = new Map<string, string | null>();

/** The text of a built style sheet, read once; null when the file is not there. */
function sheetText(href: string, publicDir: string): string | null {
  if (!cache.has(href)) {
    let text: string | null = null;
    try {
      // "</style" cannot end the element early: CSS has no use for it outside strings, where \3c is the same text.
      text = fs.readFileSync(path.join(publicDir, href), "utf8").replace(/<\/style/gi, "\\3c /style");
    } catch {
      text = null;
    }
    cache.set(href, text);
  }
  return cache.get(href) ?? null;
}

/** The document's head with each built style sheet link replaced by a <style> holding the sheet. */
export function inlineStylesheetLinks(head: string, publicDir = path.resolve("public")): string {
  return head.replace(LINK, (link, href: string) => {
    const text = sheetText(href, publicDir);
    return text === null ? link : `<style data-href="${href}">${text}</style>`;
  });
}

/**
 * A stream that holds the HTML back until the end of <head>, writes the style sheets into it, then
 * passes the rest through untouched (the body still streams).
 */
export function inlineStylesheets(publicDir = path.resolve("public")): Transform {
  let held: Buffer[] = [];
  let passing = false;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      if (passing) return done(null, chunk);
      held.push(Buffer.from(chunk));
      const all = Buffer.concat(held);
      const end = all.indexOf(HEAD_END);
      if (end === -1) {
        held = [all];
        return done();
      }
      passing = true;
      held = [];
      const head = inlineStylesheetLinks(all.subarray(0, end).toString("utf8"), publicDir);
      done(null, Buffer.concat([Buffer.from(head, "utf8"), all.subarray(end)]));
    },
    flush(done: TransformCallback) {
      done(null, held.length ? Buffer.concat(held) : undefined);
    },
  });
}
