import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";
import { useErrorText } from "./errors";

type Errors = string[] | undefined | null;

function describedBy(...ids: (string | false | undefined)[]) {
  const list = ids.filter(Boolean).join(" ");
  return list || undefined;
}

function FieldErrors({ id, errors }: { id: string; errors: Errors }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error">
      {errors.map((e) => text(e)).join(" ")}
    </p>
  );
}

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  errors?: Errors;
  /** conform's getInputProps(...) plus any extra attributes; `id` is required */
  inputProps: InputHTMLAttributes<HTMLInputElement> & { id: string; key?: string | null };
  className?: string;
}

/**
 * A labelled input with its hint and errors linked by aria-describedby, and aria-invalid while
 * it has errors. Renders on the server, so it works without JavaScript.
 */
export function Field({ label, hint, errors, inputProps, className }: FieldProps) {
  const { key, id, ...rest } = inputProps;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const invalid = Boolean(errors?.length);
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <input
        key={key ?? undefined}
        id={id}
        {...rest}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(hintId, invalid && errorId)}
      />
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

interface SelectFieldProps {
  label: ReactNode;
  hint?: ReactNode;
  errors?: Errors;
  selectProps: SelectHTMLAttributes<HTMLSelectElement> & { id: string; key?: string | null };
  options: { value: string; label: string; lang?: string }[];
}

export function SelectField({ label, hint, errors, selectProps, options }: SelectFieldProps) {
  const { key, id, ...rest } = selectProps;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const invalid = Boolean(errors?.length);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <select
        key={key ?? undefined}
        id={id}
        {...rest}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(hintId, invalid && errorId)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

interface ChoiceFieldProps {
  legend: ReactNode;
  /** the field's id, used to derive the option and error ids */
  id: string;
  name: string;
  errors?: Errors;
  defaultValue?: string;
  required?: boolean;
  options: { value: string; label: ReactNode }[];
}

/** Radio buttons in a fieldset; the whole row is the tap target. */
export function ChoiceField({ legend, id, name, errors, defaultValue, required, options }: ChoiceFieldProps) {
  const errorId = `${id}-error`;
  const invalid = Boolean(errors?.length);
  return (
    <fieldset className="field choice-field" aria-invalid={invalid || undefined} aria-describedby={invalid ? errorId : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="choice">
          <input
            type="radio"
            id={`${id}-${o.value}`}
            name={name}
            value={o.value}
            defaultChecked={defaultValue === o.value}
            required={required}
            aria-describedby={invalid ? errorId : undefined}
          />
          <span>{o.label}</span>
        </label>
      ))}
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  );
}

/** One row of a checkbox or radio group: conform's getCollectionProps item plus its label. */
interface ChoiceRow {
  inputProps: InputHTMLAttributes<HTMLInputElement> & { key?: string | null };
  label: ReactNode;
}

/** The rows of a checkbox or radio group, each a whole-row 44 px tap target (use inside a fieldset). */
export function ChoiceRows({ rows }: { rows: ChoiceRow[] }) {
  return (
    <>
      {rows.map(({ inputProps: { key, ...rest }, label }) => (
        <label key={key ?? String(rest.value)} className="choice">
          <input {...rest} />
          <span>{label}</span>
        </label>
      ))}
    </>
  );
}
