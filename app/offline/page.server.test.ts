import { describe, expect, it } from "vitest";
import vi from "../../public/locales/vi/common.json";
import en from "../../public/locales/en/common.json";
import { loader } from "~/routes/ngoai-tuyen";
import { offlinePageHtml } from "./page.server";

describe("offline page", () => {
  const html = offlinePageHtml({ stylesheets: ["/build/_assets/app-ABC.css"] });

  it("says it in Vietnamese first, English below", () => {
    const viAt = html.indexOf(vi.offline.body);
    const enAt = html.indexOf(en.offline.body);
    expect(viAt).toBeGreaterThan(0);
    expect(enAt).toBeGreaterThan(viAt);
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('<section lang="en">');
  });

  it("links its stylesheet and the favicon, and carries no script", () => {
    expect(html).toContain('<link rel="stylesheet" href="/build/_assets/app-ABC.css">');
    expect(html).toContain('href="/favicon.ico"');
    expect(html).not.toMatch(/<script/i);
  });

  it("is served as HTML that nobody but the worker keeps", async () => {
    const response = loader();
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-cache");
    expect(await response.text()).toContain(vi.offline.title);
  });
});
