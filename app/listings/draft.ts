/**
 * Drafts of the listing form kept in the browser until the server has saved them, so a dropped
 * connection or a closed tab does not lose what the farmer typed. Plain functions over a
 * Storage-like object (localStorage in the browser, a Map in tests).
 */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type DraftValues = Record<string, string>;

const PREFIX = "cns:listing-draft";
/** A draft older than this is stale (the listing may have changed since): dropped on load. */
export const DRAFT_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

/** One key per user and listing (a newListingScope for the new-listing form), so two accounts on one phone never mix. */
export function draftKey(userId: number | string, scope: number | string): string {
  return `${PREFIX}:${userId}:${scope}`;
}

/** Keeps the values; an empty draft (nothing typed) removes the key instead. Storage errors (full, private mode) are ignored. */
export function saveDraft(storage: DraftStorage, key: string, values: DraftValues, now = Date.now()): void {
  try {
    if (Object.values(values).every((v) => v === "")) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify({ v: 1, at: now, values }));
  } catch {
    // A draft is a convenience: never break the form over it.
  }
}

/** The kept values, or null when there is none, it is unreadable or stale. */
export function loadDraft(storage: DraftStorage, key: string, now = Date.now()): DraftValues | null {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as { v?: number; at?: number; values?: unknown };
    const fresh = typeof parsed.at === "number" && now - parsed.at <= DRAFT_MAX_AGE_MS;
    if (parsed.v !== 1 || !fresh || !parsed.values || typeof parsed.values !== "object") throw new Error("bad draft");
    const values: DraftValues = {};
    for (const [name, value] of Object.entries(parsed.values)) if (typeof value === "string") values[name] = value;
    return values;
  } catch {
    clearDraft(storage, key);
    return null;
  }
}

export function clearDraft(storage: DraftStorage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // See saveDraft.
  }
}

/** Whether a draft says something the form does not already show (else there is nothing to restore). */
export function draftDiffers(draft: DraftValues, current: DraftValues): boolean {
  return Object.entries(draft).some(([name, value]) => (current[name] ?? "") !== value);
}

/** The draft scope of the new-listing form: an officer listing for a household keeps one per household. */
export function newListingScope(householdParam: string | null): string {
  return householdParam ? `new-ho${householdParam}` : "new";
}

/** How the listing form keeps its draft (the server writes these on the form, the listing-form island reads them). */
export interface DraftOptions {
  /** the listing id, or newListingScope(…) on the new-listing page */
  scope: string;
  /** the page was reached by the redirect after a save: the draft is in the database now */
  saved?: boolean;
  /** other scopes the save settled (the new-listing draft, once the listing exists) */
  clearScopes?: string[];
}

/**
 * What the form does with a kept draft when its page loads: forget it (and the other scopes the
 * save settled) on the redirect after a save — unless that very address was reloaded, when the
 * notice in the URL is old news —, put it back when it says something the form does not show,
 * forget it when it does not.
 */
export function draftOnLoad(input: {
  saved: boolean;
  reloadOfThisPage: boolean;
  draft: DraftValues | null;
  current: DraftValues;
}): "clear-saved" | "restore" | "clear" | "none" {
  if (input.saved && !input.reloadOfThisPage) return "clear-saved";
  if (!input.draft) return "none";
  return draftDiffers(input.draft, input.current) ? "restore" : "clear";
}
