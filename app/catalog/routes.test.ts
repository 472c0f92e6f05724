import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { loader as listingLoader } from "~/routes/san-pham.$slug";
import { loader as shopLoader } from "~/routes/nha-vuon.$slug";
import { loader as searchLoader } from "~/routes/tim-kiem";
import { loader as categoryLoader } from "~/routes/danh-muc.$slug";
import { loader as robotsLoader } from "~/routes/robots[.]txt";
import { loader as sitemapLoader } from "~/routes/sitemap[.]xml";
import { addHousehold, addListing, COMMUNES } from "./test-fixtures";

let db: ReturnType<typeof freshTestDb>;
let farm: number;
let mango: number;
let draft: number;
const BASE = "http://localhost";

/** Calls a loader the way Remix does and returns what it returned or threw. */
async function call(loader: (args: never) => unknown, path: string, params: Record<string, string> = {}) {
  const request = new Request(`${BASE}${path}`, { headers: { "accept-language": "vi" } });
  try {
    return (await loader({ request, params, context: {} } as never)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
  farm = addHousehold(db, { name: "Vườn Út Đực", communeCode: COMMUNES.myThien });
  mango = addListing(db, farm, { title: "Xoài cát Hòa Lộc", description: "Ngọt </script> đậm", photo: true });
  draft = addListing(db, farm, { title: "Mít Thái", status: "draft" });
});
afterAll(() => db.cleanup());

describe("listing page route", () => {
  it("answers the canonical URL with the listing, JSON-LD and an Open Graph JPEG", async () => {
    const res = await call(listingLoader, `/san-pham/xoai-cat-hoa-loc-${mango}`, { slug: `xoai-cat-hoa-loc-${mango}` });
    expect(res.status).toBe(200);
    const data = await res.json();
    expect(data.canonical).toBe(`${BASE}/san-pham/xoai-cat-hoa-loc-${mango}`);
    expect(data.ogImage).toBe(`${BASE}/media/${"a".repeat(32)}-1200.jpg`);
    const ld = JSON.parse(data.jsonLd);
    expect(ld.offers).toMatchObject({ priceCurrency: "VND", price: "50000", availability: "https://schema.org/InStock" });
    // "<" is escaped so a description can never close the script element
    expect(data.jsonLd).not.toContain("</script>");
  });

  it("redirects a wrong or missing slug to the canonical URL with 301, keeping the query", async () => {
    for (const slug of [`xoai-${mango}`, `${mango}`]) {
      const res = await call(listingLoader, `/san-pham/${slug}?ref=zalo`, { slug });
      expect(res.status).toBe(301);
      expect(res.headers.get("Location")).toBe(`/san-pham/xoai-cat-hoa-loc-${mango}?ref=zalo`);
    }
  });

  it("is a 404 for drafts, unknown ids and URLs without an id", async () => {
    for (const slug of [`mit-thai-${draft}`, "xoai-999999", "xoai"]) {
      const res = await call(listingLoader, `/san-pham/${slug}`, { slug });
      expect(res.status).toBe(404);
    }
  });
});

describe("shop, search and category routes", () => {
  it("redirects a shop's wrong slug and shows its listings", async () => {
    const wrong = await call(shopLoader, `/nha-vuon/abc-${farm}`, { slug: `abc-${farm}` });
    expect(wrong.status).toBe(301);
    expect(wrong.headers.get("Location")).toBe(`/nha-vuon/vuon-ut-duc-${farm}`);
    const res = await call(shopLoader, `/nha-vuon/vuon-ut-duc-${farm}`, { slug: `vuon-ut-duc-${farm}` });
    expect((await res.json()).listings).toHaveLength(1);
  });

  it("searches from the query string and never fails on odd input", async () => {
    const res = await call(searchLoader, `/tim-kiem?q=${encodeURIComponent("xoai cat hoa loc")}`);
    expect((await res.json()).result.items.map((i: { title: string }) => i.title)).toEqual(["Xoài cát Hòa Lộc"]);
    for (const q of ['"', "NEAR(", "*", "-", "OR"]) {
      const odd = await call(searchLoader, `/tim-kiem?q=${encodeURIComponent(q)}&minPrice=x&page=-3`);
      expect(odd.status).toBe(200);
    }
  });

  it("knows the category slugs and 404s the others", async () => {
    const res = await call(categoryLoader, "/danh-muc/trai-cay", { slug: "trai-cay" });
    expect((await res.json()).result.total).toBe(1);
    expect((await call(categoryLoader, "/danh-muc/khong-co", { slug: "khong-co" })).status).toBe(404);
  });

  it("serves robots.txt with the sitemap and a sitemap with the listing", async () => {
    const robots = await (await call(robotsLoader, "/robots.txt")).text();
    expect(robots).toContain(`Sitemap: ${BASE}/sitemap.xml`);
    expect(robots).toContain("Disallow: /dev/");
    const sitemap = await (await call(sitemapLoader, "/sitemap.xml")).text();
    expect(sitemap).toContain(`<loc>${BASE}/san-pham/xoai-cat-hoa-loc-${mango}</loc>`);
    expect(sitemap).toContain(`<loc>${BASE}/danh-muc/trai-cay</loc>`);
    expect(sitemap).not.toContain(`mit-thai-${draft}`);
  });
});
