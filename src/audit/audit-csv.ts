import { AuditEntry } from './audit-entry.entity';

const COLUMNS = ['id', 'occurredAt', 'actorType', 'actorId', 'actorRole', 'action', 'subjectType', 'subjectId', 'before', 'after', 'requestId'] as const;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Quote always; a leading formula character is neutralised so spreadsheets do not execute it.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** RFC 4180 CSV with a header line, CRLF line ends and a UTF-8 BOM so Excel reads umlauts and Chinese correctly. */
export function auditEntriesToCsv(entries: AuditEntry[]): string {
  const lines = [COLUMNS.join(','), ...entries.map((entry) => COLUMNS.map((column) => csvCell(entry[column])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
