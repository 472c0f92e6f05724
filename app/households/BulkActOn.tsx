import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "~/components/ui/Field";
import { formatNumber } from "~/i18n/format";
import { useLocale } from "~/i18n/use-locale";
import { OFFICER_LIST_PARAMS, bulkHref, type OfficerListQuery } from "./schemas";

/** The list filters bulk actions added (hamlet, import batch), for the household list's filter form. */
export function BulkFilterFields({ query }: { query: OfficerListQuery }) {
  const { t } = useTranslation("households");
  return (
    <>
      <Field
        label={t("bulk.filters.hamlet")}
        hint={t("bulk.filters.hamletHint")}
        inputProps={{ id: "officer-hamlet", name: OFFICER_LIST_PARAMS.hamlet, defaultValue: query.hamlet ?? "", maxLength: 100 }}
      />
      <Field
        label={t("bulk.filters.batch")}
        hint={t("bulk.filters.batchHint")}
        inputProps={{ id: "officer-batch", name: OFFICER_LIST_PARAMS.batch, defaultValue: query.batchId ?? "", inputMode: "numeric", pattern: "[0-9]*", maxLength: 9 }}
      />
    </>
  );
}

/** "Act on these N households": the bulk-action page for the list's current filters. */
export function BulkActOnLink({ query, total }: { query: OfficerListQuery; total: number }) {
  const { t } = useTranslation("households");
  const locale = useLocale();
  if (total === 0) return null;
  return (
    <p>
      <Link to={bulkHref(query)} className="button button-secondary">
        {t("bulk.actOn", { n: formatNumber(total, locale) })}
      </Link>
    </p>
  );
}
