/**
 * The listing form's island (new and edit pages): keeps what the farmer types in the browser until
 * the server has saved it (app/listings/form-draft.client.ts). The rest of the form needs no script:
 * the server validates and answers in the page's language, and the unit-weight field follows the
 * chosen unit by CSS (listings.css).
 */
import { keepFormDraft } from "~/listings/form-draft.client";

for (const form of document.querySelectorAll<HTMLFormElement>("form[data-draft-key]")) keepFormDraft(form);
