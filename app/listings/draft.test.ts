import { describe, expect, it } from "vitest";
import { clearDraft, DRAFT_MAX_AGE_MS, draftDiffers, draftKey, draftOnLoad, loadDraft, saveDraft, type DraftStorage } from "./draft";

function memoryStorage(): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe("listing drafts", () => {
  it("keys drafts per user and listing", () => {
    expect(draftKey(7, "new")).not.toBe(draftKey(8, "new"));
    expect(draftKey(7, 12)).not.toBe(draftKey(7, "new"));
  });

  it("keeps what was typed and gives it back", () => {
    const storage = memoryStorage();
    const key = draftKey(1, "new");
    saveDraft(storage, key, { title: "Xoài cát Hòa Lộc", price: "45000" }, 1_000);
    expect(loadDraft(storage, key, 2_000)).toEqual({ title: "Xoài cát Hòa Lộc", price: "45000" });
  });

  it("removes the key when nothing is typed, and on clear", () => {
    const storage = memoryStorage();
    const key = draftKey(1, 5);
    saveDraft(storage, key, { title: "Bưởi" });
    saveDraft(storage, key, { title: "" });
    expect(storage.map.has(key)).toBe(false);
    saveDraft(storage, key, { title: "Bưởi" });
    clearDraft(storage, key);
    expect(loadDraft(storage, key)).toBeNull();
  });

  it("drops a stale or unreadable draft", () => {
    const storage = memoryStorage();
    const key = draftKey(1, 5);
    saveDraft(storage, key, { title: "Cam" }, 0);
    expect(loadDraft(storage, key, DRAFT_MAX_AGE_MS + 1)).toBeNull();
    expect(storage.map.has(key)).toBe(false);
    storage.setItem(key, "{not json");
    expect(loadDraft(storage, key)).toBeNull();
    expect(storage.map.has(key)).toBe(false);
  });

  it("keeps only string values from a stored draft", () => {
    const storage = memoryStorage();
    const key = draftKey(2, "new");
    storage.setItem(key, JSON.stringify({ v: 1, at: 10, values: { title: "Na", stock: 5 } }));
    expect(loadDraft(storage, key, 20)).toEqual({ title: "Na" });
  });

  it("survives a storage that throws (private mode, quota)", () => {
    const broken: DraftStorage = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("quota");
      },
      removeItem: () => {
        throw new Error("denied");
      },
    };
    expect(() => saveDraft(broken, "k", { title: "x" })).not.toThrow();
    expect(loadDraft(broken, "k")).toBeNull();
  });

  it("tells whether a draft adds anything to the form", () => {
    expect(draftDiffers({ title: "Na" }, { title: "Na", price: "1" })).toBe(false);
    expect(draftDiffers({ title: "Na dai" }, { title: "Na" })).toBe(true);
  });
});

describe("a kept draft when the form loads", () => {
  const typed = { title: "Bưởi da xanh", price: "35.000" };
  it("is forgotten on the redirect after a save, kept when that address is reloaded", () => {
    expect(draftOnLoad({ saved: true, reloadOfThisPage: false, draft: typed, current: {} })).toBe("clear-saved");
    expect(draftOnLoad({ saved: true, reloadOfThisPage: true, draft: typed, current: { title: "" } })).toBe("restore");
  });

  it("is put back only when it says something the form does not show", () => {
    expect(draftOnLoad({ saved: false, reloadOfThisPage: false, draft: typed, current: { title: "", price: "" } })).toBe("restore");
    expect(draftOnLoad({ saved: false, reloadOfThisPage: true, draft: typed, current: { ...typed } })).toBe("clear");
    expect(draftOnLoad({ saved: false, reloadOfThisPage: false, draft: null, current: {} })).toBe("none");
  });
});
