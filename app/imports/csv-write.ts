/** Writing CSV for Excel: every cell quoted when it holds a delimiter, quote or line break. Safe in the browser. */

export function csvCell(value: string): string {
  return /[",;\t\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(",");
}
