/**
 * I2: reading a CSV file — bytes to text ({@link decodeCsv}), text to records ({@link parseCsvText}).
 *
 * Pure TypeScript with no dependencies and no DOM or Node APIs (only `TextDecoder`, which browsers, module
 * workers and Node all have), so the same code runs in the SDK and on the server (I8).
 *
 * Decisions:
 * - Encoding: UTF-8 with or without BOM; bytes that are not valid UTF-8 are read as Windows-1252 (what Excel
 *   on Windows writes for "CSV (comma/semicolon delimited)"). A UTF-16 file (BOM, or every other byte NUL)
 *   is refused with `ENCODING`; a NUL byte or a sample of more than 10 % control characters is `NOT_TEXT`.
 * - Delimiter: `,` or `;`, chosen by counting each outside quotes in the header line (ties, including none:
 *   the next 20 records decide, then `,`). The caller may force one. A header that splits into a single
 *   column is always an error (`SINGLE_COLUMN`), never a one-column success.
 * - Line breaks: the first one outside quotes decides: CRLF or LF (a CR just before an LF is dropped, so
 *   mixed files read well), or a lone CR (classic Mac; reported as `CRLF`, the line ending to use when
 *   writing the file back). Inside quotes every character is kept as written.
 * - Quoting: RFC 4180. A quote inside an unquoted value is kept literally; text after a closing quote is
 *   appended to the value (lenient, as Excel and papaparse do). A quote never closed is `MALFORMED`.
 * - Blank records (an empty line, or only delimiters and spaces, as Excel writes for formatted empty rows)
 *   are skipped anywhere in the file, before the header too; they still count for line numbers, so
 *   `lines` always point at the real line of the file.
 * - Header cells are trimmed; trailing empty header cells (a trailing delimiter) are dropped. Records are
 *   padded with '' to the header's width; cells beyond it are kept when any is non-empty (so the row
 *   check can report the shifted row), and dropped when all are empty.
 */
import type { CsvDelimiter, CsvEncoding, CsvReadErrorCode, ParsedCsv } from './contract.js'

/** The file cannot be read as CSV at all: the whole import stops (I7 "fails the job with a clear error"). */
export class CsvReadError extends Error {
  code: CsvReadErrorCode
  /** The file line the problem is on, when there is one (header = 1). */
  line?: number
  constructor(code: CsvReadErrorCode, message: string, line?: number) {
    super(message)
    this.name = 'CsvReadError'
    this.code = code
    if (line !== undefined) this.line = line
  }
}

export interface DecodedCsv {
  text: string
  encoding: CsvEncoding
  /** The file started with a UTF-8 byte-order mark (removed from `text`). */
  bom: boolean
}

let utf8: TextDecoder | undefined

/**
 * Bytes to text: UTF-8 (with or without BOM), else Windows-1252.
 * @throws {CsvReadError} `NOT_TEXT` for binary data (a spreadsheet workbook, an image…), `ENCODING` for UTF-16.
 */
export function decodeCsv(bytes: Uint8Array): DecodedCsv {
  refuseBinaryFormats(bytes)
  const n = bytes.length
  const bom = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const body = bom ? bytes.subarray(3) : bytes
  utf8 ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  let text: string
  try {
    text = utf8.decode(body)
  } catch {
    refuseNulOrControls(bytes, bytes.indexOf(0) !== -1)
    return notUtf8(body, bom)
  }
  // In valid UTF-8 a NUL byte is U+0000 and nothing else is: the text is searched for it, much faster than the
  // bytes (§5), and the checks still run in the same order before anything is returned.
  refuseNulOrControls(bytes, text.indexOf('\0') !== -1)
  return { text, encoding: 'utf-8', bom }
}

/**
 * R4: {@link decodeCsv} in slices of 1 MiB, awaiting `slices.pause()` between them when `slices.sliceMs` has
 * passed — the UTF-8 attempt, and the Windows-1252 reading when that fails. Same result, same errors.
 */
export async function decodeCsvSliced(bytes: Uint8Array, slices: SliceOptions = {}): Promise<DecodedCsv> {
  refuseNonText(bytes)
  const breathe = pauser(slices)
  const n = bytes.length
  const bom = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const body = bom ? bytes.subarray(3) : bytes
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  const parts: string[] = []
  let utf8 = true
  try {
    for (let i = 0; i < body.length; i += DECODE_PIECE) {
      const end = Math.min(body.length, i + DECODE_PIECE)
      parts.push(decoder.decode(body.subarray(i, end), { stream: end < body.length }))
      if (end < body.length) await breathe()
    }
  } catch {
    refuseFalseBom(body, bom)
    utf8 = false
  }
  if (utf8) return { text: parts.join(''), encoding: 'utf-8', bom }
  // Not UTF-8: Windows-1252, a piece at a time too.
  parts.length = 0
  for (let i = 0; i < body.length; i += DECODE_PIECE) {
    parts.push(decodeWindows1252(body.subarray(i, i + DECODE_PIECE)))
    if (i + DECODE_PIECE < body.length) await breathe()
  }
  return { text: parts.join(''), encoding: 'windows-1252', bom: false }
}
const DECODE_PIECE = 1 << 20

/** Not valid UTF-8: Windows-1252, unless the file has a UTF-8 BOM (then `ENCODING`, naming the line). */
function notUtf8(body: Uint8Array, bom: boolean): DecodedCsv {
  refuseFalseBom(body, bom)
  return { text: decodeWindows1252(body), encoding: 'windows-1252', bom: false }
}

/** Bytes that are not UTF-8 behind a UTF-8 BOM: `ENCODING`, naming the first bad line. */
function refuseFalseBom(body: Uint8Array, bom: boolean) {
  if (bom) {
    // The file says it is UTF-8 but is not: reading it as Windows-1252 would turn every accent into junk.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body)
    const at = text.indexOf('\ufffd')
    const line = at < 0 ? undefined : 1 + countLineBreaks(text, 0, at)
    throw new CsvReadError(
      'ENCODING',
      `The file starts with a UTF-8 byte-order mark but is not valid UTF-8${line ? ` (line ${line})` : ''}: save it again as "CSV UTF-8".`,
      line,
    )
  }
}

/** Throws for bytes that are not text at all: UTF-16, a workbook, binary data. */
function refuseNonText(bytes: Uint8Array) {
  refuseBinaryFormats(bytes)
  refuseNulOrControls(bytes, bytes.indexOf(0) !== -1)
}

/** Throws for a UTF-16 byte-order mark, a ZIP archive (.xlsx) or an Excel 97–2003 workbook. */
function refuseBinaryFormats(bytes: Uint8Array) {
  const n = bytes.length
  if (n >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new CsvReadError(
      'ENCODING',
      'The file is encoded in UTF-16 (Excel\'s "Unicode Text"): save it as "CSV UTF-8" instead.',
    )
  }
  if (n >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new CsvReadError(
      'NOT_TEXT',
      'The file is a ZIP archive, such as an Excel workbook (.xlsx), not a CSV file: save it as "CSV UTF-8".',
    )
  }
  if (n >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw new CsvReadError(
      'NOT_TEXT',
      'The file is an Excel 97–2003 workbook (.xls), not a CSV file: save it as "CSV UTF-8".',
    )
  }
}

/** Throws for NUL bytes (`hasNul`: UTF-16 without a BOM, or binary data) or a sample of mostly control characters. */
function refuseNulOrControls(bytes: Uint8Array, hasNul: boolean) {
  const n = bytes.length
  if (hasNul) {
    if (looksLikeUtf16(bytes)) {
      throw new CsvReadError('ENCODING', 'The file looks encoded in UTF-16: save it as "CSV UTF-8" instead.')
    }
    throw new CsvReadError('NOT_TEXT', 'The file is not text (it contains NUL bytes): choose a CSV file.')
  }
  // Text files have (almost) no C0 control characters besides tab, line feed, form feed and carriage return.
  const sample = Math.min(n, 65536)
  let controls = 0
  for (let i = 0; i < sample; i++) {
    const b = bytes[i]
    if ((b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13) || b === 0x7f) controls++
  }
  if (controls > 0 && controls * 10 > sample) {
    throw new CsvReadError('NOT_TEXT', 'The file is not text (it is mostly control characters): choose a CSV file.')
  }
}

/** UTF-16 without a BOM: NULs at every other position of ASCII text. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512) & ~1
  if (n < 4) return false
  let even = 0
  let odd = 0
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++
    if (bytes[i + 1] === 0) odd++
  }
  const half = n / 2
  return (odd > half * 0.6 && even < half * 0.1) || (even > half * 0.6 && odd < half * 0.1)
}

/** 0x80–0x9F in Windows-1252 (WHATWG table: unassigned bytes map to the C1 control of the same value). */
const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ'

/** Windows-1252 by hand: 32 entries, the same everywhere (some runtimes' TextDecoder lacks the label). */
function decodeWindows1252(bytes: Uint8Array): string {
  const CHUNK = 8192
  const units = new Uint16Array(CHUNK)
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const m = Math.min(CHUNK, bytes.length - i)
    for (let j = 0; j < m; j++) {
      const b = bytes[i + j]
      units[j] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH.charCodeAt(b - 0x80) : b
    }
    parts.push(String.fromCharCode.apply(null, units.subarray(0, m) as unknown as number[]))
  }
  return parts.join('')
}

function countLineBreaks(text: string, from: number, to: number): number {
  return countChar(text, LF, from, to)
}

export interface ParseCsvOptions {
  /** Force the delimiter instead of detecting it. */
  delimiter?: CsvDelimiter
  /** Reported in the result: the encoding the text was decoded from (default `utf-8`). */
  encoding?: CsvEncoding
  /** Reported in the result: the bytes had a BOM ({@link decodeCsv} removes it from the text). */
  bom?: boolean
}

const QUOTE = 34
const COMMA = 44
const SEMICOLON = 59
const TAB = 9
const LF = 10
const CR = 13

/**
 * Text to records (RFC 4180; see the file comment for every decision).
 * @throws {CsvReadError} `EMPTY`, `SINGLE_COLUMN` or `MALFORMED`.
 */
export function parseCsvText(text: string, options: ParseCsvOptions = {}): ParsedCsv {
  const scanner = new RecordScanner(text, options)
  // §5: in slices too, so that `run` is a function called often, which V8 optimizes as such; one call looping over
  // the whole file was compiled again on the stack (OSR), a large function, for every file.
  while (!scanner.run(SLICE_RECORDS)) {}
  return scanner.result()
}

/**
 * R4: {@link parseCsvText} in slices: after about `sliceMs` of work (default 10 ms) it awaits `pause()` (default: a
 * macrotask, `setTimeout(0)`), so that a server or a page keeps answering while a big file is read. Same result,
 * same errors.
 */
export async function parseCsvTextSliced(
  text: string,
  options: ParseCsvOptions = {},
  slices: SliceOptions = {},
): Promise<ParsedCsv> {
  const breathe = pauser(slices)
  const scanner = new RecordScanner(text, options)
  while (!scanner.run(SLICE_RECORDS)) await breathe()
  return scanner.result()
}

/** How to slice long work (R4): `pause()` is awaited after about `sliceMs` of work. */
export interface SliceOptions {
  /** What to await between slices. Default: `setTimeout(0)` (a macrotask: timers and I/O run in between). */
  pause?: () => Promise<void>
  /** Work between two pauses, in milliseconds (default 10; 0 pauses after every few hundred records). */
  sliceMs?: number
}
export const DEFAULT_SLICE_MS = 10
/** Records (or rows) between two looks at the clock. */
export const SLICE_RECORDS = 256
export const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/**
 * R4: the pause of a sliced function, called between two pieces of its work: it awaits `slices.pause()` (default a
 * macrotask) once about `slices.sliceMs` (default 10) have passed since it started or last paused, and returns
 * nothing otherwise.
 */
export function pauser(slices: SliceOptions): () => Promise<void> | undefined {
  const pause = slices.pause ?? macrotask
  const sliceMs = slices.sliceMs ?? DEFAULT_SLICE_MS
  let start = Date.now()
  return () => {
    if (Date.now() - start < sliceMs) return undefined
    return pause().then(() => {
      start = Date.now()
    })
  }
}

/**
 * The parser's state between slices: the set-up (BOM, line ending, blank lines, delimiter) runs in the
 * constructor, then {@link run} reads records until a limit. Each record is scanned once, from left to right.
 */
class RecordScanner {
  /**
   * §5: one scanner kept for as long as the module is loaded. V8's optimized code for {@link run} holds the hidden
   * class (map) of scanners weakly: a full GC that finds none alive — between two files — lets the map go, V8 throws
   * that code away, and the next file runs in slower tiers while it is compiled again. One scanner alive keeps the
   * map (the same for `RepeatFinder` in rows.ts): about 13 % less time per 100,000-row file when a full GC runs
   * between files (`csv-import-sdk` benchmark). Set at the end of this module, once everything it uses is defined.
   */
  static shape: RecordScanner | undefined
  readonly text: string
  readonly len: number
  readonly nl: number
  readonly nlString: string
  readonly d: CsvDelimiter
  readonly dCode: number
  readonly detected: boolean
  readonly bom: boolean
  readonly lineEnding: ParsedCsv['lineEnding']
  readonly encoding: CsvEncoding
  pos: number
  line: number
  nextQuote: number
  /** The first delimiter at or after the cell being cut (`len`: none), kept from record to record like `nextQuote`. */
  nextDelimiter = -1
  /** Short cells already read, to hand out again (see {@link INTERN_SLOTS}); dropped with the scanner. */
  readonly seen: string[] = new Array<string>(INTERN_SLOTS).fill('')
  /** The cells of the record being cut, before they are copied out at their exact count. */
  readonly cut: string[] = []
  headers: string[] | null = null
  width = 0
  readonly records: string[][] = []
  readonly lines: number[] = []

  constructor(text: string, options: ParseCsvOptions) {
    let bom = options.bom ?? false
    let pos = 0
    if (text.charCodeAt(0) === 0xfeff) {
      pos = 1
      bom = true
    }
    // An old DOS end-of-file mark (Ctrl-Z) is not data.
    if (text.charCodeAt(text.length - 1) === 0x1a) text = text.slice(0, -1)
    const len = text.length

    // The first line break outside quotes decides how lines end.
    let nl = LF
    let lineEnding: ParsedCsv['lineEnding'] = 'none'
    for (let i = pos, quoted = false; i < len; i++) {
      const c = text.charCodeAt(i)
      if (c === QUOTE) quoted = !quoted
      else if (!quoted && (c === LF || c === CR)) {
        if (c === LF) lineEnding = 'LF'
        else if (text.charCodeAt(i + 1) === LF) lineEnding = 'CRLF'
        else {
          nl = CR
          lineEnding = 'CRLF'
        }
        break
      }
    }
    const nlString = nl === LF ? '\n' : '\r'

    // Skip blank lines (only spaces and delimiters) before the header.
    let line = 1
    while (pos < len) {
      let e = text.indexOf(nlString, pos)
      if (e === -1) e = len
      if (!isBlankText(text, pos, e)) break
      pos = e + 1
      line++
    }
    if (pos >= len) throw emptyFile()

    let delimiter = options.delimiter
    let detected = false
    if (delimiter !== undefined && delimiter !== ',' && delimiter !== ';') {
      throw new TypeError(`parseCsvText: the delimiter must be "," or ";", not ${JSON.stringify(delimiter)}`)
    }
    if (!delimiter) {
      delimiter = detectDelimiter(text, pos, len, nl)
      detected = true
    }
    let nextQuote = text.indexOf('"', pos)
    if (nextQuote === -1) nextQuote = len

    this.text = text
    this.len = len
    this.nl = nl
    this.nlString = nlString
    this.d = delimiter
    this.dCode = delimiter.charCodeAt(0)
    this.detected = detected
    this.bom = bom
    this.lineEnding = lineEnding
    this.encoding = options.encoding ?? 'utf-8'
    this.pos = pos
    this.line = line
    this.nextQuote = nextQuote
  }

  /** Reads up to `limit` records (blank ones included); true once the text is read to its end. */
  run(limit: number): boolean {
    const { text, len, nl, nlString, d, dCode, records, lines, seen, cut } = this
    let { pos, line, nextQuote, nextDelimiter, headers, width } = this
    let count = 0
    try {
      while (pos < len) {
        if (count++ >= limit) return false
        const recordLine = line
        let e = text.indexOf(nlString, pos)
        if (e === -1) e = len
        if (nextQuote < pos) {
          nextQuote = text.indexOf('"', pos)
          if (nextQuote === -1) nextQuote = len
        }
        let cells: string[]
        if (nextQuote >= e) {
          // Fast path: no quote on this line, so it is one whole record, cut at each delimiter.
          let end = e
          if (nl === LF && end > pos && text.charCodeAt(end - 1) === CR) end--
          let k = 0
          let from = pos
          for (;;) {
            if (nextDelimiter < from) {
              nextDelimiter = text.indexOf(d, from)
              if (nextDelimiter === -1) nextDelimiter = len
            }
            const to = Math.min(nextDelimiter, end)
            const n = to - from
            if (n === 0) cut[k] = ''
            else if (n > INTERN_MAX) cut[k] = text.slice(from, to)
            else {
              // §5: a very short cell already read (a civility, TRUE, a store code…) is handed out again: 100,000
              // rows keep their cells, and one string per value instead of one per cell spares the garbage collector
              // work. FNV-1a of the characters picks the slot; the characters are then compared.
              let h = 0x811c9dc5
              for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
              const slot = (h ^ (h >>> 15)) & (INTERN_SLOTS - 1)
              const known = seen[slot]
              if (known.length === n && text.startsWith(known, from)) cut[k] = known
              else cut[k] = seen[slot] = text.slice(from, to)
            }
            k++
            if (to === end) break
            from = to + 1
          }
          cells = cut.slice(0, k)
          pos = e + 1
          line++
        } else {
          cells = scanRecord(text, pos, len, dCode, nl, line)
          pos = scanEnd
          line = scanLine
        }

        if (isBlank(cells)) continue
        if (!headers) {
          headers = cells.map((c) => c.trim())
          while (headers.length > 1 && headers[headers.length - 1] === '') headers.pop()
          if (headers.length < 2) throw singleColumn(text, recordLine, headers[0], d, this.detected, nl)
          width = headers.length
          continue
        }
        if (cells.length < width) {
          while (cells.length < width) cells.push('')
        } else if (cells.length > width) {
          let k = cells.length
          while (k > width && cells[k - 1].trim() === '') k--
          cells.length = k
        }
        records.push(cells)
        lines.push(recordLine)
      }
      return true
    } finally {
      this.pos = pos
      this.line = line
      this.nextQuote = nextQuote
      this.nextDelimiter = nextDelimiter
      this.headers = headers
      this.width = width
    }
  }

  result(): ParsedCsv {
    if (!this.headers) throw emptyFile()
    return {
      headers: this.headers,
      records: this.records,
      lines: this.lines,
      delimiter: this.d,
      delimiterDetected: this.detected,
      encoding: this.encoding,
      bom: this.bom,
      lineEnding: this.lineEnding,
    }
  }
}

/** Cells of at most this many characters are looked up among those already read ({@link RecordScanner.seen}). */
const INTERN_MAX = 5
/** Slots of {@link RecordScanner.seen} (a power of two). */
const INTERN_SLOTS = 1024

/** Only spaces and delimiters between `from` and `to` (`/^[\s,;]*$/` on the slice), in one pass. */
function isBlankText(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c === COMMA || c === SEMICOLON || c === 32 || (c >= 9 && c <= 13)) continue
    if (c > 127 && text[i].trim() === '') continue
    return false
  }
  return true
}

const emptyFile = () =>
  new CsvReadError('EMPTY', 'The file is empty: it needs a header line and one line per customer user.')

function isBlank(cells: string[]): boolean {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]
    if (cell === '') continue
    // A printable ASCII character first (the usual case) is not blank, without a `trim()` call.
    const c = cell.charCodeAt(0)
    if ((c > 32 && c < 127) || cell.trim() !== '') return false
  }
  return true
}

// Results of scanRecord besides the cells (module state: parsing is synchronous and not re-entrant).
let scanEnd = 0
let scanLine = 0

/** The slow path: one record that has a quote somewhere, possibly spanning several lines. */
function scanRecord(text: string, pos: number, len: number, dCode: number, nl: number, line: number): string[] {
  const cells: string[] = []
  for (;;) {
    let value: string
    if (pos < len && text.charCodeAt(pos) === QUOTE) {
      const startLine = line
      let from = pos + 1
      value = ''
      for (;;) {
        const q = text.indexOf('"', from)
        if (q === -1) {
          throw new CsvReadError(
            'MALFORMED',
            `Line ${startLine}: a quoted value is never closed (a closing " is missing).`,
            startLine,
          )
        }
        line += countChar(text, nl, from, q)
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1)
          from = q + 2
          continue
        }
        value += text.slice(from, q)
        pos = q + 1
        break
      }
      if (pos < len && !atFieldEnd(text, pos, dCode, nl)) {
        const tail = pos
        pos = unquotedEnd(text, pos + 1, len, dCode, nl)
        value += text.slice(tail, pos)
      }
    } else {
      const from = pos
      pos = unquotedEnd(text, pos, len, dCode, nl)
      value = text.slice(from, pos)
    }
    cells.push(value)
    if (pos >= len) break
    if (text.charCodeAt(pos) === dCode) {
      pos++
      continue
    }
    // A line break ends the record.
    pos += nl === LF && text.charCodeAt(pos) === CR ? 2 : 1
    line++
    break
  }
  scanEnd = pos
  scanLine = line
  return cells
}

function atFieldEnd(text: string, pos: number, dCode: number, nl: number): boolean {
  const c = text.charCodeAt(pos)
  return c === dCode || c === nl || (c === CR && nl === LF && text.charCodeAt(pos + 1) === LF)
}

function unquotedEnd(text: string, pos: number, len: number, dCode: number, nl: number): number {
  for (; pos < len; pos++) {
    const c = text.charCodeAt(pos)
    if (c === dCode || c === nl) return pos
    if (c === CR && nl === LF && text.charCodeAt(pos + 1) === LF) return pos
  }
  return len
}

/**
 * R4: occurrences of `code` in `[from, to)`, looking at no character past `to`. (An `indexOf` loop would scan on
 * past `to` to the next line break, for every quoted cell: quadratic on a long line of quoted cells.)
 */
function countChar(text: string, code: number, from: number, to: number): number {
  let count = 0
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === code) count++
  return count
}

interface DelimiterCounts {
  comma: number
  semicolon: number
  tab: number
  /** Where the record ends (its line break, or the end of the text). */
  end: number
}

/** Counts delimiters outside quotes in the record starting at `pos`. */
function countDelimiters(text: string, pos: number, len: number, nl: number): DelimiterCounts {
  let comma = 0
  let semicolon = 0
  let tab = 0
  let quoted = false
  let i = pos
  for (; i < len; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) quoted = !quoted
    else if (!quoted) {
      if (c === nl) break
      if (c === COMMA) comma++
      else if (c === SEMICOLON) semicolon++
      else if (c === TAB) tab++
    }
  }
  return { comma, semicolon, tab, end: i }
}

function detectDelimiter(text: string, pos: number, len: number, nl: number): CsvDelimiter {
  const header = countDelimiters(text, pos, len, nl)
  if (header.comma !== header.semicolon) return header.comma > header.semicolon ? ',' : ';'
  // Undecided by the header: the next records vote.
  let comma = 0
  let semicolon = 0
  let at = header.end + 1
  for (let k = 0; k < 20 && at < len; k++) {
    const r = countDelimiters(text, at, len, nl)
    comma += r.comma
    semicolon += r.semicolon
    at = r.end + 1
  }
  return semicolon > comma ? ';' : ','
}

function singleColumn(
  text: string,
  line: number,
  header: string,
  d: CsvDelimiter,
  detected: boolean,
  nl: number,
): CsvReadError {
  const other: CsvDelimiter = d === ',' ? ';' : ','
  const lineStart = nthLineStart(text, line, nl)
  const counts = countDelimiters(text, lineStart, text.length, nl)
  const shown = header.length > 60 ? `${header.slice(0, 57)}…` : header
  let advice: string
  if ((other === ',' ? counts.comma : counts.semicolon) > 0)
    advice = `the file seems to use "${other}": choose "${other}" as the delimiter`
  else if (counts.tab > 0) advice = 'the file seems to use tabs: save it as CSV with "," or ";" between values'
  else if (detected)
    advice = 'no "," or ";" was found in it: a customer-user file has several columns separated by "," or ";"'
  else advice = `try "${other}" as the delimiter`
  return new CsvReadError(
    'SINGLE_COLUMN',
    `Line ${line}: the header has a single column ("${shown}") when split on "${d}"${detected ? ' (detected)' : ''}; ${advice}.`,
    line,
  )
}

function nthLineStart(text: string, line: number, nl: number): number {
  const ch = String.fromCharCode(nl)
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0
  for (let l = 1; l < line; l++) {
    const e = text.indexOf(ch, pos)
    if (e === -1) return text.length
    pos = e + 1
  }
  return pos
}

/** R3: the most columns a customer-user file may have (14 fields, custom fields and spare columns). */
export const MAX_CSV_COLUMNS = 500

/**
 * R3: how many columns the header of a CSV file has — what {@link parseCsvText} would make of it — read from the
 * raw bytes without decoding the file: the first line that is not blank (outside quotes), split on the given
 * delimiter or, when none is given, on the one the header holds most of; trailing empty cells not counted.
 * Cheap (one pass over the header line), so a server can refuse a file with too many columns before any heavy
 * work. `-1` when the bytes are not 8-bit text (UTF-16: the reader refuses those anyway).
 */
export function countHeaderColumns(bytes: Uint8Array, delimiter?: CsvDelimiter): number {
  const n = bytes.length
  let i = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (i < n) {
    // One record: for each delimiter, how many separators, and the index of the last cell holding a character.
    let commas = 0
    let semicolons = 0
    let lastComma = -1
    let lastSemicolon = -1
    let quoted = false
    for (; i < n; i++) {
      const b = bytes[i]
      if (b === 0) return -1
      if (quoted) {
        if (b === QUOTE) quoted = false
        continue
      }
      if (b === LF || b === CR) break
      if (b === COMMA) commas++
      else if (b === SEMICOLON) semicolons++
      else if (b !== 32 && b !== TAB && b !== 12 && b !== 11) {
        if (b === QUOTE) quoted = true
        lastComma = commas
        lastSemicolon = semicolons
      }
    }
    i++
    if (lastComma < 0) continue // a blank line: skipped, as the parser does
    const byComma = lastComma + 1
    const bySemicolon = lastSemicolon + 1
    if (delimiter === ',') return byComma
    if (delimiter === ';') return bySemicolon
    return commas > semicolons ? byComma : semicolons > commas ? bySemicolon : Math.max(byComma, bySemicolon)
  }
  return 0
}

RecordScanner.shape = new RecordScanner('a,b\n', {})
