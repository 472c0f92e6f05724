import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import type { OrderStatus } from "../../db/schema";

/** The form intents of a farm's steps (shared by the farm's page and the officer's on-behalf block). */
export const STEP_INTENTS = { confirm: "confirmed", reject: "rejected", ship: "shipped", deliver: "delivered" } as const;
export type StepIntent = keyof typeof STEP_INTENTS;

interface Reply {
  intent?: string;
  errors: { form: string | null; fields: Record<string, string> };
  values: Record<string, string>;
}

/**
 * On the officer's order page, for a farm nobody has claimed yet: the farm's next steps as buttons,
 * taken on its behalf (the access policy decided which; the server checks again). Plain forms.
 */
export function OnBehalfSteps({
  farm,
  steps,
  deliveryMethod,
  reply,
}: {
  farm: string;
  steps: OrderStatus[];
  deliveryMethod: string;
  reply: Reply | undefined;
}) {
  const { t } = useTranslation("orders");
  const errorsFor = (intent: StepIntent) =>
    reply?.intent === intent ? [reply.errors.form, ...Object.values(reply.errors.fields)].filter((e): e is string => Boolean(e)) : null;
  const button = (intent: StepIntent, label: string) => (
    <Form method="post" className="form">
      <FormError errors={errorsFor(intent)} />
      <SubmitButton name="intent" value={intent} intent={intent}>
        {label}
      </SubmitButton>
    </Form>
  );
  const reasonError = reply?.intent === "reject" ? reply.errors.fields.reason : undefined;
  return (
    <div className="order-actions no-print" data-testid="on-behalf">
      <p className="alert alert-ok">{t("onBehalf.notice", { farm })}</p>
      {steps.includes("confirmed") ? button("confirm", t("farm.confirm")) : null}
      {steps.includes("shipped") ? button("ship", deliveryMethod === "pickup" ? t("farm.readyForPickup") : t("farm.ship")) : null}
      {steps.includes("delivered") ? button("deliver", t("farm.deliver")) : null}
      {steps.includes("rejected") ? (
        <details className="order-danger" open={reply?.intent === "reject" || undefined}>
          <summary>{t("farm.reject")}</summary>
          <Form method="post" className="form">
            <FormError errors={reply?.intent === "reject" && reply.errors.form ? [reply.errors.form] : null} />
            <div className="field">
              <label htmlFor="reason">{t("farm.rejectReason")}</label>
              <input
                id="reason"
                name="reason"
                required
                maxLength={500}
                defaultValue={reply?.intent === "reject" ? (reply.values.reason ?? "") : ""}
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
      ) : null}
    </div>
  );
}
