/**
 * The app's one CSV writer and one CSV reader (docs/decisions/0009-csv-one-reader-one-writer.md).
 *
 * Writing follows RFC 4180 as Excel reads it, plus OWASP's CSV-injection rule: a text cell starting
 * with = + - @ tab or carriage return is prefixed with a single quote, so a spreadsheet shows it as
 * text instead of running it as a formula. Typed numbers, and text that is only a negative number
 * ("-12", "-1.234,5"), are written as they are so spreadsheets still sum them.
 *
 * Reading is a streaming tokenizer fed by a BOM-aware decoder and a delimiter sniffer; it removes that
 * quote again, so a file the app wrote (an import's error report) can be uploaded back unchanged.
 *
 * No Node imports: safe in the browser.
 */

export type CsvValue = string | number | boolean | null | undefined;
export type CsvDelimiter = "," | ";" | "\t";
export type CsvEncoding = "utf-8" | "utf-16le" | "utf-16be";

// ---------------------------------------------------------------------------------------------
// Writing.

/**
 * Text a spreadsheet would run as a formula: it starts with = + - @ tab or carriage return (OWASP).
 * Text that already starts with quotes before such a character gets one more, so that reading
 * (restoreCell, which drops one) gives back every text exactly.
 */
const FORMULA_LEAD = /^'*[=+\-@\t\r]/;
/**
 * Text that is a negative number in either decimal convention. A leading minus followed only by digits
 * and separators cannot call a function or name a cell, so it stays a number. A leading plus is always
 * prefixed: no number needs it, and a phone "+84 912…" would otherwise be evaluated or lose its "+".
 */
const NEGATIVE_NUMBER = /^-\d[\d.,]*$/;
/** Cells quoted: the delimiters the reader may sniff, the quote, line breaks. */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** Prefixes text a spreadsheet would run as a formula with a single quote (see restoreCell). */
export function neutralise(text: string): string {
  return FORMULA_LEAD.test(text) && !NEGATIVE_NUMBER.test(text) ? `'${text}` : text;
}

/** One cell: numbers and booleans as they are, text neutralised, quoted when CSV needs it. */
export function csvCell(value: CsvValue): string {
  let text: string;
  if (value === null || value === undefined) text = "";
  else if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean") text = String(value);
  else text = neutralise(String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(",");
}

/** A whole file: a BOM (so Excel reads Vietnamese as UTF-8), the header, the rows, CRLF line ends. */
export function toCsv(header: readonly CsvValue[], rows: Iterable<readonly CsvValue[]> = []): string {
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** A CSV download. Public by default; pass "private, no-store" for anything about a signed-in user. */
export function csvResponse(filename: string, text: string, cacheControl = "public, max-age=300"): Response {
  return new Response(text, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": cacheControl,
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Reading.

const NEUTRALISED = /^'+[=+\-@\t\r]/;

/** The inverse of neutralise: drops one single quote, only where the writer would have added it. */
export function restoreCell(text: string): string {
  return text.charCodeAt(0) === 39 && NEUTRALISED.test(text) ? text.slice(1) : text;
}

/**
 * A streaming CSV tokenizer (RFC 4180 as Excel writes it: quoted fields with doubled quotes, CRLF,
 * LF or CR line ends, line breaks inside quotes). Written for speed: csv-parse 6 took ~7 s for the
 * province's 276,882 rows, this takes a fraction of that, and the import's budget is 10× the sqlite3
 * shell's own .import. Lenient like Excel: a quote inside an unquoted field is kept as text.
 */
export class CsvTokenizer {
  private field = "";
  private record: string[] = [];
  private quoted = false;
  /** inside a quoted field, just after a quote: the closing quote or the first of a doubled pair */
  private quoteSeen = false;
  private lastWasCr = false;
  /** nothing of the current field read yet: only here does a quote open a quoted field */
  private atFieldStart = true;

  constructor(private readonly delimiter: string) {}

  /** Feeds text; returns the records it completed (an empty line is the record [""]). */
  push(text: string): string[][] {
    const out: string[][] = [];
    const d = this.delimiter;
    let field = this.field;
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (text[i] === '"') {
            field += '"';
            i++;
          } else {
            this.quoted = false; // that quote closed the field
          }
          continue;
        }
        const q = text.indexOf('"', i);
        if (q === -1) {
          field += text.slice(i);
          i = n;
        } else {
          field += text.slice(i, q);
          this.quoteSeen = true;
          i = q + 1;
        }
        continue;
      }
      const ch = text[i];
      if (this.lastWasCr) {
        this.lastWasCr = false;
        if (ch === "\n") {
          i++;
          continue;
        }
      }
      if (ch === d) {
        this.record.push(field);
        field = "";
        this.atFieldStart = true;
        i++;
      } else if (ch === "\n" || ch === "\r") {
        this.record.push(field);
        out.push(this.record);
        field = "";
        this.record = [];
        this.atFieldStart = true;
        this.lastWasCr = ch === "\r";
        i++;
      } else if (ch === '"' && this.atFieldStart) {
        this.quoted = true;
        this.atFieldStart = false;
        i++;
      } else {
        // A plain run up to the next delimiter or line end.
        let j = i + 1;
        while (j < n) {
          const c = text[j];
          if (c === d || c === "\n" || c === "\r") break;
          j++;
        }
        field += text.slice(i, j);
        this.atFieldStart = false;
        i = j;
      }
    }
    this.field = field;
    return out;
  }

  /** Ends the input; returns the last record when the text did not end with a line break. */
  end(): string[][] {
    this.quoted = false;
    this.quoteSeen = false;
    if (this.atFieldStart && this.field === "" && this.record.length === 0) return [];
    this.record.push(this.field);
    const last = this.record;
    this.record = [];
    this.field = "";
    this.atFieldStart = true;
    return [last];
  }
}

/**
 * The delimiter that splits the most-split line among the first ones into the most cells (quotes
 * respected). The header is the widest row of a sheet; a title row has no or few delimiters.
 */
export function sniffDelimiter(text: string): CsvDelimiter {
  const candidates = [",", ";", "\t"] as const;
  const best: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  const lines = text.split(/\r\n|\n|\r/).slice(0, 50);
  for (const line of lines) {
    let quoted = false;
    const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch in counts) counts[ch]++;
    }
    for (const d of candidates) best[d] = Math.max(best[d], counts[d]);
  }
  return candidates.reduce((a, b) => (best[b] > best[a] ? b : a), ",");
}

/** The bytes are not text in any encoding the reader accepts (a legacy code page: TCVN3, VNI, Windows-1258). */
export class CsvEncodingError extends Error {
  constructor(public readonly encoding: CsvEncoding) {
    super(`not valid ${encoding} text`);
    this.name = "CsvEncodingError";
  }
}

/** What readCsv found out about a file, filled in as it reads; a delimiter given here is used as is. */
export interface CsvFormat {
  encoding?: CsvEncoding;
  delimiter?: CsvDelimiter;
}

/** Text examined to pick the delimiter. */
const SNIFF_CHARS = 64 * 1024;

/**
 * Reads CSV bytes as Excel writes them (UTF-8 with or without BOM, UTF-16 with BOM; comma, semicolon
 * or tab) and yields the records in batches, one per chunk of input, with neutralised cells restored.
 * An empty line is the record [""]; a record's position in the stream is its row number in a
 * spreadsheet. Throws CsvEncodingError on bytes that are not text in the detected encoding.
 */
export async function* readCsv(bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, format: CsvFormat = {}): AsyncGenerator<string[][]> {
  const text = decodedText(bytes, format)[Symbol.asyncIterator]();
  try {
    // Read ahead enough text to pick the delimiter, then tokenize everything.
    const head: string[] = [];
    let headLength = 0;
    let next = await text.next();
    while (!next.done) {
      head.push(next.value);
      headLength += next.value.length;
      if (format.delimiter || headLength >= SNIFF_CHARS) break;
      next = await text.next();
    }
    const sniffed = head.join("");
    format.delimiter ??= sniffDelimiter(sniffed);
    const tokenizer = new CsvTokenizer(format.delimiter);
    let records = tokenizer.push(sniffed);
    if (next.done) records = records.concat(tokenizer.end());
    for (;;) {
      if (records.length) {
        for (const record of records) {
          for (let k = 0; k < record.length; k++) record[k] = restoreCell(record[k]);
        }
        yield records;
      }
      if (next.done) break;
      next = await text.next();
      records = next.done ? tokenizer.end() : tokenizer.push(next.value);
    }
  } finally {
    // A reader stopped early (a bad header) still releases its input, a file stream closes.
    await text.return?.(undefined);
  }
}

/** Decodes by BOM: UTF-16 LE/BE (Excel's "Unicode text"), UTF-8 with or without BOM. */
async function* decodedText(bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, format: CsvFormat): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let pendingHead: Uint8Array = new Uint8Array(0);
  const decode = (using: TextDecoder, data: Uint8Array, stream: boolean) => {
    try {
      return using.decode(data, { stream });
    } catch {
      throw new CsvEncodingError(format.encoding ?? "utf-8");
    }
  };
  for await (const chunk of bytes) {
    let data = chunk;
    if (!decoder) {
      pendingHead = concat(pendingHead, data);
      if (pendingHead.length < 3) continue;
      data = pendingHead;
      decoder = pickDecoder(data, format);
    }
    const text = decode(decoder, data, true);
    if (text) yield text;
  }
  if (!decoder) {
    if (pendingHead.length === 0) return;
    decoder = pickDecoder(pendingHead, format);
    const text = decode(decoder, pendingHead, true);
    if (text) yield text;
  }
  const rest = decode(decoder, new Uint8Array(0), false);
  if (rest) yield rest;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function pickDecoder(head: Uint8Array, format: CsvFormat): TextDecoder {
  // TextDecoder drops the BOM itself (ignoreBOM defaults to false).
  if (head[0] === 0xff && head[1] === 0xfe) format.encoding = "utf-16le";
  else if (head[0] === 0xfe && head[1] === 0xff) format.encoding = "utf-16be";
  else format.encoding = "utf-8";
  // fatal: a file in a legacy code page is refused rather than read as mojibake.
  return new TextDecoder(format.encoding, { fatal: true });
}

/**
 * Whole CSV text (the shipped reference data) as objects keyed by the header row. The BOM and empty
 * lines are skipped; a record with more or fewer cells than the header is an error, naming its line.
 */
export function csvObjects(text: string, options: { trim?: boolean; delimiter?: CsvDelimiter } = {}): Record<string, string>[] {
  const tokenizer = new CsvTokenizer(options.delimiter ?? ",");
  const records = tokenizer.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).concat(tokenizer.end());
  const clean = (cell: string) => (options.trim ? restoreCell(cell).trim() : restoreCell(cell));
  let header: string[] | null = null;
  const out: Record<string, string>[] = [];
  records.forEach((record, i) => {
    if (record.length === 1 && record[0] === "") return;
    if (!header) {
      header = record.map(clean);
      return;
    }
    if (record.length !== header.length) throw new Error(`CSV record ${i + 1} (line ${i + 1} unless a cell spans lines): ${record.length} cells, the header has ${header.length}`);
    const row: Record<string, string> = {};
    for (let k = 0; k < header.length; k++) row[header[k]] = clean(record[k]);
    out.push(row);
  });
  return out;
}
