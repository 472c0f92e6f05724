/**
 * The first-sale checklist as the page receives it (browser-safe: the component imports these types;
 * first-sale.server.ts computes it).
 */

export const FIRST_SALE_STEPS = ["profile", "verification", "listing", "firstOrder", "delivery"] as const;
export type FirstSaleStepKey = (typeof FIRST_SALE_STEPS)[number];

/** What each step says in its situation (households:firstSale.steps.<key>.<situation>). */
export type FirstSaleSituation =
  | "start"
  | "incomplete"
  | "done"
  | "pending"
  | "suspended"
  | "needsHousehold"
  | "none"
  | "noPhoto"
  | "photoProcessing"
  | "unpublished"
  | "waiting"
  | "open";

/** The profile fields a buyer needs before a first order (the bank account is suggested, not required). */
export type ProfileGap = "address" | "products" | "delivery" | "phone";

export interface FirstSaleStep {
  key: FirstSaleStepKey;
  state: "done" | "current" | "todo";
  situation: FirstSaleSituation;
  href: string;
}

export interface FirstSaleChecklist {
  steps: FirstSaleStep[];
  current: FirstSaleStepKey;
  /** required profile fields still empty */
  missing: ProfileGap[];
  /** no bank account yet: buyers who pay by transfer need one */
  suggestBank: boolean;
  /** the national ID is not on the profile, so the officer has nothing to compare it with */
  needsNationalId: boolean;
  /** the household may publish (verified); a draft can be prepared before */
  canPublish: boolean;
  communeName: string | null;
  /** why the household was suspended (the officer's note) */
  suspendedReason: string | null;
  /** who verifies (or hears an appeal) in the household's commune, phones formatted */
  officers: Array<{ name: string; phone: string; areaName: string }>;
}
