import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Principal } from '../common/principal';
import { RequestContext } from '../common/request-context';
import { AuditActorType, AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Defaults to the principal of the current request, or the system outside a request. */
  actor?: Principal;
}

export interface AuditFilter {
  action?: string;
  subjectType?: string;
  subjectId?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  /** Entries older than this id (keyset pagination, newest first). */
  beforeId?: string;
  limit: number;
}

function actorOf(principal: Principal | undefined): Pick<AuditEntry, 'actorType' | 'actorId' | 'actorRole'> {
  if (!principal) return { actorType: AuditActorType.System, actorId: null, actorRole: null };
  if (principal.type === 'user') return { actorType: AuditActorType.User, actorId: principal.userId, actorRole: principal.role };
  return { actorType: AuditActorType.Company, actorId: principal.companyId, actorRole: 'company' };
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Records an action inside the caller's transaction, so the entry exists exactly when the change commits. */
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    const entry: Partial<AuditEntry> = {
      ...actorOf(record.actor ?? RequestContext.principal()),
      action: record.action,
      subjectType: record.subjectType,
      subjectId: record.subjectId ?? null,
      before: record.before ?? null,
      after: record.after ?? null,
      requestId: RequestContext.requestId() ?? null,
    };
    const repository = manager.getRepository(AuditEntry);
    await repository.save(repository.create(entry));
  }

  /**
   * Erasure: removes the named personal values from before/after of the entries about a subject; the act, the
   * actor, the ids and the time stay. The append-only trigger lets exactly this through, in this transaction only.
   */
  async pseudonymise(manager: EntityManager, subjectType: string, subjectId: string, keys: readonly string[]): Promise<void> {
    await manager.query(`SELECT set_config('isa.audit_pseudonymise', 'on', true)`);
    await manager.query(
      `UPDATE audit_entries SET before = before - $3::text[], after = after - $3::text[]
        WHERE subject_type = $1 AND subject_id = $2 AND (coalesce(before ?| $3::text[], false) OR coalesce(after ?| $3::text[], false))`,
      [subjectType, subjectId, keys],
    );
    await manager.query(`SELECT set_config('isa.audit_pseudonymise', 'off', true)`);
  }

  list(filter: AuditFilter): Promise<AuditEntry[]> {
    const query = this.entries.createQueryBuilder('entry').orderBy('entry.id', 'DESC').limit(filter.limit);
    if (filter.action) query.andWhere('entry.action = :action', { action: filter.action });
    if (filter.subjectType) query.andWhere('entry.subjectType = :subjectType', { subjectType: filter.subjectType });
    if (filter.subjectId) query.andWhere('entry.subjectId = :subjectId', { subjectId: filter.subjectId });
    if (filter.actorId) query.andWhere('entry.actorId = :actorId', { actorId: filter.actorId });
    if (filter.from) query.andWhere('entry.occurredAt >= :from', { from: filter.from });
    if (filter.to) query.andWhere('entry.occurredAt < :to', { to: filter.to });
    if (filter.beforeId) query.andWhere('entry.id < :beforeId', { beforeId: filter.beforeId });
    return query.getMany();
  }
}
