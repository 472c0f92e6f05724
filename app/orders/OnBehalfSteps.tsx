import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import type { OrderStatus } from "../../db/schema";
import { RejectOrderForm, type StepReply } from "./RejectOrderForm";

/** The form intents of a farm's steps (shared by the farm's page and the officer's on-behalf block). */
export const STEP_INTENTS = { confirm: "confirmed", reject: "rejected", ship: "shipped", deliver: "delivered" } as const;
export type StepIntent = keyof typeof STEP_INTENTS;


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
  reply: StepReply | undefined;
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
  return (
    <div className="order-actions no-print" data-testid="on-behalf">
      <p className="alert alert-ok">{t("onBehalf.notice", { farm })}</p>
      {steps.includes("confirmed") ? button("confirm", t("farm.confirm")) : null}
      {steps.includes("shipped") ? button("ship", deliveryMethod === "pickup" ? t("farm.readyForPickup") : t("farm.ship")) : null}
      {steps.includes("delivered") ? button("deliver", t("farm.deliver")) : null}
      {steps.includes("rejected") ? <RejectOrderForm reply={reply} /> : null}
    </div>
  );
}
