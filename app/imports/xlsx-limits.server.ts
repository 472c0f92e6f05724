/**
 * Guards the XLSX reader against decompression bombs: a few hundred KB that inflate to hundreds of MB.
 * exceljs reads a workbook through unzipper's streaming parser, which walks the local file headers from
 * the start of the file and inflates every entry (even the ones exceljs then ignores) without any limit;
 * a sheet goes to a temporary file, shared strings to memory. Before exceljs opens a workbook this module
 *  1. reads the ZIP central directory (the end of the file) and refuses too many entries, an entry or a
 *     workbook declaring more than the limits once inflated, or a compression ratio no spreadsheet has;
 *  2. walks the local headers the way unzipper will and inflates each entry with node:zlib, counting the
 *     bytes and stopping as soon as an entry passes the size the directory declared: a lying header, an
 *     entry hidden from the directory or data that inflates beyond its declared size never reach exceljs.
 * It holds a few buffers at a time. Its cost is one inflation of the workbook: 0.9–1.4 s and 13–33 MB for
 * the 300,000-row workbooks below, where exceljs takes far longer to parse them. A bomb is refused in
 * milliseconds (`npm run bench:xlsx-bomb`: 400 MiB in 450 KB, refused in ≈ 8 ms honest, ≈ 30 ms lying,
 * ≈ 1 MB of memory).
 *
 * Limits, from a workbook of 300,000 rows × 12 household columns written by exceljs (measured for this
 * module): the sheet XML is 133 MiB with shared strings (20 MB packed, 6.6:1) and 172 MiB with inline
 * strings (27 MB, 6.4:1), the shared strings 0.6 MiB; rows of empty bordered cells pack 13:1, and only
 * repetition reaches 500–1,000:1.
 *  - maxEntryBytes 512 MiB: three times the largest sheet measured (Excel adds a style to each cell).
 *  - maxTotalBytes 1 GiB: two such sheets with their strings.
 *  - maxEntries 10,000: a workbook holds tens of parts, hundreds with many sheets or pictures.
 *  - maxRatio 100:1 for an entry, and for the whole workbook, past 1 MiB inflated: sheets pack 6–15:1
 *    (Apache POI's ZipSecureFile refuses at the same ratio).
 */
import fs from "node:fs";
import { PassThrough, Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { AppError } from "~/lib/errors";
import { logger } from "~/lib/logger.server";

const MiB = 1024 * 1024;

export interface XlsxLimits {
  maxEntries: number;
  /** inflated bytes of one entry */
  maxEntryBytes: number;
  /** inflated bytes of all entries */
  maxTotalBytes: number;
  /** inflated : compressed */
  maxRatio: number;
  /** the ratio is checked past this many inflated bytes (a tiny entry may pack well and harm nobody) */
  ratioGraceBytes: number;
}

export const XLSX_LIMITS: Readonly<XlsxLimits> = {
  maxEntries: 10_000,
  maxEntryBytes: 512 * MiB,
  maxTotalBytes: 1024 * MiB,
  maxRatio: 100,
  ratioGraceBytes: 1 * MiB,
};

/** A central directory larger than this is not a spreadsheet's (10,000 entries with long names take ≈ 1.5 MB). */
const MAX_DIRECTORY_BYTES = 16 * MiB;
/** Bytes read from the file at a time while inflating. */
const READ_CHUNK = 1 * MiB;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const DESCRIPTOR_BYTES = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
/** unzipper reads a data descriptor as signature, CRC and two 32-bit sizes, whatever follows. */
const UNZIPPER_DESCRIPTOR_BYTES = 16;

export type ZipSource = { path: string } | { buffer: Buffer | Uint8Array };

export interface ZipEntry {
  name: string;
  nameBytes: Buffer;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** where the central directory starts: the entries end exactly there */
  offset: number;
  size: number;
}

export interface XlsxCheck {
  entries: number;
  /** bytes actually inflated */
  inflatedBytes: number;
}

type TooLargeReason = "entries" | "directory" | "entrySize" | "totalSize" | "ratio" | "inflated";

function tooLarge(reason: TooLargeReason, detail: Record<string, unknown> = {}): never {
  logger().warn({ reason, ...detail }, "workbook refused: too large once inflated");
  throw new AppError("imports:errors.xlsxTooLarge", 422, { reason });
}

function invalid(reason: string, detail: Record<string, unknown> = {}): never {
  logger().warn({ reason, ...detail }, "workbook refused: not a valid XLSX container");
  throw new AppError("imports:errors.xlsxInvalid", 422, { reason });
}

/**
 * Throws AppError imports:errors.xlsxTooLarge (limits) or imports:errors.xlsxInvalid (not a ZIP that
 * exceljs would read as its directory says) unless the workbook is within the limits. A file already
 * checked in this process (same path, inode, size and modification time) is not inflated again.
 */
export async function assertXlsxWithinLimits(source: ZipSource, limits: Readonly<XlsxLimits> = XLSX_LIMITS): Promise<XlsxCheck> {
  const bytes = await openBytes(source);
  try {
    const memoKey = limits === XLSX_LIMITS ? bytes.identity : null;
    const known = memoKey ? checked.get(memoKey) : undefined;
    if (known) return known;
    const directory = await readDirectory(bytes, limits);
    checkDeclared(directory, limits);
    const result = await checkEntries(bytes, directory);
    if (memoKey) {
      if (checked.size >= 64) checked.clear();
      checked.set(memoKey, result);
    }
    return result;
  } finally {
    await bytes.close();
  }
}

/** The upload's pre-check: a file starting as a ZIP (an XLSX) is checked; anything else is left to the reader. */
export async function assertUploadWithinLimits(filePath: string): Promise<void> {
  const handle = await fs.promises.open(filePath, "r");
  const head = Buffer.alloc(4);
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (head.readUInt32LE(0) === SIG_LOCAL) await assertXlsxWithinLimits({ path: filePath });
}

/** Workbooks checked in this process (the preview reads its file more than once). */
const checked = new Map<string, XlsxCheck>();

/** The central directory: every entry with its declared sizes. */
export async function readZipDirectory(source: ZipSource, limits: Readonly<XlsxLimits> = XLSX_LIMITS): Promise<ZipDirectory> {
  const bytes = await openBytes(source);
  try {
    return await readDirectory(bytes, limits);
  } finally {
    await bytes.close();
  }
}

// ---------------------------------------------------------------------------------------------

interface Bytes {
  size: number;
  /** path, inode, size and mtime of a file; null for a buffer */
  identity: string | null;
  /** up to `length` bytes from `position` (fewer at the end of the file) */
  read(position: number, length: number): Promise<Buffer>;
  chunks(start: number, end: number): AsyncGenerator<Buffer>;
  close(): Promise<void>;
}

async function openBytes(source: ZipSource): Promise<Bytes> {
  if ("buffer" in source) {
    const buf = Buffer.from(source.buffer.buffer, source.buffer.byteOffset, source.buffer.byteLength);
    return {
      size: buf.length,
      identity: null,
      read: async (position, length) => buf.subarray(position, Math.min(buf.length, position + length)),
      async *chunks(start, end) {
        for (let p = start; p < end; p += READ_CHUNK) yield buf.subarray(p, Math.min(end, p + READ_CHUNK));
      },
      close: async () => {},
    };
  }
  const handle = await fs.promises.open(source.path, "r").catch(() => invalid("open"));
  const stat = await handle.stat();
  const read = async (position: number, length: number) => {
    const buf = Buffer.alloc(Math.max(0, Math.min(length, stat.size - position)));
    let filled = 0;
    while (filled < buf.length) {
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buf.subarray(0, filled);
  };
  return {
    size: stat.size,
    identity: `${source.path}\0${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`,
    read,
    async *chunks(start, end) {
      for (let p = start; p < end; ) {
        const chunk = await read(p, Math.min(READ_CHUNK, end - p));
        if (chunk.length === 0) return;
        yield chunk;
        p += chunk.length;
      }
    },
    close: () => handle.close(),
  };
}

/** 64-bit little-endian as a number (beyond 2^53 it is far past every limit anyway). */
function u64(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64LE(at));
}

/** The data of the ZIP64 extended information extra field (header 0x0001), if present. */
function zip64Extra(extra: Buffer): Buffer | null {
  for (let p = 0; p + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(p);
    const size = extra.readUInt16LE(p + 2);
    if (id === 0x0001) return extra.subarray(p + 4, Math.min(extra.length, p + 4 + size));
    p += 4 + size;
  }
  return null;
}

async function readDirectory(bytes: Bytes, limits: Readonly<XlsxLimits>): Promise<ZipDirectory> {
  // The end record (22 bytes and a comment of up to 64 KiB) closes the file: searched from the end.
  const tailLength = Math.min(bytes.size, 22 + U16_MAX);
  const tailStart = bytes.size - tailLength;
  const tail = await bytes.read(tailStart, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_END && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) invalid("no end of central directory");
  if (tail.readUInt16LE(at + 4) !== 0 || tail.readUInt16LE(at + 6) !== 0) invalid("multi-disk archive");
  const endPosition = tailStart + at;
  let count = tail.readUInt16LE(at + 10);
  let size = tail.readUInt32LE(at + 12);
  let offset = tail.readUInt32LE(at + 16);
  let directoryEnd = endPosition;
  if (count === U16_MAX || size === U32_MAX || offset === U32_MAX) {
    // ZIP64: a locator just before the end record points to the 64-bit end record.
    const locator = endPosition >= 20 ? await bytes.read(endPosition - 20, 20) : Buffer.alloc(0);
    if (locator.length < 20 || locator.readUInt32LE(0) !== SIG_END64_LOCATOR) invalid("zip64 locator");
    const recordPosition = u64(locator, 8);
    const record = recordPosition + 56 <= endPosition ? await bytes.read(recordPosition, 56) : Buffer.alloc(0);
    if (record.length < 56 || record.readUInt32LE(0) !== SIG_END64) invalid("zip64 end record");
    count = u64(record, 32);
    size = u64(record, 40);
    offset = u64(record, 48);
    directoryEnd = recordPosition;
  }
  if (count > limits.maxEntries) tooLarge("entries", { count, limit: limits.maxEntries });
  if (size > MAX_DIRECTORY_BYTES) tooLarge("directory", { size });
  // unzipper reads the directory right after the last entry and then the end record: nothing may sit between.
  if (offset + size !== directoryEnd) invalid("central directory misplaced", { offset, size, directoryEnd });

  const cd = await bytes.read(offset, size);
  if (cd.length !== size) invalid("central directory truncated");
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) invalid("central directory entry", { index: i });
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const nameEnd = p + 46 + nameLength;
    const extraEnd = nameEnd + extraLength;
    if (extraEnd + commentLength > cd.length) invalid("central directory entry", { index: i });
    const entry: ZipEntry = {
      nameBytes: cd.subarray(p + 46, nameEnd),
      name: cd.toString("utf8", p + 46, nameEnd),
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      uncompressedSize: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
    };
    if (entry.uncompressedSize === U32_MAX || entry.compressedSize === U32_MAX || entry.localHeaderOffset === U32_MAX) {
      // The ZIP64 field holds, in this order, only the values set to 0xFFFFFFFF above.
      const extra = zip64Extra(cd.subarray(nameEnd, extraEnd));
      let q = 0;
      const next = () => {
        if (!extra || q + 8 > extra.length) invalid("zip64 extra field", { entry: entry.name });
        q += 8;
        return u64(extra, q - 8);
      };
      if (entry.uncompressedSize === U32_MAX) entry.uncompressedSize = next();
      if (entry.compressedSize === U32_MAX) entry.compressedSize = next();
      if (entry.localHeaderOffset === U32_MAX) entry.localHeaderOffset = next();
    }
    entries.push(entry);
    p = extraEnd + commentLength;
  }
  // Bytes left over would be read by unzipper as further records (a local header hidden here would be inflated).
  if (p !== cd.length) invalid("central directory size");
  return { entries, offset, size };
}

/** The sizes the directory declares, before anything is inflated. */
function checkDeclared(directory: ZipDirectory, limits: Readonly<XlsxLimits>) {
  let inflated = 0;
  let packed = 0;
  for (const e of directory.entries) {
    if (e.flags & 0x0001) invalid("encrypted entry", { entry: e.name });
    if (e.method !== 0 && e.method !== 8) invalid("compression method", { entry: e.name, method: e.method });
    if (e.method === 0 && e.compressedSize !== e.uncompressedSize) invalid("stored entry sizes", { entry: e.name });
    const detail = { entry: e.name, inflated: e.uncompressedSize, packed: e.compressedSize };
    if (e.uncompressedSize > limits.maxEntryBytes) tooLarge("entrySize", detail);
    if (e.uncompressedSize > limits.ratioGraceBytes && e.uncompressedSize > limits.maxRatio * e.compressedSize) tooLarge("ratio", detail);
    inflated += e.uncompressedSize;
    packed += e.compressedSize;
  }
  if (inflated > limits.maxTotalBytes) tooLarge("totalSize", { inflated });
  if (inflated > limits.ratioGraceBytes && inflated > limits.maxRatio * packed) tooLarge("ratio", { inflated, packed });
}

/**
 * Walks the local headers from the start as unzipper's Parse does, requiring each to be the directory's
 * entry at that offset, and inflates each one, never past its declared size.
 */
async function checkEntries(bytes: Bytes, directory: ZipDirectory): Promise<XlsxCheck> {
  const byOffset = new Map(directory.entries.map((e) => [e.localHeaderOffset, e]));
  if (byOffset.size !== directory.entries.length) invalid("entries share an offset");
  let position = 0;
  let walked = 0;
  let inflatedBytes = 0;
  for (;;) {
    const head = await bytes.read(position, 30);
    const signature = head.length >= 4 ? head.readUInt32LE(0) : -1;
    if (signature === SIG_CENTRAL && position === directory.offset) break;
    const entry = byOffset.get(position);
    if (signature !== SIG_LOCAL || head.length < 30 || !entry) invalid("entry not in the central directory", { position });
    const flags = head.readUInt16LE(6);
    const method = head.readUInt16LE(8);
    let compressed = head.readUInt32LE(18);
    const nameLength = head.readUInt16LE(26);
    const extraLength = head.readUInt16LE(28);
    const rest = await bytes.read(position + 30, nameLength + extraLength);
    if (rest.length < nameLength + extraLength) invalid("local header truncated", { entry: entry.name });
    if (!rest.subarray(0, nameLength).equals(entry.nameBytes) || method !== entry.method) {
      invalid("local header differs from the central directory", { entry: entry.name });
    }
    if (compressed === U32_MAX) {
      // unzipper takes the second value of a local ZIP64 field (uncompressed size, then compressed)
      const extra = zip64Extra(rest.subarray(nameLength));
      if (!extra || extra.length < 16) invalid("zip64 extra field", { entry: entry.name });
      compressed = u64(extra, 8);
    }
    // unzipper: with the "data descriptor" flag and no size in the local header, the data runs to the
    // first descriptor signature; otherwise it is the local header's compressed size.
    const sizeKnown = !(flags & 0x0008) || compressed > 0;
    if (sizeKnown && compressed !== entry.compressedSize) invalid("local sizes differ from the central directory", { entry: entry.name });
    const dataStart = position + 30 + nameLength + extraLength;
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > directory.offset) invalid("entry runs into the central directory", { entry: entry.name });
    inflatedBytes += await inflateCounted(bytes, entry, dataStart, dataEnd, !sizeKnown);
    position = dataEnd;
    if (!sizeKnown) {
      const descriptor = await bytes.read(dataEnd, 4);
      if (descriptor.length < 4 || descriptor.readUInt32LE(0) !== SIG_DESCRIPTOR) invalid("data descriptor", { entry: entry.name });
      position += UNZIPPER_DESCRIPTOR_BYTES;
    }
    walked++;
  }
  if (walked !== directory.entries.length) invalid("entries missing", { walked, listed: directory.entries.length });
  return { entries: walked, inflatedBytes };
}

/** Inflates one entry's data, discarding the output; stops past the declared size. Returns the bytes inflated. */
async function inflateCounted(bytes: Bytes, entry: ZipEntry, start: number, end: number, endsAtDescriptor: boolean): Promise<number> {
  let out = 0;
  let exceeded = false;
  let descriptorInside = false;
  async function* data() {
    let carry: Buffer = Buffer.alloc(0);
    for await (const chunk of bytes.chunks(start, end)) {
      // unzipper would end this entry at the first descriptor signature, and read what follows as the next record
      if (endsAtDescriptor && (chunk.includes(DESCRIPTOR_BYTES) || Buffer.concat([carry, chunk.subarray(0, 3)]).includes(DESCRIPTOR_BYTES))) {
        descriptorInside = true;
        throw new Error("descriptor signature inside the data");
      }
      carry = chunk.subarray(-3);
      yield chunk;
    }
  }
  const counter = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.length;
      if (out > entry.uncompressedSize) {
        exceeded = true;
        done(new Error("inflated past the declared size"));
      } else done();
    },
  });
  try {
    await pipeline(Readable.from(data()), entry.method === 8 ? zlib.createInflateRaw({ chunkSize: 64 * 1024 }) : new PassThrough(), counter);
  } catch (error) {
    if (exceeded) tooLarge("inflated", { entry: entry.name, declared: entry.uncompressedSize });
    if (descriptorInside) invalid("descriptor signature inside the data", { entry: entry.name });
    invalid("entry does not inflate", { entry: entry.name, err: error });
  }
  return out;
}
