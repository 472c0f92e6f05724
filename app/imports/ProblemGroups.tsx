/**
 * The batch page's problems: one line per reason with its number of rows (refusals, then notes on
 * accepted rows), each a plain link to its rows 50 at a time, shown as cards under the list. Links, not
 * scripts: the page works without JavaScript and a group's page can be shared by its URL.
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n/config";
import { formatNumber } from "~/i18n/format";
import type { GroupLine, ProblemsView, RowCard } from "./problem-view.server";
import type { ReasonKind } from "./problem-groups.server";

const PAGE_ROWS = 50;
/** Where a group's rows start on the page: the link jumps there. */
const ANCHOR: Record<ReasonKind, string> = { error: "nhom-loi", note: "nhom-ghi-chu" };

export function groupHref(batchId: number, group: { kind: ReasonKind; key: string; field: string }, page: number): string {
  const query = new URLSearchParams({ [group.kind === "error" ? "reason" : "note"]: group.key, field: group.field, page: String(page) });
  // URLSearchParams writes ":" as "%3A" as encodeURIComponent does; a space would be "+", which keys never hold.
  return `/can-bo/nhap/${batchId}?${query.toString()}#${ANCHOR[group.kind]}`;
}

interface Props {
  batchId: number;
  locale: Locale;
  /** the batch is still a preview: notes say "will be imported" */
  preview: boolean;
  problems: ProblemsView;
}

export function ProblemGroups({ batchId, locale, preview, problems }: Props) {
  const { t } = useTranslation("imports");
  const n = (value: number) => formatNumber(value, locale);
  const { rejected, notes, selected, linkError } = problems;
  const selectedKind = selected?.kind;
  return (
    <>
      {linkError ? (
        <div className="alert alert-error" role="alert">
          <p>{linkError}</p>
        </div>
      ) : null}

      {rejected.rows > 0 ? (
        <section aria-labelledby="problem-groups" className="problem-groups">
          <h2 id="problem-groups">{t("groups.title")}</h2>
          <p>{t("groups.summary", { count: rejected.rows, rows: n(rejected.rows), problems: n(rejected.problems) })}</p>
          <p className="button-row">
            <a className="button button-secondary" href={`/can-bo/nhap/${batchId}/bao-loi?dang=xlsx`} download>
              {t("page.report.xlsx")}
            </a>
            <a className="button button-secondary" href={`/can-bo/nhap/${batchId}/bao-loi?dang=csv`} download>
              {t("page.report.csv")}
            </a>
          </p>
          <p className="field-hint">{t("page.report.hint")}</p>
          <GroupList batchId={batchId} groups={rejected.groups} selected={selected} n={n} />
          {selectedKind === "error" ? <GroupRows batchId={batchId} selected={selected!} n={n} /> : null}
        </section>
      ) : null}

      {notes.rows > 0 ? (
        <section aria-labelledby="note-groups" className="problem-groups">
          <h2 id="note-groups">{t(preview ? "groups.notesTitlePreview" : "groups.notesTitleDone")}</h2>
          <p>{t("groups.notesSummary", { count: notes.rows, rows: n(notes.rows) })}</p>
          <GroupList batchId={batchId} groups={notes.groups} selected={selected} n={n} />
          {selectedKind === "note" ? <GroupRows batchId={batchId} selected={selected!} n={n} /> : null}
        </section>
      ) : null}

      {/* A link to a group the file does not have (another upload's, or no problems at all). */}
      {selected && selected.total === 0 && !(selectedKind === "error" ? rejected.rows : notes.rows) ? (
        <GroupRows batchId={batchId} selected={selected} n={n} />
      ) : null}
    </>
  );
}

type Selected = NonNullable<ProblemsView["selected"]>;

function GroupList({ batchId, groups, selected, n }: { batchId: number; groups: GroupLine[]; selected: ProblemsView["selected"]; n: (v: number) => string }) {
  const { t } = useTranslation("imports");
  return (
    <ul className="reason-list">
      {groups.map((g) => {
        const current = selected?.kind === g.kind && selected.key === g.key && selected.field === g.field;
        return (
          <li key={`${g.key}|${g.field}`}>
            <Link
              to={groupHref(batchId, g, 1)}
              className={`reason-${g.kind}`}
              aria-current={current ? "true" : undefined}
            >
              {/* the name is what is seen, in its order, plus hidden words (WCAG 2.5.3: no aria-label that starts otherwise) */}
              <span className="reason-count">{n(g.rows)}</span>
              <span className="visually-hidden"> {t("groups.rowsWord", { count: g.rows })}</span>{" "}
              <span className="reason-label">{g.label}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function GroupRows({ batchId, selected, n }: { batchId: number; selected: Selected; n: (v: number) => string }) {
  const { t } = useTranslation("imports");
  const from = (selected.page - 1) * PAGE_ROWS + 1;
  const to = from + selected.rows.length - 1;
  const headingId = `${ANCHOR[selected.kind]}-title`;
  return (
    <section id={ANCHOR[selected.kind]} aria-labelledby={headingId} className="group-rows">
      <h3 id={headingId}>{selected.label || t("groups.title")}</h3>
      {selected.total === 0 ? (
        <p className="muted">{t("groups.empty")}</p>
      ) : selected.rows.length === 0 ? (
        <p className="muted">
          {t("groups.pastEnd", { pages: n(selected.pages) })} <Link to={groupHref(batchId, selected, selected.pages)}>{t("groups.lastPage")}</Link>
        </p>
      ) : (
        <>
          <p className="muted">
            {t("groups.range", { from: n(from), to: n(to), total: n(selected.total), page: n(selected.page), pages: n(selected.pages) })}
          </p>
          <ol className="row-cards">
            {selected.rows.map((row) => (
              <Card key={row.rowNumber} row={row} kind={selected.kind} />
            ))}
          </ol>
          <Pager batchId={batchId} selected={selected} />
        </>
      )}
      <p>
        <a href={selected.kind === "error" ? "#problem-groups" : "#note-groups"}>{t("groups.back")}</a>
      </p>
    </section>
  );
}

function Card({ row, kind }: { row: RowCard; kind: ReasonKind }) {
  const { t } = useTranslation("imports");
  return (
    <li className="row-card">
      <p className="row-card-title">
        <strong>{t("groups.row", { row: row.rowNumber })}</strong>
      </p>
      {row.cells.length ? (
        <dl>
          {row.cells.map((cell, i) => (
            <div key={i} className={cell.mark ? "mark" : undefined}>
              <dt>{cell.label}</dt>
              <dd>{cell.value || <span className="muted">{t("groups.emptyCell")}</span>}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <p className={kind === "error" ? "problem" : "field-hint"}>{row.message}</p>
      {row.others ? <p className="field-hint">{t("groups.others", { others: row.others })}</p> : null}
    </li>
  );
}

function Pager({ batchId, selected }: { batchId: number; selected: Selected }) {
  const { t } = useTranslation("imports");
  if (selected.pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t("groups.pager")}>
      {selected.page > 1 ? (
        <Link to={groupHref(batchId, selected, Math.min(selected.page - 1, selected.pages))} rel="prev">
          {t("groups.previous")}
        </Link>
      ) : (
        <span />
      )}
      {selected.page < selected.pages ? (
        <Link to={groupHref(batchId, selected, selected.page + 1)} rel="next">
          {t("groups.next")}
        </Link>
      ) : null}
    </nav>
  );
}
