import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { inlineStylesheetLinks, inlineStylesheets } from "./inline-styles.server";

const publicDir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-inline-styles-"));
fs.mkdirSync(path.join(publicDir, "build/_assets"), { recursive: true });
fs.writeFileSync(path.join(publicDir, "build/_assets/app-AB12.css"), "body{color:#1b1b1b}");
fs.writeFileSync(path.join(publicDir, "build/_assets/odd-CD34.css"), 'a::after{content:"</style>"}');
afterAll(() => fs.rmSync(publicDir, { recursive: true, force: true }));

const link = (href: string) => `<link rel="stylesheet" href="${href}"/>`;

async function through(chunks: string[]): Promise<string> {
  const out: Buffer[] = [];
  const stream = Readable.from(chunks.map((c) => Buffer.from(c, "utf8"))).pipe(inlineStylesheets(publicDir));
  for await (const chunk of stream) out.push(chunk as Buffer);
  return Buffer.concat(out).toString("utf8");
}

describe("inlineStylesheetLinks", () => {
  it("writes a built sheet into the head in place of its link", () => {
    expect(inlineStylesheetLinks(`<title>Chợ</title>${link("/build/_assets/app-AB12.css")}`, publicDir)).toBe(
      '<title>Chợ</title><style data-href="/build/_assets/app-AB12.css">body{color:#1b1b1b}</style>',
    );
  });

  it("leaves links to missing sheets and to anything outside the build as they are", () => {
    const head = link("/build/_assets/gone-EF56.css") + link("/site.css") + link("https://cdn.example/x.css") + link("/build/_assets/../../secret.css");
    expect(inlineStylesheetLinks(head, publicDir)).toBe(head);
  });

  it("never lets a sheet's text close the <style> element", () => {
    const out = inlineStylesheetLinks(link("/build/_assets/odd-CD34.css"), publicDir);
    expect(out.match(/<\/style/g)).toHaveLength(1);
    expect(out.endsWith("</style>")).toBe(true);
  });
});

describe("inlineStylesheets (stream)", () => {
  it("rewrites a head split across chunks, even inside a multi-byte letter, and passes the body through", async () => {
    const html = `<!DOCTYPE html><html lang="vi"><head><title>Xoài</title>${link("/build/_assets/app-AB12.css")}</head><body>${link("/build/_assets/app-AB12.css")}<p>Bưởi</p></body></html>`;
    const bytes = Buffer.from(html, "utf8");
    // cut every 7 bytes: through the link, through "</head>" and through Vietnamese letters
    const pieces: string[] = [];
    for (let i = 0; i < bytes.length; i += 7) pieces.push(bytes.subarray(i, i + 7).toString("latin1"));
    const out: Buffer[] = [];
    const stream = Readable.from(pieces.map((p) => Buffer.from(p, "latin1"))).pipe(inlineStylesheets(publicDir));
    for await (const chunk of stream) out.push(chunk as Buffer);
    const text = Buffer.concat(out).toString("utf8");
    expect(text).toBe(html.replace(link("/build/_assets/app-AB12.css"), '<style data-href="/build/_assets/app-AB12.css">body{color:#1b1b1b}</style>'));
  });

  it("gives back a document without a head untouched", async () => {
    expect(await through(["<p>no head", "</p>"])).toBe("<p>no head</p>");
  });
});
