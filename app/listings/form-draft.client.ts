/**
 * The browser half of listing drafts (decision 0034; the storage rules are in draft.ts): keeps the
 * listing form's text in localStorage as the farmer types, offers it back on the next load with the
 * notice the server rendered hidden, and forgets it once the server has saved it. Plain DOM code
 * for the listing-form island; without JavaScript nothing runs and the form is as before.
 *
 * The form carries `data-draft-key` (the storage key), `data-draft-saved` (the page is the redirect
 * after a save) and `data-draft-clear` (further keys that save settled, space-separated); the notice
 * is `[data-draft-notice]` inside it, with its `[data-draft-discard]` button.
 */
import { clearDraft, draftOnLoad, loadDraft, saveDraft, type DraftStorage, type DraftValues } from "./draft";

const SAVE_DELAY_MS = 600;
const TEXT_TYPES = ["text", "date", "number", "search", "tel", "url", "email"];

type TextField = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** The form's text fields (not hidden, files, checkboxes or radios: those are cheap to redo). */
function textFields(form: HTMLFormElement): TextField[] {
  return Array.from(form.elements).filter((el): el is TextField => {
    if (el instanceof HTMLTextAreaElement) return Boolean(el.name);
    if (el instanceof HTMLSelectElement) return Boolean(el.name) && !el.multiple;
    return el instanceof HTMLInputElement && Boolean(el.name) && TEXT_TYPES.includes(el.type);
  });
}

/** Whether a field shows something else than the server rendered. */
function changedFromServer(el: TextField): boolean {
  if (el instanceof HTMLSelectElement) return Array.from(el.options).some((o) => o.selected !== o.defaultSelected);
  return el.value !== el.defaultValue;
}

function readValues(form: HTMLFormElement): DraftValues {
  const values: DraftValues = {};
  for (const el of textFields(form)) values[el.name] = el.value;
  return values;
}

/** The values the server rendered (what form.reset() goes back to). */
function serverValues(form: HTMLFormElement): DraftValues {
  const values: DraftValues = {};
  for (const el of textFields(form)) {
    values[el.name] = el instanceof HTMLSelectElement ? Array.from(el.options).find((o) => o.defaultSelected)?.value ?? el.options[0]?.value ?? "" : el.defaultValue;
  }
  return values;
}

/** This very address reloaded by the user: a save notice still in the address is old news then. */
function isReloadOfThisPage(): boolean {
  const entry = performance.getEntriesByType?.("navigation")[0] as PerformanceNavigationTiming | undefined;
  return entry?.type === "reload" && entry.name === window.location.href;
}

function storageOrNull(): DraftStorage | null {
  try {
    return window.localStorage;
  } catch {
    // Storage refused (private mode, policy): a draft is a convenience.
    return null;
  }
}

/** Starts keeping the draft of one form marked with data-draft-key. */
export function keepFormDraft(form: HTMLFormElement): void {
  const key = form.dataset.draftKey;
  const storage = storageOrNull();
  if (!key || !storage) return;
  const notice = form.querySelector<HTMLElement>("[data-draft-notice]");

  const plan = draftOnLoad({
    saved: form.dataset.draftSaved !== undefined,
    reloadOfThisPage: isReloadOfThisPage(),
    draft: loadDraft(storage, key),
    // Compared with what the server rendered: the browser may already have put back typed text on a reload.
    current: serverValues(form),
  });
  if (plan === "clear-saved") {
    clearDraft(storage, key);
    for (const other of (form.dataset.draftClear ?? "").split(" ").filter(Boolean)) clearDraft(storage, other);
  } else if (plan === "clear") {
    clearDraft(storage, key);
  } else if (plan === "restore") {
    const draft = loadDraft(storage, key) ?? {};
    for (const el of textFields(form)) if (el.name in draft) el.value = draft[el.name];
    if (notice) notice.hidden = false;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const onInput = () => {
    clearTimeout(timer);
    timer = setTimeout(() => saveDraft(storage, key, readValues(form)), SAVE_DELAY_MS);
  };
  form.addEventListener("input", onInput);
  form.addEventListener("change", onInput);
  // Text typed before the script ran (a slow link, a slow phone) fired no event here.
  if (textFields(form).some(changedFromServer)) onInput();

  notice?.querySelector("[data-draft-discard]")?.addEventListener("click", () => {
    clearTimeout(timer);
    clearDraft(storage, key);
    // Back to what the server sent (the fields' default values).
    form.reset();
    notice.hidden = true;
  });
}
