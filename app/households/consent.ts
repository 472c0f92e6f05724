/**
 * How a household's consent was recorded, for people to read: an import stores
 * "import:<batch>:column" (the sheet's consent column) or "import:<batch>:batch" (the officer's
 * attestation for the file); an officer's form stores the method in words already.
 */
type ConsentSourceText = { key: "consentSources.importColumn" | "consentSources.importBatch"; batch: number } | { text: string };

export function consentSourceParts(source: string | null | undefined): ConsentSourceText {
  const m = /^import:(\d+):(column|batch)$/.exec(source ?? "");
  if (!m) return { text: source ?? "" };
  return { key: m[2] === "column" ? "consentSources.importColumn" : "consentSources.importBatch", batch: Number(m[1]) };
}
