/**
 * Helpers for the households tests: a valid profile input with a fresh national ID each call.
 * Not imported by application code.
 */
import type { HouseholdInput } from "./profile.server";

// Current communes of province 82 (Đồng Tháp) and one of province 86 (Vĩnh Long).
export const DAO_THANH = "28249";
export const MY_THO = "28261";
export const PHU_KHUONG = "28756";

let cccdSeq = 100_000_000;
export const nextCccd = () => `082${String(++cccdSeq).padStart(9, "0")}`;

export function input(overrides: Partial<HouseholdInput> = {}): HouseholdInput {
  return {
    kind: "household",
    representativeName: "Nguyễn Văn Tư",
    displayName: "Vườn xoài Tư Lộc",
    phone: "0912 345 678",
    nationalId: nextCccd(),
    communeCode: DAO_THANH,
    addressLine: "Ấp Hòa Thuận",
    mainProducts: "Xoài cát Hòa Lộc",
    certifications: ["vietgap"],
    delivery: { pickup: true, feeCommune: 15_000, feeProvince: 30_000, feeElsewhere: null, freeAbove: 500_000 },
    ...overrides,
  };
}
