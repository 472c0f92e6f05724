import type { TFunction } from "i18next";
import type { Candidate, Resolution } from "./types";

type T = TFunction<"addresses">;

/** One candidate as people read it: "Phường 1, Thành phố Gò Công, Tỉnh Tiền Giang → nay là Phường Gò Công". */
function describeCandidate(t: T, candidate: Candidate): string {
  const place = [candidate.districtName, candidate.provinceName].filter(Boolean).join(", ");
  // The province tells a current commune from a former one of the same name elsewhere.
  if (candidate.setId === "current") return t("candidate.current", { name: candidate.name, place });
  if (candidate.current.length === 0) return t("candidate.successorUnknown", { name: candidate.name, place });
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
            place: [result.former.districtName, result.former.provinceName].filter(Boolean)[0] ?? "",
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
        case "successorUnknown":
          return t("resolution.successorUnknown", { former: result.candidates[0]?.name ?? "" });
        default:
          return candidates ? t("resolution.unknownWithCandidates", { candidates }) : t("resolution.unknown");
      }
  }
}
