/**
 * CSV as spreadsheets write it (RFC 4180): UTF-8 with or without a byte-order mark, CRLF or LF, fields quoted with `"`
 * when they hold the separator, a quote (doubled) or a line break. The separator is taken from the header line: a comma,
 * or the semicolon or tab that spreadsheets in a Vietnamese locale (decimal comma) often write instead.
 */
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';

export interface CsvRecord {
  /** the line of the file on which the record starts (1-based) */
  line: number;
  fields: string[];
}

export class CsvError extends Error {}

const SEPARATORS = [',', ';', '\t'];

/** Records from lines; a quoted field may go on over several lines. */
export class CsvParser {
  private separator?: string;
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  private startLine = 0;

  /** Feeds one line (without its line break); returns a record when the line completes one. */
  push(text: string, line: number): CsvRecord | undefined {
    if (this.separator === undefined) {
      if (line === 1) text = text.replace(/^\uFEFF/, '');
      this.separator = detectSeparator(text);
    }
    if (!this.quoted) {
      if (text.trim() === '' && this.fields.length === 0) return undefined; // blank lines between records
      this.startLine = line;
    } else {
      this.field += '\n';
    }
    const sep = this.separator;
    let i = 0;
    while (i < text.length) {
      if (this.quoted) {
        const quote = text.indexOf('"', i);
        if (quote < 0) {
          this.field += text.slice(i);
          return undefined;
        }
        this.field += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          this.field += '"';
          i = quote + 2;
        } else {
          this.quoted = false;
          i = quote + 1;
        }
      } else if (text[i] === '"' && this.field.trim() === '') {
        this.quoted = true;
        this.field = '';
        i += 1;
      } else if (text[i] === sep) {
        this.fields.push(this.field);
        this.field = '';
        i += 1;
      } else {
        // Up to the next separator; a quote inside an unquoted field is kept as it is (as spreadsheets read it).
        const next = text.indexOf(sep, i);
        const end = next < 0 ? text.length : next;
        this.field += text.slice(i, end);
        i = end;
      }
    }
    if (this.quoted) return undefined;
    this.fields.push(this.field);
    const record = { line: this.startLine, fields: this.fields };
    this.fields = [];
    this.field = '';
    return record;
  }

  /** At the end of the input: a quote left open is an error, not a silently shortened record. */
  end(): void {
    if (this.quoted) throw new CsvError(`line ${this.startLine}: a quoted field is not closed before the end of the file`);
  }
}

function detectSeparator(header: string): string {
  const counts = SEPARATORS.map((sep) => header.split(sep).length - 1);
  const best = counts.indexOf(Math.max(...counts));
  return counts[best] > 0 ? SEPARATORS[best] : ',';
}

/** The records of a CSV stream, with the line each starts on. */
export async function* readCsv(input: Readable): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser();
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    const record = parser.push(text, ++line);
    if (record) yield record;
  }
  parser.end();
}
