/**
 * The farm's order page (and the officer's, on a farm's behalf): the packing form's line totals, new
 * order total and whether the buyer will be asked, shown as the weights are typed (app/orders/packing-live.ts, the
 * server's own arithmetic), and the button then packs at once; without script the server previews
 * first. A confirmation step's heading takes the focus on load so it is read out and in reach.
 * Every text comes from the markup (data-* attributes written with the page's t()).
 */
import { formatMoney } from "~/i18n/format";
import { fill, livePacking, previewParagraphs, type LiveFigures, type PreviewTexts } from "~/orders/packing-live";

const focusTarget = document.querySelector<HTMLElement>("[data-focus-on-load]");
if (focusTarget) {
  focusTarget.focus();
  focusTarget.scrollIntoView({ block: "center" });
}

for (const form of document.querySelectorAll<HTMLFormElement>("form[data-packing]")) enhance(form);

function enhance(form: HTMLFormElement) {
  const figures = JSON.parse(form.dataset.packing ?? "") as LiveFigures;
  const texts = JSON.parse(form.dataset.packingTexts ?? "") as PreviewTexts & { submit: string };
  const money = (vnd: number) => formatMoney(vnd, document.documentElement.lang === "en" ? "en" : "vi");
  const fields = figures.lines.flatMap((line) => {
    const input = form.querySelector<HTMLInputElement>(`[name="packed-${line.itemId}"]`);
    const error = form.querySelector<HTMLElement>(`#packed-${line.itemId}-error`);
    const total = form.querySelector<HTMLElement>(`#packed-${line.itemId}-total`);
    if (!line.weighed || !input) return [];
    return [{ id: line.itemId, input, error, total, messages: JSON.parse(input.dataset.messages ?? "{}") as Record<string, string>, touched: false }];
  });
  const preview = form.querySelector<HTMLElement>("[data-packing-preview]");
  // The preview is live: the button packs what it shows, no second round trip.
  form.querySelector("[data-packing-edit]")?.remove();
  const submit = form.querySelector<HTMLButtonElement>("[data-packing-submit]");
  if (submit) {
    submit.value = "pack";
    submit.textContent = texts.submit;
  }

  const update = () => {
    const live = livePacking(figures, new Map(fields.map((f) => [f.id, f.input.value])));
    for (const field of fields) {
      const lineTotal = live.lineTotals.get(field.id);
      if (field.total) {
        field.total.hidden = lineTotal === undefined;
        field.total.textContent = lineTotal === undefined ? "" : fill(field.total.dataset.packingLineTotal ?? "", { amount: money(lineTotal) });
      }
      const problem = live.problems.get(field.id);
      // A message the server gave stays until the farm edits that weight.
      if (!problem && !field.touched) continue;
      if (field.error) field.error.textContent = problem ? fill(field.messages[problem.key] ?? field.messages.invalid ?? "", { suggestion: problem.suggestion }) : "";
      if (problem) field.input.setAttribute("aria-invalid", "true");
      else field.input.removeAttribute("aria-invalid");
    }
    if (!preview) return;
    preview.hidden = live.preview === null;
    preview.replaceChildren(
      ...(live.preview ? previewParagraphs(live.preview, texts, money) : []).map((text, i) => {
        const p = document.createElement("p");
        if (i === 0) p.appendChild(document.createElement("strong")).textContent = text;
        else p.textContent = text;
        return p;
      }),
    );
  };
  form.addEventListener("input", (event) => {
    const field = fields.find((f) => f.input === event.target);
    if (field) field.touched = true;
    update();
  });
  update();
}
