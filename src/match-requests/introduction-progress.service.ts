import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { OfficerNotifier } from '../auth/officer-notifier.service';
import { Company } from '../companies/company.entity';
import { Environment } from '../config/environment';
import { IntroductionMailService } from './introduction-mail.service';
import { MatchRequest } from './match-request.entity';
import { MatchRequestTransitions } from './match-request-transitions.service';
import { ResponseLinks } from './response-links.service';

const DAY_MS = 24 * 3_600_000;
const BATCH = 100;

export interface DeadlineReport {
  reminded: number;
  expired: number;
}

export interface PartnerContact {
  name: string;
  role?: string | null;
  email: string;
  phone?: string | null;
}

export type PartnerAnswer = { accepted: true; contact?: PartnerContact } | { accepted: false; reason: string | null };

/** What happens after approval: the introduction goes out, the partner answers (or not in time), contacts are exchanged. */
@Injectable()
export class IntroductionProgressService {
  private readonly logger = new Logger(IntroductionProgressService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: MatchRequestTransitions,
    private readonly mail: IntroductionMailService,
    private readonly officers: OfficerNotifier,
    private readonly responseLinks: ResponseLinks,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** The introduction email was delivered: the partner's time to answer starts now. */
  async markIntroduced(requestId: string, deliveredAt = new Date()): Promise<MatchRequest> {
    return this.inTransaction(requestId, (manager, request) => this.introduce(manager, request, deliveredAt));
  }

  /** The same, inside the transaction that records the delivery; a request that moved on meanwhile is left as it is. */
  async markIntroducedIn(manager: EntityManager, requestId: string, deliveredAt: Date): Promise<void> {
    await this.tolerateMovedOn(requestId, 'introduce', async () => this.introduce(manager, await this.load(manager, requestId), deliveredAt));
  }

  async markConnectedIn(manager: EntityManager, requestId: string): Promise<void> {
    await this.tolerateMovedOn(requestId, 'connect', async () => this.transitions.apply(manager, await this.load(manager, requestId), 'connect', { connectedAt: new Date() }));
  }

  /**
   * The partner's answer: on acceptance the contact person confirmed or corrected for this introduction is kept on the
   * request (what the requester receives), and the contact exchange is queued with it. The company's own contact and
   * login address stay as they are: whoever holds the answer link speaks for this introduction only.
   */
  async recordAnswer(requestId: string, answer: PartnerAnswer): Promise<MatchRequest> {
    return this.inTransaction(requestId, async (manager, request) => {
      const respondedAt = new Date();
      if (answer.accepted) {
        await this.transitions.apply(manager, request, 'accept', { respondedAt, ...introductionContact(request.target, answer.contact) });
        await this.mail.queueContactExchange(manager, request, request.requester, request.target);
      } else {
        await this.transitions.apply(manager, request, 'decline', { respondedAt, declineReason: answer.reason });
      }
      await this.mail.queueAnswerNotice(manager, request, request.requester, answer.accepted);
      if (request.homeDecidedBy) {
        await this.officers.notifyOfficer(manager, request.homeDecidedBy, 'officer_partner_answered', {
          matchRequestId: request.id,
          accepted: answer.accepted,
          link: new URL(`/officer/match-requests`, this.config.get('PUBLIC_URL', { infer: true })).toString(),
        });
      }
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

  private async introduce(manager: EntityManager, request: MatchRequest, deliveredAt: Date): Promise<MatchRequest> {
    const respondBy = new Date(deliveredAt.getTime() + this.config.get('INTRODUCTION_RESPONSE_DAYS', { infer: true }) * DAY_MS);
    const introduced = await this.transitions.apply(manager, request, 'introduce', { introducedAt: deliveredAt, respondBy });
    await this.responseLinks.expireAt(manager, request.id, respondBy);
    return introduced;
  }

  // A delivery must be recorded even when its request has moved on (e.g. an officer confirmed an email twice).
  private async tolerateMovedOn(requestId: string, transition: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      this.logger.warn({ requestId, transition, reason: error.message }, 'Delivery recorded; the request had moved on already');
    }
  }

  private async inTransaction(requestId: string, work: (manager: EntityManager, request: MatchRequest) => Promise<MatchRequest>): Promise<MatchRequest> {
    return this.dataSource.transaction(async (manager) => work(manager, await this.load(manager, requestId)));
  }

  private async load(manager: EntityManager, requestId: string): Promise<MatchRequest> {
    const request = await manager.getRepository(MatchRequest).findOne({ where: { id: requestId }, relations: { requester: { city: true }, target: { city: true } } });
    if (!request) throw new NotFoundException({ statusCode: 404, message: 'No such match request.' });
    return request;
  }

  /**
   * Each due request in a transaction of its own (SKIP LOCKED, so several workers share the work): one that fails
   * is logged and left for the next run, and the others go on.
   */
  private async eachLocked(condition: string, parameters: unknown[], work: (manager: EntityManager, request: MatchRequest) => Promise<void>): Promise<number> {
    let done = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const due: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM match_requests WHERE ${condition} AND id > $${parameters.length + 1} ORDER BY id LIMIT ${BATCH}`, [...parameters, after]);
      for (const { id } of due) if (await this.handleOne(id, condition, parameters, work)) done += 1;
      if (due.length < BATCH) return done;
      after = due[due.length - 1].id;
    }
  }

  private async handleOne(id: string, condition: string, parameters: unknown[], work: (manager: EntityManager, request: MatchRequest) => Promise<void>): Promise<boolean> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [locked] = await manager.query(`SELECT id FROM match_requests WHERE id = $${parameters.length + 1} AND ${condition} FOR UPDATE SKIP LOCKED`, [...parameters, id]);
        if (!locked) return false;
        await work(manager, await this.load(manager, id));
        return true;
      });
    } catch (error) {
      this.logger.error({ requestId: id, error: String(error) }, 'Introduction deadline not handled; the others go on');
      return false;
    }
  }
}

/** The contact of this introduction: as given on the answer page, else the company's contact person of the moment. */
function introductionContact(company: Company, contact: PartnerContact | undefined): Pick<MatchRequest, 'partnerContactName' | 'partnerContactRole' | 'partnerContactEmail' | 'partnerContactPhone'> {
  if (!contact) return { partnerContactName: company.contactName, partnerContactRole: company.contactRole, partnerContactEmail: company.contactEmail, partnerContactPhone: company.contactPhone };
  return { partnerContactName: contact.name, partnerContactRole: contact.role ?? null, partnerContactEmail: contact.email.trim().toLowerCase(), partnerContactPhone: contact.phone ?? null };
}
