/**
 * Checkout (thanh-toan): a changed province or commune brings new fees, communes and carrier
 * quotes without reloading the page. It asks the page's own GET — what the no-script "update
 * fees" button does as a whole page — reads the answer's HTML and swaps only the parts that
 * depend on the address (marked `data-fees-part`), so what the buyer typed stays. Texts come from
 * the markup. Without this script the button does the same as a full page.
 */
import { feeQuery, newestOnly } from "~/orders/checkout-fees";

for (const form of document.querySelectorAll<HTMLFormElement>("form[data-checkout-fees]")) enhance(form);

function enhance(form: HTMLFormElement) {
  const url = form.dataset.checkoutFees || location.pathname;
  const refresh = form.querySelector<HTMLElement>("[data-fees-refresh]");
  const status = form.querySelector<HTMLElement>("[data-fees-status]");
  const requests = newestOnly();
  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  if (refresh) refresh.hidden = true;
  for (const hint of form.querySelectorAll<HTMLElement>("[data-live-text]")) hint.textContent = hint.dataset.liveText ?? hint.textContent;

  form.addEventListener("change", async (event) => {
    const changed = (event.target as HTMLInputElement).name;
    const query = feeQuery(new FormData(form), changed);
    if (!query) return;
    const id = requests.start();
    say(status?.dataset.updating ?? "");
    try {
      const response = await fetch(`${url}?${query}`, { credentials: "same-origin", headers: { Accept: "text/html" } });
      // An older answer is dropped unread: cancelling its body frees the connection (a phone has few).
      if (!requests.isNewest(id)) return void response.body?.cancel();
      // Sent elsewhere (the cart emptied in another tab, the session ended): go where the page would.
      if (response.redirected) return location.assign(response.url);
      if (!response.ok) throw new Error(String(response.status));
      const html = await response.text();
      if (!requests.isNewest(id)) return;
      const fresh = new DOMParser().parseFromString(html, "text/html").querySelector("form[data-checkout-fees]");
      if (!fresh) throw new Error("no checkout form in the answer");
      swapParts(form, fresh, changed === "provinceCode");
      say("");
    } catch {
      if (!requests.isNewest(id)) return;
      // The whole-page update still works: offer it again.
      say("");
      if (refresh) refresh.hidden = false;
    }
  });
}

/** Replaces each marked part with the answer's; the commune list only when the province changed. */
function swapParts(form: HTMLFormElement, fresh: Element, provinceChanged: boolean) {
  const next = new Map<string, Element>();
  for (const part of fresh.querySelectorAll<HTMLElement>("[data-fees-part]")) next.set(part.dataset.feesPart ?? "", part);
  for (const part of form.querySelectorAll<HTMLElement>("[data-fees-part]")) {
    const name = part.dataset.feesPart ?? "";
    if (name === "communes" && !provinceChanged) continue;
    const replacement = next.get(name);
    if (replacement) part.replaceWith(document.importNode(replacement, true));
  }
}
