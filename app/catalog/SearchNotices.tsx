import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** What the search did with the query: cut, corrected, suggestions, partial and close matches. No server code. */
export function SearchNotices({
  result,
  query,
}: {
  result: { cut: boolean; correction: { typed: string; searched: string } | null; suggestions: string[]; partial: boolean; partialAfterFull?: boolean; close: boolean };
  query: string;
}) {
  const { t } = useTranslation("catalog");
  const href = (q: string, exact: boolean) => {
    const next = new URLSearchParams(query);
    next.set("q", q);
    next.delete("page");
    if (exact) next.set("exact", "1");
    else next.delete("exact");
    return `/tim-kiem?${next.toString()}`;
  };
  return (
    <div className="search-notices" aria-live="polite">
      {result.cut ? <p className="notice">{t("searchNotices.cut", { max: 200 })}</p> : null}
      {result.correction ? (
        <p className="notice">
          {t("searchNotices.corrected", { searched: result.correction.searched })} —{" "}
          <Link to={href(result.correction.typed, true)}>{t("searchNotices.searchExactly", { typed: result.correction.typed })}</Link>
        </p>
      ) : null}
      {result.suggestions.length > 0 ? (
        <p className="notice">
          {t("searchNotices.didYouMean")}{" "}
          {result.suggestions.map((s, i) => (
            <span key={s}>
              {i > 0 ? ", " : null}
              <Link to={href(s, false)}>{s}</Link>
            </span>
          ))}
        </p>
      ) : null}
      {result.partial ? <p className="notice">{t(result.partialAfterFull ? "searchNotices.partialAfterFull" : "searchNotices.partial")}</p> : null}
      {result.close ? <p className="notice">{t("searchNotices.close")}</p> : null}
    </div>
  );
}
