import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { HomeCityService } from '../cities/home-city.service';
import { Principal } from '../common/principal';
import { ListEmailsQuery } from './dto/emails.dto';
import { MailTemplateRegistry } from './mail-template.registry';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay.service';

type Staff = Extract<Principal, { type: 'user' }>;

const RETRYABLE = [OutboxStatus.Failed, OutboxStatus.Unconfirmed];

/** The home office watches every email: what failed and why, corrects an address and sends again. */
@Injectable()
export class OfficerEmailsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly registry: MailTemplateRegistry,
    private readonly audit: AuditService,
    private readonly homeCity: HomeCityService,
  ) {}

  async list(staff: Staff, query: ListEmailsQuery): Promise<{ items: OutboxMessage[]; total: number }> {
    await this.requireHomeOffice(staff);
    const builder = this.dataSource.getRepository(OutboxMessage).createQueryBuilder('message');
    if (query.status) builder.andWhere('message.status = :status', { status: query.status });
    if (query.template) builder.andWhere('message.template = :template', { template: query.template });
    const [items, total] = await builder
      .orderBy(`CASE WHEN message.status IN ('failed', 'unconfirmed') THEN 0 ELSE 1 END`, 'ASC')
      .addOrderBy('message.createdAt', 'DESC')
      .addOrderBy('message.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  async find(staff: Staff, id: string): Promise<OutboxMessage> {
    await this.requireHomeOffice(staff);
    const message = await this.dataSource.getRepository(OutboxMessage).findOneBy({ id });
    if (!message) throw new NotFoundException({ statusCode: 404, message: 'No such email.' });
    return message;
  }

  /** A failed or unconfirmed email goes out again, to a corrected address if one is given. */
  async retry(staff: Staff, id: string, recipient: string | undefined): Promise<OutboxMessage> {
    await this.requireHomeOffice(staff);
    const message = await this.dataSource.transaction(async (manager) => {
      const current = await manager.getRepository(OutboxMessage).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new NotFoundException({ statusCode: 404, message: 'No such email.' });
      if (!RETRYABLE.includes(current.status)) throw new ConflictException({ statusCode: 409, message: `Only failed or unconfirmed emails can be retried; this one is ${current.status}.`, status: current.status });
      const before = { status: current.status, recipient: current.recipient, lastError: current.lastError };
      Object.assign(current, { status: OutboxStatus.Pending, recipient: recipient ?? current.recipient, failedAt: null, claimedAt: null, queuedAt: null });
      await manager.getRepository(OutboxMessage).save(current);
      await this.audit.record(manager, { action: 'email.retried', subjectType: 'email', subjectId: id, before, after: { status: current.status, recipient: current.recipient } });
      return current;
    });
    // The sweep queues it if Redis does not answer now.
    await this.relay.requeue(id).catch(() => undefined);
    return message;
  }

  /** The officer learned that an unconfirmed email did arrive: it counts as sent, with what delivery means for its subject. */
  async confirmDelivered(staff: Staff, id: string): Promise<OutboxMessage> {
    await this.requireHomeOffice(staff);
    return this.dataSource.transaction(async (manager) => {
      const current = await manager.getRepository(OutboxMessage).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new NotFoundException({ statusCode: 404, message: 'No such email.' });
      if (current.status !== OutboxStatus.Unconfirmed) throw new ConflictException({ statusCode: 409, message: `Only unconfirmed emails can be confirmed; this one is ${current.status}.`, status: current.status });
      Object.assign(current, { status: OutboxStatus.Sent, sentAt: new Date(), lastError: null });
      await manager.getRepository(OutboxMessage).save(current);
      await this.registry.handlerFor(current.template).onDelivered?.(manager, current);
      await this.audit.record(manager, { action: 'email.confirmed_delivered', subjectType: 'email', subjectId: id, before: { status: OutboxStatus.Unconfirmed }, after: { status: current.status } });
      return current;
    });
  }

  // Emails carry the personal data of every party; the installation's own office and administrators see them.
  private async requireHomeOffice(staff: Staff): Promise<void> {
    (await this.homeCity.officerScope()).requireHomeOffice(staff);
  }
}
