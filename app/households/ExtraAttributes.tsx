/**
 * Columns of an imported sheet the product has no field for (a year of birth, a membership number),
 * kept with the household and shown read-only: on the officer's household page and the farmer's profile.
 */
import { useTranslation } from "react-i18next";

export function ExtraAttributes({ attributes }: { attributes: Record<string, string> | null }) {
  const { t } = useTranslation("households");
  const entries = Object.entries(attributes ?? {});
  if (!entries.length) return null;
  return (
    <section aria-labelledby="extra-attributes">
      <h2 id="extra-attributes">{t("extraAttributes.title")}</h2>
      <p className="field-hint">{t("extraAttributes.hint")}</p>
      <dl>
        {entries.map(([header, value]) => (
          <div key={header}>
            <dt>{header}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
