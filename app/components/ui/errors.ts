import { useTranslation } from "react-i18next";

// Client-side validation yields locale keys ("accounts:errors.codeFormat"); the server may send
// text it already translated (with values such as minutes to wait). Keys are translated here.
const KEY = /^[a-z]+:[A-Za-z0-9_.]+$/;

export function useErrorText() {
  const { t } = useTranslation();
  // Keys are data here (from a schema or a server reply), not literals the types can check.
  const translate = t as unknown as (key: string) => string;
  return (message: string) => (KEY.test(message) ? translate(message) : message);
}
