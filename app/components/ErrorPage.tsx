import { isRouteErrorResponse, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ErrorPayload } from "~/lib/errors";

/** Localized error page for every error boundary: never a stack trace. */
export function ErrorPage({ error, requestId }: { error: unknown; requestId?: string }) {
  const { t } = useTranslation();
  let title: string = t("errors.serverTitle");
  let text: string = t("errors.serverText", { requestId: requestId ?? "-" });
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const payload = (typeof error.data === "object" ? error.data : null) as ErrorPayload | null;
    if (status === 404) {
      title = t("errors.notFoundTitle");
      text = t("errors.notFoundText");
    } else if (status === 403 || status === 401) {
      title = t("errors.forbiddenTitle");
      text = t("errors.forbiddenText");
    } else if (status === 429) {
      title = t("errors.tooManyTitle");
    } else if (status < 500) {
      title = t("errors.badRequestTitle");
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    if (payload?.messageKey) text = t(payload.messageKey as any, payload.params ?? {}) as string;
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{title}</h1>
      <p>{text}</p>
      <p>
        <Link to="/" className="button">
          {t("errors.backHome")}
        </Link>
      </p>
    </section>
  );
}
