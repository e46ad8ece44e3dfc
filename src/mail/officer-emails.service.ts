import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import NodemailerComposer from 'nodemailer/lib/mail-composer';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { HomeCityService } from '../cities/home-city.service';
import { Principal } from '../common/principal';
import { ListEmailsQuery } from './dto/emails.dto';
import { MailComposer } from './mail-composer.service';
import { MailTemplateRegistry } from './mail-template.registry';
import { MailTransport } from './mail-transport.service';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity';
import { OutboxRecipient, RecipientRole, RecipientState } from './outbox-recipient.entity';
import { OutboxRecipients } from './outbox-recipients.service';
import { OutboxRelay } from './outbox-relay.service';
import { SecretLinkError, SecretLinks } from './secret-links.service';

type Staff = Extract<Principal, { type: 'user' }>;

const RETRYABLE = [OutboxStatus.Failed, OutboxStatus.Unconfirmed];

/** An email as officers see it: a token-bearing one says so, and its link is never shown. */
export type WatchedEmail = OutboxMessage & { linkWithheld: boolean };

/** The home office watches every email: what failed and why, corrects an address and sends again. */
@Injectable()
export class OfficerEmailsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly registry: MailTemplateRegistry,
    private readonly audit: AuditService,
    private readonly homeCity: HomeCityService,
    private readonly recipients: OutboxRecipients,
    private readonly secretLinks: SecretLinks,
    private readonly composer: MailComposer,
    private readonly transport: MailTransport,
  ) {}

  async list(staff: Staff, query: ListEmailsQuery): Promise<{ items: WatchedEmail[]; total: number }> {
    await this.requireHomeOffice(staff);
    const builder = this.dataSource.getRepository(OutboxMessage).createQueryBuilder('message');
    if (query.status) builder.andWhere('message.status = :status', { status: query.status });
    if (query.template) builder.andWhere('message.template = :template', { template: query.template });
    const [items, total] = await builder
      .orderBy(`CASE message.status WHEN 'failed' THEN 0 WHEN 'unconfirmed' THEN 1 ELSE 2 END`, 'ASC')
      .addOrderBy('message.createdAt', 'DESC')
      .addOrderBy('message.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    const tokenBearing = await this.secretLinks.tokenBearing(this.dataSource.manager, items.map((item) => item.id));
    return { items: items.map((item) => Object.assign(item, { linkWithheld: tokenBearing.has(item.id) || this.declaresSecretLink(item) })), total };
  }

  async find(staff: Staff, id: string): Promise<WatchedEmail> {
    await this.requireHomeOffice(staff);
    const message = await this.dataSource.getRepository(OutboxMessage).findOneBy({ id });
    if (!message) throw new NotFoundException({ statusCode: 404, message: 'No such email.' });
    return Object.assign(message, { linkWithheld: await this.isTokenBearing(this.dataSource.manager, message) });
  }

  /**
   * The message as written to MAIL_DIRECTORY; for a token-bearing email, or one whose template carries an answer link
   * (withholdsLink), the same message built again with the link withheld, since the file on disk holds the link for
   * its recipients alone.
   */
  async eml(staff: Staff, id: string): Promise<Buffer | null> {
    const message = await this.find(staff, id);
    const written = await this.transport.readEml(id);
    if (!written || !(message.linkWithheld || this.registry.handlerFor(message.template).withholdsLink)) return written;
    const composed = await this.composer.compose(message, { withholdLink: true });
    return new NodemailerComposer({ ...composed, headers: { ...(composed.headers as Record<string, string>), 'X-ISA-Match-Link': 'withheld' } }).compile().build();
  }

  /**
   * A failed or unconfirmed email goes out again, to a corrected To address if one is given, and only to the
   * recipients that have not taken it (or only to `recipientId`): whoever has it gets no second copy. A token-bearing
   * email goes only to the address it was issued for, and with a fresh token: the one in the earlier attempt stops working.
   */
  async retry(staff: Staff, id: string, recipient: string | undefined, recipientId?: string): Promise<WatchedEmail> {
    await this.requireHomeOffice(staff);
    const message = await this.dataSource.transaction(async (manager) => {
      const current = await manager.getRepository(OutboxMessage).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new NotFoundException({ statusCode: 404, message: 'No such email.' });
      // Its request ended or its recipient was erased: nobody sends it again, to any recipient.
      if (current.status === OutboxStatus.Cancelled) throw new ConflictException({ statusCode: 409, message: `A cancelled email is not sent again: ${current.cancelReason ?? 'it was stopped'}`, status: current.status });
      await this.refuseEndedByPrivacy(manager, current);
      const recipients = await manager.getRepository(OutboxRecipient).find({ where: { outboxId: id } });
      const chosen = recipientId === undefined ? undefined : recipients.find((candidate) => candidate.id === recipientId);
      if (recipientId !== undefined && !chosen) throw new NotFoundException({ statusCode: 404, message: 'No such recipient of this email.' });
      const resendable = chosen ? chosen.state === RecipientState.Refused || (chosen.state !== RecipientState.Accepted && RETRYABLE.includes(current.status)) : RETRYABLE.includes(current.status);
      if (!resendable) throw new ConflictException({ statusCode: 409, message: `Only failed or unconfirmed emails, or a refused recipient, can be sent again; this one is ${chosen?.state ?? current.status}.`, status: current.status });
      const linkWithheld = await this.isTokenBearing(manager, current);
      if (linkWithheld) recipient = await this.renewLink(manager, current, recipient, recipientId === undefined ? 'recipient' : 'address');
      if (recipient !== undefined) this.checkCorrection(current, recipients, chosen, recipient);
      if (recipient !== undefined && recipient !== current.recipient) await this.registry.handlerFor(current.template).onReaddressed?.(manager, current);
      const before = { status: current.status, recipient: current.recipient, lastError: current.lastError, recipientId: chosen?.id ?? null };
      Object.assign(current, { status: OutboxStatus.Pending, recipient: recipient ?? current.recipient, failedAt: null, claimedAt: null, queuedAt: null });
      await manager.getRepository(OutboxMessage).save(current);
      await this.recipients.reopen(manager, current, { recipientId: chosen?.id, toAddress: recipient });
      await this.audit.record(manager, { action: 'email.retried', subjectType: 'email', subjectId: id, before, after: { status: current.status, recipient: current.recipient, recipientId: chosen?.id ?? null, linkRenewed: linkWithheld } });
      return Object.assign(current, { linkWithheld });
    });
    // The sweep queues it if Redis does not answer now.
    await this.relay.requeue(id).catch(() => undefined);
    return message;
  }

  /**
   * An email about a request that an erasure or a withdrawn cross-border consent ended goes to nobody again, not even
   * one that was perhaps delivered (unconfirmed) or a refused copy of a sent one: what had not surely happened stops.
   */
  private async refuseEndedByPrivacy(manager: EntityManager, message: OutboxMessage): Promise<void> {
    const requestId = message.payload?.matchRequestId;
    if (typeof requestId !== 'string') return;
    const [ended] = await manager.query(`SELECT closing_reason FROM match_requests WHERE id::text = $1 AND closing_reason IS NOT NULL`, [requestId]);
    if (ended) throw new ConflictException({ statusCode: 409, message: `An email about a request that ended (${ended.closing_reason}) is not sent again.`, status: message.status });
  }

  /** Recipients of the listed emails, by email. */
  async recipientsByMessage(ids: string[]): Promise<Map<string, OutboxRecipient[]>> {
    const rows = ids.length === 0 ? [] : await this.dataSource.getRepository(OutboxRecipient).find({ where: { outboxId: In(ids) }, order: { role: 'ASC', address: 'ASC' } });
    const byMessage = new Map<string, OutboxRecipient[]>(ids.map((id) => [id, []]));
    for (const row of rows) byMessage.get(row.outboxId)!.push(row);
    return byMessage;
  }

  /** Emails written but not in the queue (Redis was away, or lost its jobs): the sweep queues them within seconds. */
  async waitingForQueue(staff: Staff): Promise<number> {
    await this.requireHomeOffice(staff);
    return this.relay.waitingForQueue();
  }

  // A corrected address replaces a To that does not have the email; it may not be one the email already goes to.
  private checkCorrection(message: OutboxMessage, recipients: OutboxRecipient[], chosen: OutboxRecipient | undefined, address: string): void {
    if (chosen && chosen.role !== RecipientRole.To) {
      throw new UnprocessableEntityException({ statusCode: 422, field: 'recipient', message: 'recipient: only the To address can be corrected; a copy goes to the address the email was written with.' });
    }
    const delivered = recipients.find((row) => row.role === RecipientRole.To && row.state === RecipientState.Accepted);
    if (delivered && address !== delivered.address) {
      throw new ConflictException({ statusCode: 409, field: 'recipient', message: `recipient: ${delivered.address} has the email already; its address is not corrected.`, status: message.status });
    }
    const others = [...message.cc, ...recipients.filter((row) => row.role !== RecipientRole.To).map((row) => row.address)];
    if (others.includes(address)) throw new UnprocessableEntityException({ statusCode: 422, field: 'recipient', message: 'recipient: this address already receives the email in copy.' });
  }

  /** The officer learned that an unconfirmed email did arrive: it counts as sent, with what delivery means for its subject. */
  async confirmDelivered(staff: Staff, id: string): Promise<WatchedEmail> {
    await this.requireHomeOffice(staff);
    return this.dataSource.transaction(async (manager) => {
      const current = await manager.getRepository(OutboxMessage).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new NotFoundException({ statusCode: 404, message: 'No such email.' });
      if (current.status !== OutboxStatus.Unconfirmed) throw new ConflictException({ statusCode: 409, message: `Only unconfirmed emails can be confirmed; this one is ${current.status}.`, status: current.status });
      const toAlreadyDelivered = await manager.getRepository(OutboxRecipient).existsBy({ outboxId: id, role: RecipientRole.To, state: RecipientState.Accepted });
      Object.assign(current, { status: OutboxStatus.Sent, sentAt: new Date(), lastError: null });
      await manager.getRepository(OutboxMessage).save(current);
      await this.recipients.confirmDelivered(manager, id);
      await this.secretLinks.clear(manager, id);
      if (!toAlreadyDelivered) await this.registry.handlerFor(current.template).onDelivered?.(manager, current);
      await this.audit.record(manager, { action: 'email.confirmed_delivered', subjectType: 'email', subjectId: id, before: { status: OutboxStatus.Unconfirmed }, after: { status: current.status } });
      return Object.assign(current, { linkWithheld: await this.isTokenBearing(manager, current) });
    });
  }

  /** Renews the personal link of the email before it goes again, and names the address it goes to: its account's own of today. */
  private async renewLink(manager: EntityManager, current: OutboxMessage, recipient: string | undefined, field: string): Promise<string | undefined> {
    if (recipient !== undefined && recipient !== current.recipient) {
      throw new UnprocessableEntityException({
        statusCode: 422,
        field,
        message: `${field} cannot be changed: this email carries a personal link and goes only to the address it was issued for. The account holder asks for a new link instead.`,
      });
    }
    try {
      if (!(await this.secretLinks.isTokenBearing(manager, current.id))) {
        await this.registry.handlerFor(current.template).secretLink?.renew(manager, current);
        return recipient;
      }
      await this.secretLinks.renew(manager, current.id);
      // The account may have moved to another address since: the link that signs in to it never goes to the one it left.
      const owner = await this.secretLinks.ownerAddress(manager, current.id);
      if (owner === null) throw new SecretLinkError('The account this link was for has no address any more; nothing is sent.');
      return owner === current.recipient ? recipient : owner;
    } catch (error) {
      if (error instanceof SecretLinkError) throw new ConflictException({ statusCode: 409, message: error.message });
      throw error;
    }
  }

  private async isTokenBearing(manager: EntityManager, message: OutboxMessage): Promise<boolean> {
    return this.declaresSecretLink(message) || (await this.secretLinks.isTokenBearing(manager, message.id));
  }

  private declaresSecretLink(message: OutboxMessage): boolean {
    return this.registry.handlerFor(message.template).secretLink !== undefined;
  }

  // Emails carry the personal data of every party; the installation's own office and administrators see them.
  private async requireHomeOffice(staff: Staff): Promise<void> {
    (await this.homeCity.officerScope()).requireHomeOffice(staff);
  }
}
