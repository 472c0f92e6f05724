import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema/households";
import * as options from "./options";

describe("browser-safe household vocabularies", () => {
  it("match the database schema", () => {
    expect(options.HOUSEHOLD_KINDS).toEqual(schema.HOUSEHOLD_KINDS);
    expect(options.HOUSEHOLD_STATUSES).toEqual(schema.HOUSEHOLD_STATUSES);
    expect(options.CERTIFICATIONS).toEqual(schema.CERTIFICATIONS);
    expect(options.VERIFICATION_METHODS).toEqual(schema.VERIFICATION_METHODS);
  });
});
