import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { IntroductionMailService } from './introduction-mail.service';
import { MatchRequest } from './match-request.entity';
import { MatchRequestTransitions } from './match-request-transitions.service';

const DAY_MS = 24 * 3_600_000;
const BATCH = 100;

export interface DeadlineReport {
  reminded: number;
  expired: number;
}

export type PartnerAnswer = { accepted: true } | { accepted: false; reason: string | null };

/** What happens after approval: the introduction goes out, the partner answers (or not in time), contacts are exchanged. */
@Injectable()
export class IntroductionProgressService {
  private readonly logger = new Logger(IntroductionProgressService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: MatchRequestTransitions,
    private readonly mail: IntroductionMailService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** The introduction email was delivered: the partner's time to answer starts now. */
  async markIntroduced(requestId: string, deliveredAt = new Date()): Promise<MatchRequest> {
    const respondBy = new Date(deliveredAt.getTime() + this.config.get('INTRODUCTION_RESPONSE_DAYS', { infer: true }) * DAY_MS);
    return this.inTransaction(requestId, (manager, request) => this.transitions.apply(manager, request, 'introduce', { introducedAt: deliveredAt, respondBy }));
  }

  /** The partner's answer: on acceptance the contact exchange is queued with it. */
  async recordAnswer(requestId: string, answer: PartnerAnswer): Promise<MatchRequest> {
    return this.inTransaction(requestId, async (manager, request) => {
      const respondedAt = new Date();
      if (answer.accepted) {
        await this.transitions.apply(manager, request, 'accept', { respondedAt });
        await this.mail.queueContactExchange(manager, request, request.requester, request.target);
      } else {
        await this.transitions.apply(manager, request, 'decline', { respondedAt, declineReason: answer.reason });
      }
      await this.mail.queueAnswerNotice(manager, request, request.requester, answer.accepted);
      return request;
    });
  }

  /** The contact exchange was delivered to both sides. */
  async markConnected(requestId: string): Promise<MatchRequest> {
    return this.inTransaction(requestId, (manager, request) => this.transitions.apply(manager, request, 'connect', { connectedAt: new Date() }));
  }

  /** One reminder after INTRODUCTION_REMINDER_DAYS; expiry at the deadline. Safe with several workers (SKIP LOCKED). */
  async runDeadlines(now = new Date()): Promise<DeadlineReport> {
    const reminderDue = new Date(now.getTime() - this.config.get('INTRODUCTION_REMINDER_DAYS', { infer: true }) * DAY_MS);
    const reminded = await this.eachLocked(`status = 'introduced' AND reminder_queued_at IS NULL AND introduced_at <= $1 AND respond_by > $2`, [reminderDue, now], async (manager, request) => {
      await manager.getRepository(MatchRequest).update(request.id, { reminderQueuedAt: now });
      await this.mail.queueReminder(manager, request, request.target);
    });
    const expired = await this.eachLocked(`status = 'introduced' AND respond_by <= $1`, [now], async (manager, request) => {
      await this.transitions.apply(manager, request, 'expire');
      await this.mail.queueExpiryNotices(manager, request, request.requester, request.target);
    });
    const report = { reminded, expired };
    this.logger.log(report, 'Introduction deadlines done');
    return report;
  }

  private async inTransaction(requestId: string, work: (manager: EntityManager, request: MatchRequest) => Promise<MatchRequest>): Promise<MatchRequest> {
    return this.dataSource.transaction(async (manager) => work(manager, await this.load(manager, requestId)));
  }

  private async load(manager: EntityManager, requestId: string): Promise<MatchRequest> {
    const request = await manager.getRepository(MatchRequest).findOne({ where: { id: requestId }, relations: { requester: { city: true }, target: { city: true } } });
    if (!request) throw new NotFoundException({ statusCode: 404, message: 'No such match request.' });
    return request;
  }

  private async eachLocked(condition: string, parameters: unknown[], work: (manager: EntityManager, request: MatchRequest) => Promise<void>): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await this.dataSource.transaction(async (manager) => {
        const rows: Array<{ id: string }> = await manager.query(`SELECT id FROM match_requests WHERE ${condition} ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`, parameters);
        for (const { id } of rows) await work(manager, await this.load(manager, id));
        return rows.length;
      });
      total += handled;
      if (handled < BATCH) return total;
    }
  }
}
