import { useNavigation } from "@remix-run/react";
import type { ButtonHTMLAttributes, ReactNode } from "react";

/**
 * The form's submit button: full width and tall enough to tap. While this form is being sent
 * (with JavaScript) it is marked busy so a second tap does not send it twice.
 */
export function SubmitButton({
  children,
  pendingLabel,
  className,
  intent,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  pendingLabel?: ReactNode;
  /** on pages with several forms: the value of the form's hidden "intent" field */
  intent?: string;
}) {
  const navigation = useNavigation();
  const mine = navigation.state === "submitting" && (intent === undefined || navigation.formData?.get("intent") === intent);
  return (
    <button
      type="submit"
      className={className ?? "button button-block"}
      aria-busy={mine || undefined}
      aria-disabled={mine || undefined}
      onClick={(event) => {
        if (mine) event.preventDefault();
      }}
      {...rest}
    >
      {mine && pendingLabel ? pendingLabel : children}
    </button>
  );
}
