import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, makeUser, signIn, testContext } from "~/accounts/test-utils";
import { action as editAction, loader as editLoader } from "~/routes/ban-hang.san-pham.$id";
import { action as listAction } from "~/routes/ban-hang.san-pham._index";
import { loader as mediaLoader } from "~/routes/media.$file";
import { generatePlaceholderPhoto } from "./demo-photos.server";
import { createListing, getListing } from "./listings.server";
import { addPhoto, listPhotos, processPhotoNow } from "./photos.server";
import { heicHeader, listingInput, verifiedSeller } from "./test-utils";

const db = freshTestDb({ adminUnits: true, uploads: true });
afterAll(() => db.cleanup());

function uploadRequest(listingId: number, cookie: string, files: Array<{ name: string; data: Buffer; type?: string }>, extra: Record<string, string> = {}) {
  const body = new FormData();
  body.set("intent", "upload");
  for (const [k, v] of Object.entries(extra)) body.set(k, v);
  for (const f of files) body.append("photos", new File([new Uint8Array(f.data)], f.name, { type: f.type ?? "image/jpeg" }));
  return new Request(`http://localhost/ban-hang/san-pham/${listingId}`, { method: "POST", headers: { Cookie: cookie }, body });
}

const args = (request: Request, id: number) => ({ request, params: { id: String(id) }, context: testContext() });

describe("photo upload through the edit page", () => {
  it("stores a real photo and redirects; refuses HEIC, fake and oversized files with their messages", async () => {
    const { farmer, household } = await verifiedSeller(db);
    const cookie = await signIn(db, farmer.id);
    const listing = createListing(db, farmer, household.id, listingInput());

    const ok = (await editAction(args(uploadRequest(listing.id, cookie, [{ name: "xoai.jpg", data: await generatePlaceholderPhoto("Xoài", 45) }]), listing.id))) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe(`/ban-hang/san-pham/${listing.id}?anh=1#anh`);
    expect(listPhotos(db, listing.id)).toHaveLength(1);

    const tooBig = Buffer.alloc(15 * 1024 * 1024 + 10, 1);
    const refused = (await editAction(
      args(
        uploadRequest(listing.id, cookie, [
          { name: "IMG_0001.HEIC", data: heicHeader(), type: "image/heic" },
          { name: "anh.jpg", data: Buffer.from("không phải ảnh") },
          { name: "to-qua.jpg", data: tooBig },
        ]),
        listing.id,
      ),
    )) as Response;
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { errors: string[]; uploaded: number };
    expect(body.uploaded).toBe(0);
    expect(body.errors).toEqual([
      expect.stringMatching(/^to-qua\.jpg: Ảnh lớn hơn 15 MB/),
      expect.stringMatching(/^IMG_0001\.HEIC: Ảnh HEIC \(mặc định của iPhone\) chưa được hỗ trợ\. .*Tương thích nhất/),
      expect.stringMatching(/^anh\.jpg: Tệp này không phải ảnh JPEG, PNG hay WebP/),
    ]);
    expect(listPhotos(db, listing.id)).toHaveLength(1);

    // The page's script gets the same verdict as JSON, one photo per request. The script names the file
    // itself (by the name the farmer chose; a downscaled copy is sent as .jpg), so the answer does not.
    const js = (await editAction(args(uploadRequest(listing.id, cookie, [{ name: "IMG_0002.jpg", data: heicHeader() }], { client: "js" }), listing.id))) as Response;
    expect(js.status).toBe(400);
    const [message] = ((await js.json()) as { errors: string[] }).errors;
    expect(message).toMatch(/^Ảnh HEIC \(mặc định của iPhone\) chưa được hỗ trợ\./);
    expect(message).not.toContain("IMG_0002");
  });

  it("another farmer cannot open or change the listing by changing the id (403)", async () => {
    const { farmer, household } = await verifiedSeller(db);
    const listing = createListing(db, farmer, household.id, listingInput());
    const stranger = await makeUser(db, "farmer");
    const cookie = await signIn(db, stranger.id);
    const opened = await editLoader(args(getRequest(`/ban-hang/san-pham/${listing.id}`, cookie), listing.id)).catch((e: unknown) => e);
    expect((opened as Response).status).toBe(403);
    const statusChange = await editAction(args(formRequest(`/ban-hang/san-pham/${listing.id}`, { intent: "status", status: "archived" }, cookie), listing.id)).catch((e: unknown) => e);
    expect((statusChange as Response).status).toBe(403);
    const upload = await editAction(args(uploadRequest(listing.id, cookie, [{ name: "a.jpg", data: await generatePlaceholderPhoto("A", 10) }]), listing.id)).catch((e: unknown) => e);
    expect((upload as Response).status).toBe(403);
    expect(getListing(db, listing.id)!.status).toBe("draft");
    expect(listPhotos(db, listing.id)).toHaveLength(0);
  });
});

describe("quick edit on my listings", () => {
  it("changes price and stock of the farmer's own listing; another household's id is refused", async () => {
    const { farmer, household } = await verifiedSeller(db);
    const mine = createListing(db, farmer, household.id, listingInput());
    const cookie = await signIn(db, farmer.id);
    const saved = (await listAction({ request: formRequest("/ban-hang/san-pham", { listingId: String(mine.id), price: "39.000", stock: "12" }, cookie), params: {}, context: testContext() })) as Response;
    expect(saved.status).toBe(302);
    expect(getListing(db, mine.id)).toMatchObject({ priceVnd: 39_000, stock: 12 });

    const bad = (await listAction({ request: formRequest("/ban-hang/san-pham", { listingId: String(mine.id), price: "39,5", stock: "12" }, cookie), params: {}, context: testContext() })) as Response;
    expect(bad.status).toBe(400);

    const other = await verifiedSeller(db);
    const theirs = createListing(db, other.farmer, other.household.id, listingInput());
    const refused = await listAction({ request: formRequest("/ban-hang/san-pham", { listingId: String(theirs.id), price: "1.000", stock: "1" }, cookie), params: {}, context: testContext() }).catch((e: unknown) => e);
    expect((refused as Response).status).toBe(403);
    expect(getListing(db, theirs.id)!.priceVnd).toBe(45_000);
  });
});

describe("media route", () => {
  it("serves a variant with immutable caching and its type; refuses traversal", async () => {
    const { farmer, household } = await verifiedSeller(db);
    const listing = createListing(db, farmer, household.id, listingInput());
    const photo = await processPhotoNow(db, (await addPhoto(db, farmer, listing.id, await generatePlaceholderPhoto("Nghêu Gò Công", 200))).id);
    const get = (file: string) => mediaLoader({ request: getRequest(`/media/${file}`), params: { file }, context: testContext() }) as Promise<Response>;
    const webp = await get(`${photo!.hash}-320.webp`);
    expect(webp.status).toBe(200);
    expect(webp.headers.get("Content-Type")).toBe("image/webp");
    expect(webp.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect((await webp.arrayBuffer()).byteLength).toBeLessThanOrEqual(25 * 1024);
    const jpg = await get(`${photo!.hash}-1200.jpg`);
    expect(jpg.headers.get("Content-Type")).toBe("image/jpeg");
    for (const bad of ["../test.db", "..%2F..%2Fetc%2Fpasswd", `tmp/photo-${photo!.id}.orig`, `${"0".repeat(32)}-320.webp`]) {
      expect((await get(bad)).status).toBe(404);
    }
  });
});
