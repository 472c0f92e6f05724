import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";

/** What an order page's action answered (replyWithError's shape), when it did. */
export interface StepReply {
  intent?: string;
  errors: { form: string | null; fields: Record<string, string | undefined> };
  values: Record<string, string | undefined>;
}

/**
 * The farm's "reject with a reason" form, on the farm's order page and on the officer's on-behalf block:
 * folded away until used, opened again with the typed reason and its message when the reason was refused.
 */
export function RejectOrderForm({ reply }: { reply: StepReply | undefined }) {
  const { t } = useTranslation("orders");
  const mine = reply?.intent === "reject" ? reply : undefined;
  const reasonError = mine?.errors.fields.reason;
  return (
    <details className="order-danger" open={mine ? true : undefined}>
      <summary>{t("farm.reject")}</summary>
      <Form method="post" className="form">
        <FormError errors={mine?.errors.form ? [mine.errors.form] : null} />
        <div className="field">
          <label htmlFor="reason">{t("farm.rejectReason")}</label>
          <input
            id="reason"
            name="reason"
            required
            maxLength={500}
            defaultValue={mine?.values.reason ?? ""}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? "reason-error" : undefined}
          />
          {reasonError ? (
            <p id="reason-error" className="field-error">
              {reasonError}
            </p>
          ) : null}
        </div>
        <SubmitButton name="intent" value="reject" intent="reject" className="button button-danger button-block">
          {t("farm.rejectSubmit")}
        </SubmitButton>
      </Form>
    </details>
  );
}
