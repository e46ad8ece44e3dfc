import { AuditActorType, AuditEntry } from './audit-entry.entity';
import { auditEntriesToCsv } from './audit-csv';

function entry(overrides: Partial<AuditEntry>): AuditEntry {
  return Object.assign(new AuditEntry(), {
    id: '7',
    occurredAt: new Date('2026-11-25T10:00:00Z'),
    actorType: AuditActorType.User,
    actorId: '0b6e1c7e-0000-4000-8000-000000000001',
    actorRole: 'officer',
    action: 'company.approved',
    subjectType: 'company',
    subjectId: 'c1',
    before: { status: 'pending_review' },
    after: { status: 'active' },
    requestId: 'r-1',
    ...overrides,
  });
}

describe('auditEntriesToCsv', () => {
  it('writes a BOM, a header and one quoted line per entry with CRLF line ends', () => {
    const csv = auditEntriesToCsv([entry({})]);
    expect(csv.startsWith('\uFEFFid,occurredAt,actorType')).toBe(true);
    const [, line] = csv.slice(1).split('\r\n');
    expect(line).toBe(
      '"7","2026-11-25T10:00:00.000Z","user","0b6e1c7e-0000-4000-8000-000000000001","officer","company.approved","company","c1","{""status"":""pending_review""}","{""status"":""active""}","r-1"',
    );
  });

  it('leaves empty cells for missing values and neutralises spreadsheet formulas', () => {
    const csv = auditEntriesToCsv([entry({ actorId: null, subjectId: '=HYPERLINK("x")' })]);
    expect(csv).toContain('"user",,"officer"');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
