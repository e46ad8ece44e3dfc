import { toCsv } from '../common/csv';
import { AuditEntry } from './audit-entry.entity';

const COLUMNS = ['id', 'occurredAt', 'actorType', 'actorId', 'actorRole', 'action', 'subjectType', 'subjectId', 'before', 'after', 'requestId'] as const;

export function auditEntriesToCsv(entries: AuditEntry[]): string {
  return toCsv<AuditEntry>(COLUMNS, entries);
}
