import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum AuditActorType {
  User = 'user',
  Company = 'company',
  Partner = 'partner',
  System = 'system',
}

/** One recorded action. Rows are never changed or removed (a database trigger refuses it). */
@Entity('audit_entries')
@Check('audit_entries_action_format', `action ~ '^[a-z_]+(\\.[a-z_]+)+$'`)
@Index('audit_entries_subject_idx', ['subjectType', 'subjectId'])
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Index('audit_entries_occurred_at_idx')
  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ type: 'enum', enum: AuditActorType, enumName: 'audit_actor_type' })
  actorType: AuditActorType;

  @Index('audit_entries_actor_id_idx')
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  actorRole: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  subjectType: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  subjectId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId: string | null;
}
