/**
 * Column mapping as data: which field each column of a sheet feeds, matched automatically (headers.ts,
 * listings-headers.ts) or chosen by the officer (the upload page's mapping step, `--map` on the command
 * line). Shared by both processors; safe in the browser (the mapping step renders it).
 */
import { cleanText, fold } from "~/lib/text";

/** A column the officer leaves out on purpose. */
export const IGNORE = "ignore";
/** A column kept with the household as an extra attribute (households only). */
export const EXTRA = "extra";

/** Header text as written (cleaned) → a field name, "ignore" or "extra". */
export type ColumnOverrides = Record<string, string>;

/** One field a processor fills, for the mapping step's choices and the command line's list. */
export interface FieldSpec {
  name: string;
  /** the file cannot be imported without it (a commune code stands in for the commune) */
  required: boolean;
  /** locale key of its label, e.g. "imports:fields.phone" */
  labelKey: string;
}

/** What one column of the file feeds. */
export interface MappedColumn {
  /** 0-based column index */
  index: number;
  /** header as written, cleaned */
  header: string;
  /** a field name, "ignore" or "extra" */
  target: string;
  /** matched by the importer, or chosen by the officer */
  how: "auto" | "chosen";
}

export interface DuplicateTarget {
  field: string;
  /** the two headers chosen for the field, as written */
  headers: [string, string];
}

export interface ColumnAssignment<F extends string> {
  mapping: MappedColumn[];
  /** field → column index */
  columns: Map<F, number>;
  /** columns kept as extra attributes */
  extras: Array<{ index: number; header: string }>;
  /** two columns chosen for one field: a file-level error */
  duplicate: DuplicateTarget | null;
}

export interface AssignOptions<F extends string> {
  /** the automatic match of a header (cleaned text), or null */
  auto: (header: string) => F | null;
  /** headers the importer leaves out by itself (row counters, the error report's Row/Reason) */
  autoIgnored: (header: string) => boolean;
  fields: readonly string[];
  /** unmatched columns become extra attributes (households) rather than ignored (listings) */
  keepsExtras: boolean;
  overrides?: ColumnOverrides;
}

/**
 * The officer's choice for a header: by the text as written, else by its folded form, so
 * `--map "Xa/Phuong/TT=commune"` typed without marks still finds “Xã/Phường/TT”.
 */
export function overrideFor(overrides: ColumnOverrides | undefined, header: string): string | undefined {
  if (!overrides) return undefined;
  if (Object.hasOwn(overrides, header)) return overrides[header];
  const folded = fold(header);
  for (const [key, value] of Object.entries(overrides)) if (fold(cleanText(key)) === folded) return value;
  return undefined;
}

/** Is this a target a processor accepts? */
export function isValidTarget(target: string, fields: readonly string[], keepsExtras: boolean): boolean {
  return target === IGNORE || (keepsExtras && target === EXTRA) || fields.includes(target);
}

/**
 * Assigns every non-empty column a target. Chosen targets win; an automatic match keeps a field only
 * when no chosen column and no earlier column took it (the first column naming a field wins, as
 * before). Deterministic for the same cells and overrides: the check worker assigns again.
 */
export function assignColumns<F extends string>(cells: readonly string[], options: AssignOptions<F>): ColumnAssignment<F> {
  const { fields, keepsExtras, overrides } = options;
  const headers = cells.map((cell) => cleanText(cell));
  const chosen = new Map<number, string>();
  const chosenBy = new Map<string, number>();
  let duplicate: DuplicateTarget | null = null;
  headers.forEach((header, index) => {
    if (!header) return;
    const target = overrideFor(overrides, header);
    // An unknown target (a tampered form, a field since renamed) is no choice: the automatic match stands.
    if (target === undefined || !isValidTarget(target, fields, keepsExtras)) return;
    chosen.set(index, target);
    if (target === IGNORE || target === EXTRA) return;
    const earlier = chosenBy.get(target);
    if (earlier !== undefined) duplicate ??= { field: target, headers: [headers[earlier], header] };
    else chosenBy.set(target, index);
  });

  const columns = new Map<F, number>();
  for (const [field, index] of chosenBy) columns.set(field as F, index);
  const mapping: MappedColumn[] = [];
  const extras: ColumnAssignment<F>["extras"] = [];
  const leftOver = keepsExtras ? EXTRA : IGNORE;
  headers.forEach((header, index) => {
    if (!header) return;
    let target = chosen.get(index);
    const how = target === undefined ? "auto" : "chosen";
    if (target === undefined) {
      const field = options.auto(header);
      if (field && !columns.has(field)) {
        columns.set(field, index);
        target = field;
      } else target = field || !options.autoIgnored(header) ? leftOver : IGNORE;
    }
    if (target === EXTRA) extras.push({ index, header });
    mapping.push({ index, header, target, how });
  });
  return { mapping, columns, extras, duplicate };
}

/** The header row's signature: its folded, non-empty headers in order (the key a remembered mapping is found by). */
export function headerSignatureText(cells: readonly string[]): string {
  return cells
    .map((cell) => fold(cleanText(cell)))
    .filter(Boolean)
    .join("\u001f");
}
