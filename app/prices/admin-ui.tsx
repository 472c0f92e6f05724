/** Small pieces the price admin pages share: the field with its error, the pages' own links. */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export function Field({ label, name, error, children }: { label: string; name: string; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {children}
      {error ? (
        <p className="field-error" id={`${name}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The three admin pages link to each other (the staff navigation is shared by every staff page). */
export function PriceAdminLinks() {
  const { t } = useTranslation("prices");
  return (
    <nav aria-label={t("admin.nav")}>
      <p>
        <Link to="/quan-tri/mat-hang">{t("admin.commodities.title")}</Link> · <Link to="/quan-tri/cho">{t("admin.markets.title")}</Link> ·{" "}
        <Link to="/quan-tri/gia">{t("admin.observations.title")}</Link>
      </p>
    </nav>
  );
}

export interface AdminFormReply {
  ok: false;
  errors: { form: string | null; fields: Record<string, string> };
  values: Record<string, string>;
}

/** The reply's value for a field, when the reply is for this form (intent + id). */
export function replyFor(reply: AdminFormReply | undefined, intent: string, id?: number) {
  if (!reply || reply.values.intent !== intent || (id !== undefined && reply.values.id !== String(id))) return null;
  return reply;
}
