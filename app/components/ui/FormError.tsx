import { useErrorText } from "./errors";

/** Errors about the whole form (e.g. "wrong phone or password"), announced to screen readers. */
export function FormError({ id, errors }: { id?: string; errors?: string[] | null }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <div id={id} className="alert alert-error" role="alert">
      {errors.map((e) => (
        <p key={e}>
          {text(e)}
        </p>
      ))}
    </div>
  );
}

/** A success notice after a form was handled (role=status: announced politely). */
export function FormNotice({ children }: { children: React.ReactNode }) {
  if (!children) return null;
  return (
    <div className="alert alert-ok" role="status">
      {children}
    </div>
  );
}
