/**
 * The error report of an import: one CSV line per problem of each refused row, by line number of the input, with the
 * stable code, the rule (R-…) and its reason code where one applies, the column or field, the act concerned and the message in English and
 * Vietnamese. UTF-8 with a byte-order mark, so that spreadsheets show the Vietnamese text as it is.
 */
import type { RowProblem } from './values';

export interface ReportedProblem extends RowProblem {
  line: number;
  dossierId?: string;
  /** the act concerned, e.g. "CellAdmissionVoteHeld 2023-06-26" */
  event?: string;
}

export const REPORT_COLUMNS = ['line', 'dossier_id', 'code', 'rule', 'reason', 'field', 'event', 'message', 'message_vi'] as const;

export function reportCsv(problems: readonly ReportedProblem[]): string {
  const rows = [...problems]
    .sort((a, b) => a.line - b.line)
    .map((p) => [String(p.line), p.dossierId, p.code, p.rule, p.reason, p.field, p.event, p.message, p.messageVi].map(csvField).join(','));
  return `\uFEFF${[REPORT_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

function csvField(value: string | undefined): string {
  if (value === undefined) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
