import { describe, expect, it } from "vitest";
import { MAX_UPLOAD_BYTES } from "./options";
import { CLIENT_MAX_EDGE, fitWithin, slowLinkHint, uploadSeconds } from "./photo-size";

describe("fitWithin", () => {
  it("brings a landscape photo's long side down to the limit, keeping its aspect", () => {
    const size = fitWithin(4000, 3000);
    expect(size.width).toBe(CLIENT_MAX_EDGE);
    expect(size.height).toBe(1536);
    expect(size.width / size.height).toBeCloseTo(4000 / 3000, 2);
  });

  it("does the same for a portrait photo", () => {
    expect(fitWithin(3024, 4032, 2048)).toMatchObject({ width: 1536, height: 2048 });
  });

  it("never enlarges a small photo", () => {
    expect(fitWithin(800, 600, 2048)).toEqual({ width: 800, height: 600, scale: 1 });
    expect(fitWithin(2048, 100, 2048).scale).toBe(1);
  });

  it("keeps a very thin panorama at least 1 px high", () => {
    const size = fitWithin(100_000, 10, 2048);
    expect(size.width).toBe(2048);
    expect(size.height).toBe(1);
  });
});

describe("slow-link figures", () => {
  it("counts seconds from bytes and kilobits per second, rounding up", () => {
    expect(uploadSeconds(87_500, 700)).toBe(1);
    expect(uploadSeconds(87_501, 700)).toBe(2);
  });

  it("derives the hint from the real upload limit", () => {
    const hint = slowLinkHint(MAX_UPLOAD_BYTES, 700);
    expect(hint.limitMb).toBe(MAX_UPLOAD_BYTES / (1024 * 1024));
    expect(hint.typicalMb).toBe(5);
    expect(hint.typicalMinutes).toBe(1);
    expect(hint.limitMinutes).toBeGreaterThan(hint.typicalMinutes);
  });

  it("uses the limit itself as the typical photo when the limit is small", () => {
    expect(slowLinkHint(2 * 1024 * 1024, 700)).toMatchObject({ limitMb: 2, typicalMb: 2, typicalMinutes: 1 });
  });
});
