import { describe, expect, it } from "vitest";
import * as households from "../../db/schema/households";
import * as listings from "../../db/schema/listings";
import { CATEGORIES, CERTIFICATIONS, LISTING_STATUSES, UNITS } from "./options";

describe("browser-safe vocabularies", () => {
  it("match the database schema exactly", () => {
    expect([...CATEGORIES]).toEqual([...listings.CATEGORIES]);
    expect([...UNITS]).toEqual([...listings.UNITS]);
    expect([...LISTING_STATUSES]).toEqual([...listings.LISTING_STATUSES]);
    expect([...CERTIFICATIONS]).toEqual([...households.CERTIFICATIONS]);
  });
});
