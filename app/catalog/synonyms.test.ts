import { describe, expect, it } from "vitest";
import { fold } from "~/lib/text";
import { expandSynonyms, synonymsOf } from "./synonyms";

const expand = (text: string) => {
  const marked = text.toLowerCase().split(" ");
  return expandSynonyms(marked.map(fold), marked).map((g) => g.alternatives.map((a) => a.join(" ")));
};

describe("folding", () => {
  it("strips tones and vowel marks and maps đ to d", () => {
    expect(fold("Xoài cát Hòa Lộc")).toBe("xoai cat hoa loc");
    expect(fold("ĐỒNG THÁP")).toBe("dong thap");
    expect(fold("Sầu riêng Ngũ Hiệp")).toBe("sau rieng ngu hiep");
  });
});

describe("synonym expansion", () => {
  it("turns each regional name into the OR-group of its synonyms, the typed name first", () => {
    // "thơm" is also "fragrant": a name of pineapple only as the first word, never searched for "khóm"
    expect(expand("khóm")).toEqual([["khom", "pineapple"]]);
    expect(expand("gạo thơm")).toEqual([["gao", "rice"], ["thom"]]);
    // strict names (which fold to other words) are not added when another name is typed
    expect(expand("thơm")[0]).toEqual(["thom", "khom", "pineapple"]);
    expect(expand("bắp")[0]).toEqual(["bap", "corn"]);
    expect(expand("heo")[0]).toEqual(["heo", "pork", "pig"]);
    expect(expand("lợn")[0]).toEqual(["lon", "heo", "pork", "pig"]);
    expect(expand("đậu phộng")).toEqual([["dau phong", "peanut"]]);
    expect(expand("lạc")).toEqual([["lac", "dau phong", "peanut"]]);
    expect(expand("trái")[0]).toEqual(["trai"]);
    expect(expand("quả")[0]).toEqual(["qua", "trai"]);
    expect(expand("vú sữa")[0]).toEqual(["vu sua", "star apple"]);
    expect(expand("sầu riêng")[0]).toContain("durian");
  });

  it("prefers the longest name: mãng cầu xiêm is not mãng cầu ta", () => {
    expect(expand("mãng cầu xiêm")).toEqual([["mang cau xiem", "mang cau gai", "soursop"]]);
    expect(expand("mãng cầu ta")[0]).toEqual(["mang cau ta", "mang cau dai", "sugar apple"]);
    expect(expand("na")[0]).toEqual(["na", "mang cau ta", "mang cau dai", "sugar apple"]);
  });

  it("expands names that fold to another word only when written with their marks", () => {
    // dứa (pineapple) vs dưa (melon); ngô (corn) vs ngò (coriander); quả vs quà (gift)
    expect(expand("dứa")[0]).toContain("khom");
    expect(expand("dưa hấu")).toEqual([["dua"], ["hau"]]);
    expect(expand("dua")).toEqual([["dua"]]);
    expect(expand("ngô")[0]).toContain("bap");
    expect(expand("ngò")).toEqual([["ngo"]]);
    expect(expand("quà")).toEqual([["qua"]]);
  });

  it("reads the English name of Gò Công chicken as gà", () => {
    expect(expand("chicken")).toEqual([["chicken", "ga"]]);
  });

  it("keeps other words as they are, in order", () => {
    expect(expand("xoài cát hòa lộc")).toEqual([["xoai", "mango"], ["cat"], ["hoa"], ["loc"]]);
  });

  it("adds the synonyms of a title to the indexed text", () => {
    expect(synonymsOf("Khóm Tân Phước")).toBe("pineapple");
    // a title written with a strict name carries the others, so "thơm" (searched as khóm too) finds "Dứa Cầu Đúc"
    expect(synonymsOf("Dứa Cầu Đúc")).toBe("khom pineapple");
    expect(synonymsOf("Ngô nếp")).toBe("bap corn");
    expect(synonymsOf("Dưa hấu Long An")).toBe("");
    expect(synonymsOf("Mãng cầu xiêm Tân Phú Đông")).toBe("mang cau gai soursop");
  });
});
