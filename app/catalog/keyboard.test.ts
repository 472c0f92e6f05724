import { describe, expect, it } from "vitest";
import { decodeKeyboard, hasMarks, markKey } from "./keyboard";

describe("decodeKeyboard", () => {
  it("reads Telex keys", () => {
    expect(decodeKeyboard("xoaif")).toEqual(["xoài"]);
    expect(decodeKeyboard("buwowri")).toEqual(["bưởi"]);
    expect(decodeKeyboard("buwowi")).toEqual(["bươi"]);
    expect(decodeKeyboard("sauf")).toEqual(["sàu"]);
    expect(decodeKeyboard("rieeng")).toEqual(["riêng"]);
    expect(decodeKeyboard("ddoongf")).toEqual(["đồng"]);
    expect(decodeKeyboard("dwaf")).toEqual(["dừa"]);
    expect(decodeKeyboard("duwas")).toEqual(["dứa"]);
    expect(decodeKeyboard("quar")).toEqual(["quả"]);
    expect(decodeKeyboard("khoms")).toEqual(["khóm"]);
  });

  it("reads VNI keys", () => {
    expect(decodeKeyboard("xoai2")).toEqual(["xoài"]);
    expect(decodeKeyboard("bu7o73i")).toEqual(["bưởi"]);
    expect(decodeKeyboard("d9u7a2")).toEqual(["đừa"]);
    expect(decodeKeyboard("du7a1")).toEqual(["dứa"]);
  });

  it("leaves words without keyboard keys alone", () => {
    expect(decodeKeyboard("xoai")).toEqual([]);
    expect(decodeKeyboard("xoài")).toEqual([]);
    expect(decodeKeyboard("25")).toEqual([]);
  });
});

describe("markKey", () => {
  it("compares spellings whatever the tone's position, and keeps different marks apart", () => {
    expect(markKey("hòa")).toBe(markKey("hoà"));
    expect(markKey("Thủy")).toBe(markKey("thuỷ"));
    expect(markKey("dừa")).not.toBe(markKey("dứa"));
    expect(markKey("dưa")).not.toBe(markKey("dứa"));
    expect(markKey("dưa")).not.toBe(markKey("dua"));
  });

  it("knows marked words", () => {
    expect(hasMarks("dừa")).toBe(true);
    expect(hasMarks("đo")).toBe(true);
    expect(hasMarks("dua")).toBe(false);
  });
});
