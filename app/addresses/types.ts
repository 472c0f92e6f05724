/** Shapes of resolved addresses, shared by the server modules and the UI (no server code here). */

export interface UnitInfo {
  setId: string;
  code: string;
  /** full official name, e.g. "Xã Hòa Hưng" */
  name: string;
  shortName: string;
  folded: string;
  /** unit word, e.g. "Xã" */
  type: string;
  level: "province" | "district" | "commune";
  parentCode: string | null;
  provinceCode: string | null;
  /** name of the parent district (three-tier sets only) */
  districtName: string | null;
  provinceName: string | null;
}

/** A commune of the current set. */
export interface CommuneRef {
  code: string;
  name: string;
  provinceCode: string;
  provinceName: string;
}

/** A unit of a former set, as shown to people. */
export interface FormerRef {
  setId: string;
  code: string;
  name: string;
  districtCode: string | null;
  districtName: string | null;
  provinceCode: string | null;
  provinceName: string | null;
}

export interface Candidate {
  setId: string;
  code: string;
  name: string;
  districtName: string | null;
  provinceName: string | null;
  /** the current communes this unit went into; empty when it was merged before 2025 into a unit the data does not name */
  current: Array<CommuneRef & { mergeType: "full" | "partial" }>;
}

export type UnknownReason = "notFound" | "province" | "district" | "notInDistrict" | "successorUnknown";

export type Resolution =
  | { status: "resolved"; commune: CommuneRef; via: "current" | "former"; former?: FormerRef }
  | { status: "ambiguous"; reason: "partial" | "several"; candidates: Candidate[]; former?: FormerRef }
  | { status: "unknown"; reason: UnknownReason; candidates: Candidate[] };

export interface AddressInput {
  province?: string;
  district?: string;
  commune: string;
  communeCode?: string;
}
