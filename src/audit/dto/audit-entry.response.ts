import { ApiProperty } from '@nestjs/swagger';
import { AuditActorType, AuditEntry } from '../audit-entry.entity';

export class AuditEntryResponse {
  @ApiProperty({ example: '42' })
  id: string;

  @ApiProperty()
  occurredAt: Date;

  @ApiProperty({ enum: AuditActorType })
  actorType: AuditActorType;

  @ApiProperty({ type: String, nullable: true })
  actorId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'officer' })
  actorRole: string | null;

  @ApiProperty({ example: 'officer.invited' })
  action: string;

  @ApiProperty({ example: 'user' })
  subjectType: string;

  @ApiProperty({ type: String, nullable: true })
  subjectId: string | null;

  @ApiProperty({ type: Object, nullable: true })
  before: Record<string, unknown> | null;

  @ApiProperty({ type: Object, nullable: true })
  after: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true })
  requestId: string | null;
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditEntryResponse] })
  entries: AuditEntryResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `before` for the next page; null on the last page.' })
  nextCursor: string | null;
}

export function toAuditEntryResponse(entry: AuditEntry): AuditEntryResponse {
  const { id, occurredAt, actorType, actorId, actorRole, action, subjectType, subjectId, before, after, requestId } = entry;
  return { id, occurredAt, actorType, actorId, actorRole, action, subjectType, subjectId, before, after, requestId };
}
