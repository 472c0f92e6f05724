/**
 * Ids of the administrative-unit sets loaded from db/data/admin-units. Codes are reused between
 * sets (82 is Tiền Giang on 2025-03-01 but the new Đồng Tháp today), so a unit is always (set, code).
 */
export const CURRENT_SET = "current";
/** Whole country, three tiers, the last state before the 2025 reform. */
export const SET_2025 = "2025-03-01";
/** Tiền Giang only, three tiers, before the 2024 changes in Mỹ Tho, Gò Công and Châu Thành. */
export const SET_2024 = "2024-02-01";
