import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/ui/SubmitButton";

/**
 * The confirmation step of an irreversible farm step (confirm-step.server.ts decides when): what
 * will happen, that it cannot be undone, a confirm button that posts the same step with
 * `confirm=1`, and a link back that changes nothing. A plain form, so it works without JavaScript;
 * with it, the page's island (app/islands/packing.ts) moves the focus to the heading marked
 * data-focus-on-load, so the question is read out and in reach of the thumb.
 */
export function ConfirmStep({ pending, code, backTo }: {
  pending: { intent: string; to: "delivered" | "rejected"; reason: string; days: number };
  code: string;
  backTo: string;
}) {
  const { t } = useTranslation("orders");
  return (
    <section className="confirm-step alert alert-error" role="alertdialog" aria-labelledby="confirm-step-title" aria-describedby="confirm-step-what">
      <h2 id="confirm-step-title" tabIndex={-1} data-focus-on-load>
        {t(`confirmStep.title.${pending.to}`)}
      </h2>
      <p id="confirm-step-what">{t(`confirmStep.what.${pending.to}`, { code, reason: pending.reason, days: pending.days })}</p>
      <p>
        <strong>{t("confirmStep.irreversible")}</strong>
      </p>
      <Form method="post" className="form">
        <input type="hidden" name="intent" value={pending.intent} />
        <input type="hidden" name="reason" value={pending.reason} />
        <input type="hidden" name="confirm" value="1" />
        <SubmitButton intent={pending.intent} className="button button-danger button-block">
          {t(`confirmStep.submit.${pending.to}`)}
        </SubmitButton>
      </Form>
      <p>
        <Link to={backTo} className="button button-secondary button-block">
          {t("confirmStep.back")}
        </Link>
      </p>
    </section>
  );
}
