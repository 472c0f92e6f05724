import { useLocation, useRouteLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import type { RootData } from "~/root";
import { clearDraft, draftDiffers, draftKey, loadDraft, saveDraft, type DraftValues } from "./draft";

export interface DraftOptions {
  /** the listing id, or newListingScope(…) on the new-listing page */
  scope: string;
  /** the page was reached by the redirect after a save: the draft is in the database now */
  saved?: boolean;
  /** other scopes the save settled (the new-listing draft, once the listing exists) */
  clearScopes?: string[];
}

const SAVE_DELAY_MS = 600;

/** The form's text fields (not hidden, files, checkboxes or radios: those are cheap to redo). */
function textFields(form: HTMLFormElement): Array<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement> {
  return Array.from(form.elements).filter((el): el is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement => {
    if (el instanceof HTMLTextAreaElement) return Boolean(el.name);
    if (el instanceof HTMLSelectElement) return Boolean(el.name) && !el.multiple;
    return el instanceof HTMLInputElement && Boolean(el.name) && ["text", "date", "number", "search", "tel", "url", "email"].includes(el.type);
  });
}

/** Whether a field shows something else than the server rendered. */
function changedFromServer(el: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement): boolean {
  if (el instanceof HTMLSelectElement) return Array.from(el.options).some((o) => o.selected !== o.defaultSelected);
  return el.value !== el.defaultValue;
}

function readValues(form: HTMLFormElement): DraftValues {
  const values: DraftValues = {};
  for (const el of textFields(form)) values[el.name] = el.value;
  return values;
}

/**
 * This very address reloaded by the user (not reached by a client-side navigation later in a
 * reloaded document): a save notice still in the address is old news then, not a fresh save.
 */
function isReloadOfThisPage(): boolean {
  const entry = performance.getEntriesByType?.("navigation")[0] as PerformanceNavigationTiming | undefined;
  return entry?.type === "reload" && entry.name === window.location.href;
}

/**
 * Keeps the listing form's text in localStorage as the farmer types (debounced), offers it back
 * on the next load, and forgets it once the server has saved it. Browser-only by nature: without
 * JavaScript nothing runs and the form is as before.
 */
export function useFormDraft(formId: string, options: DraftOptions | undefined) {
  const user = useRouteLoaderData<RootData>("root")?.user;
  const location = useLocation();
  const key = options && user ? draftKey(user.id, options.scope) : null;
  const [restored, setRestored] = useState(false);
  const firstRun = useRef(true);

  useEffect(() => {
    const form = document.getElementById(formId);
    if (!key || !options || !(form instanceof HTMLFormElement)) return;
    const storage = window.localStorage;
    const initial = firstRun.current;
    firstRun.current = false;
    if (options.saved && !(initial && isReloadOfThisPage())) {
      clearDraft(storage, key);
      for (const scope of options.clearScopes ?? []) clearDraft(storage, draftKey(user!.id, scope));
    } else {
      const draft = loadDraft(storage, key);
      if (draft && draftDiffers(draft, readValues(form))) {
        for (const el of textFields(form)) {
          if (!(el.name in draft) || el.value === draft[el.name]) continue;
          el.value = draft[el.name];
          // Let the form library see the change as if typed.
          el.dispatchEvent(new Event("input", { bubbles: true }));
          el.dispatchEvent(new Event("change", { bubbles: true }));
        }
        setRestored(true);
      } else if (draft) {
        clearDraft(storage, key);
      }
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onInput = () => {
      clearTimeout(timer);
      timer = setTimeout(() => saveDraft(storage, key, readValues(form)), SAVE_DELAY_MS);
    };
    form.addEventListener("input", onInput);
    form.addEventListener("change", onInput);
    // Text typed before the page came alive (a slow link, a slow phone) fired no event here.
    if (textFields(form).some(changedFromServer)) onInput();
    return () => {
      clearTimeout(timer);
      form.removeEventListener("input", onInput);
      form.removeEventListener("change", onInput);
    };
    // options is a fresh object each render: its fields are what matter; a new location (the
    // redirect after another save) runs this again.
  }, [formId, key, options?.saved, options?.clearScopes?.join(","), location.key]);

  const discard = useCallback(() => {
    if (key) clearDraft(window.localStorage, key);
    const form = document.getElementById(formId);
    // Back to what the server sent (the inputs' default values).
    if (form instanceof HTMLFormElement) form.reset();
    setRestored(false);
  }, [formId, key]);

  return { restored, discard };
}
