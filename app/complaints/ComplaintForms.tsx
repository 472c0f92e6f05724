import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError } from "~/components/ui/FormError";
import { SubmitButton } from "~/components/ui/SubmitButton";
import { formatMoney } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { COMPLAINT_REMEDIES } from "./rules";

/** What a complaint form's action sends back on an error (formError in app/orders/forms.server.ts). */
export interface ComplaintReply {
  intent?: string;
  errors: { form: string | null; fields: Record<string, string> };
  values: Record<string, string>;
}

function useReply(reply: ComplaintReply | undefined, intent: string) {
  const mine = reply && reply.intent === intent ? reply : undefined;
  return {
    formErrors: mine?.errors.form ? [mine.errors.form] : null,
    fieldError: (name: string) => (mine?.errors.fields[name] ? <p className="field-error">{mine.errors.fields[name]}</p> : null),
    value: (name: string) => mine?.values[name] ?? "",
  };
}

/**
 * The remedy (asked for, or decided) and the refund amount, in the buyer's form and the staff's
 * decision alike: radio buttons of every remedy, then the amount with what can still be refunded.
 */
export function RemedyFields(props: {
  name: "remedy" | "decision";
  legend: string;
  labelOf: (remedy: (typeof COMPLAINT_REMEDIES)[number]) => string;
  amountLabel: string;
  amountHelp: string;
  helpId: string;
  value: (name: string) => string;
  fieldError: (name: string) => React.ReactNode;
}) {
  const { name, value, fieldError } = props;
  return (
    <>
      <fieldset className="field choice-field">
        <legend>{props.legend}</legend>
        {COMPLAINT_REMEDIES.map((r) => (
          <label key={r} className="choice">
            <input type="radio" name={name} value={r} defaultChecked={value(name) === r} />
            <span>{props.labelOf(r)}</span>
          </label>
        ))}
        {fieldError(name)}
      </fieldset>
      <div className="field">
        <label htmlFor="amount">{props.amountLabel}</label>
        <input id="amount" name="amount" inputMode="numeric" defaultValue={value("amount")} aria-describedby={props.helpId} />
        <p className="hint" id={props.helpId}>
          {props.amountHelp}
        </p>
        {fieldError("amount")}
      </div>
    </>
  );
}

/** The farm's answer: agree (the remedy asked is carried out) or disagree with an answer. */
export function AnswerForm({ reply, onBehalf }: { reply?: ComplaintReply; onBehalf: boolean }) {
  const { t } = useTranslation("complaints");
  const { formErrors, fieldError, value } = useReply(reply, "answer");
  return (
    <Form method="post" className="form">
      <h2>{t("answer.title")}</h2>
      {onBehalf ? <p className="muted">{t("answer.onBehalf")}</p> : null}
      <FormError errors={formErrors} />
      <fieldset className="field choice-field">
        <legend>{t("answer.choice")}</legend>
        <label className="choice">
          <input type="radio" name="agrees" value="yes" defaultChecked={value("agrees") === "yes"} />
          <span>
            {t("answer.agree")} <small className="muted">{t("answer.agreeHelp")}</small>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name="agrees" value="no" defaultChecked={value("agrees") === "no"} />
          <span>
            {t("answer.dispute")} <small className="muted">{t("answer.disputeHelp")}</small>
          </span>
        </label>
        {fieldError("agrees")}
      </fieldset>
      <div className="field">
        <label htmlFor="answer">{t("answer.answer")}</label>
        <textarea id="answer" name="answer" rows={3} maxLength={2000} defaultValue={value("answer")} aria-describedby="answer-help" />
        <p className="hint" id="answer-help">
          {t("answer.answerHelp")}
        </p>
        {fieldError("answer")}
      </div>
      <SubmitButton name="intent" value="answer" intent="answer">
        {t("answer.submit")}
      </SubmitButton>
    </Form>
  );
}

/** The officer's or administrator's decision, with its reason. */
export function DecideForm({ reply, refundableVnd }: { reply?: ComplaintReply; refundableVnd: number }) {
  const { t } = useTranslation("complaints");
  const locale = useLocale();
  const { formErrors, fieldError, value } = useReply(reply, "decide");
  return (
    <Form method="post" className="form">
      <h2>{t("decide.title")}</h2>
      <FormError errors={formErrors} />
      <RemedyFields
        name="decision"
        legend={t("decide.decision")}
        labelOf={(r) => t(`decisions.${r}`)}
        amountLabel={t("decide.amount")}
        amountHelp={t("decide.amountHelp", { max: formatMoney(refundableVnd, locale) })}
        helpId="decide-amount-help"
        value={value}
        fieldError={fieldError}
      />
      <div className="field">
        <label htmlFor="reason">{t("decide.reason")}</label>
        <textarea id="reason" name="reason" rows={3} maxLength={2000} defaultValue={value("reason")} aria-describedby="reason-help" />
        <p className="hint" id="reason-help">
          {t("decide.reasonHelp")}
        </p>
        {fieldError("reason")}
      </div>
      <SubmitButton name="intent" value="decide" intent="decide">
        {t("decide.submit")}
      </SubmitButton>
    </Form>
  );
}
