import type { TFunction } from "i18next";
import type { Candidate, Resolution } from "./types";

type T = TFunction<"addresses">;

/** One candidate as people read it: "Phường 1, Thành phố Gò Công, Tỉnh Tiền Giang → nay là Phường Gò Công". */
function describeCandidate(t: T, candidate: Candidate): string {
  if (candidate.setId === "current") return t("candidate.current", { name: candidate.name });
  const place = [candidate.districtName, candidate.provinceName].filter(Boolean).join(", ");
  if (candidate.current.length === 0) return t("candidate.dissolved", { name: candidate.name, place });
  const current = candidate.current.map((c) => c.name).join(t("candidate.or"));
  return t("candidate.former", { name: candidate.name, place, current });
}

/** A resolution as one sentence, for import reports and form errors. Safe in the browser. */
export function describeResolution(t: T, result: Resolution): string {
  const list: Candidate[] = result.status === "resolved" ? [] : result.candidates;
  const candidates = list.map((c) => describeCandidate(t, c)).join(t("candidate.separator"));
  switch (result.status) {
    case "resolved":
      return result.via === "former" && result.former
        ? t("resolution.resolvedFormer", {
            former: result.former.name,
            commune: result.commune.name,
            province: result.commune.provinceName,
          })
        : t("resolution.resolved", { commune: result.commune.name, province: result.commune.provinceName });
    case "ambiguous":
      return result.reason === "partial" && result.former
        ? t("resolution.partial", { former: result.former.name, candidates })
        : t("resolution.ambiguous", { candidates });
    case "unknown":
      switch (result.reason) {
        case "province":
          return t("resolution.province");
        case "district":
          return candidates ? t("resolution.districtWithCandidates", { candidates }) : t("resolution.district");
        case "notInDistrict":
          return candidates ? t("resolution.notInDistrictWithCandidates", { candidates }) : t("resolution.notInDistrict");
        case "dissolved":
          return t("resolution.dissolved", { former: result.candidates[0]?.name ?? "" });
        default:
          return candidates ? t("resolution.unknownWithCandidates", { candidates }) : t("resolution.unknown");
      }
  }
}
