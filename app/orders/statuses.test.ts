import { describe, expect, it } from "vitest";
import * as schema from "../../db/schema/orders";
import { ORDER_STATUSES, PAYMENT_METHODS, PAYMENT_STATUSES } from "./statuses";

describe("browser-safe order vocabularies", () => {
  it("match the database schema exactly", () => {
    expect([...ORDER_STATUSES]).toEqual([...schema.ORDER_STATUSES]);
    expect([...PAYMENT_STATUSES]).toEqual([...schema.PAYMENT_STATUSES]);
    expect([...PAYMENT_METHODS]).toEqual([...schema.PAYMENT_METHODS]);
  });
});
