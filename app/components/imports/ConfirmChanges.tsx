import { useTranslation } from "react-i18next";

/**
 * The confirm form's choice for the rows the preview held back as changes to confirm (an existing
 * household's commune, name, phone or ID): unchecked, the run skips them. Renders nothing without such rows.
 */
export function ConfirmChanges({ count }: { count: number }) {
  const { t } = useTranslation("imports");
  if (count <= 0) return null;
  return (
    <div className="confirm-changes">
      <label className="choice">
        <input type="checkbox" name="allowChanges" value="on" aria-describedby="allow-changes-hint" />{" "}
        {t("reimport.confirmChanges", { count })}
      </label>
      <p id="allow-changes-hint" className="field-hint">
        {t("reimport.confirmChangesHint")}
      </p>
    </div>
  );
}
