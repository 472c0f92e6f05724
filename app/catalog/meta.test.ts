import { describe, expect, it } from "vitest";
import { catalogPageMeta } from "./meta";

describe("catalogPageMeta", () => {
  it("gives title, description, canonical and Open Graph tags, with the image only when there is one", () => {
    const tags = catalogPageMeta({ title: "Xoài cát | Chợ Nông Sản", description: "Xoài", canonical: "https://x.vn/san-pham/xoai-1", type: "product", shareTitle: "Xoài cát", image: "https://x.vn/a.jpg" });
    expect(tags).toContainEqual({ tagName: "link", rel: "canonical", href: "https://x.vn/san-pham/xoai-1" });
    expect(tags).toContainEqual({ property: "og:title", content: "Xoài cát" });
    expect(tags).toContainEqual({ property: "og:type", content: "product" });
    expect(tags).toContainEqual({ property: "og:image", content: "https://x.vn/a.jpg" });
    const plain = catalogPageMeta({ title: "Trái cây", description: "d", canonical: "https://x.vn/danh-muc/trai-cay" });
    expect(plain).toContainEqual({ property: "og:title", content: "Trái cây" });
    expect(plain.some((t) => "property" in t && (t.property === "og:type" || t.property === "og:image"))).toBe(false);
  });
});
