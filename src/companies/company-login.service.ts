import { InjectQueue } from '@nestjs/bullmq';
import { HttpException, HttpStatus, Inject, Injectable, Logger, ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { TokenPurpose } from '../auth/auth-token.entity';
import { EmailTokenService } from '../auth/email-token.service';
import { ClientInfo, NewSession, SessionService } from '../auth/session.service';
import { clientKey } from '../common/client-key';
import { RETRY_AFTER_SECONDS } from '../common/unavailable';
import { Environment } from '../config/environment';
import { OutboxService } from '../mail/outbox.service';
import { SIGN_IN_LINK_JOB, SIGN_IN_LINK_QUEUE, SignInLinkJob } from '../queue/queue.constants';
import { REDIS_CLIENT } from '../redis/redis.module';
import { emailLanguageOf, publicLink } from './company-mail';
import { CompanyStatus } from './company-status';
import { Company } from './company.entity';

export const MAGIC_LINK_VALID_MS = 15 * 60_000;

/** At most one sign-in email per address a minute and five an hour, however many clients ask. */
export const SIGN_IN_LINKS_PER_MINUTE = 1;
export const SIGN_IN_LINKS_PER_HOUR = 5;
/**
 * A new link leaves this many earlier unexpired links valid: as many as an hour may bring (a link lives fifteen
 * minutes), so that links someone else asks for never cancel the one the owner is about to use.
 */
export const SIGN_IN_LINKS_KEPT = SIGN_IN_LINKS_PER_HOUR;
/** Requests one client may make in an hour, for any addresses (besides the ten a minute of every sign-in route). */
export const SIGN_IN_LINK_REQUESTS_PER_CLIENT_HOUR = 20;

const QUEUE_TIMEOUT_MS = 2_000;

/** Passwordless login of company users with a single-use link to the profile's contact email. */
@Injectable()
export class CompanyLoginService {
  private readonly logger = new Logger(CompanyLoginService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: EmailTokenService,
    private readonly sessions: SessionService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Environment, true>,
    @InjectQueue(SIGN_IN_LINK_QUEUE) private readonly queue: Queue<SignInLinkJob>,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  /**
   * Queues the request and nothing else: known and unknown addresses cost the caller the same work and get the same
   * answer. One waiting job per address (its id) absorbs a burst of requests.
   */
  async requestLink(email: string, clientAddress: string | undefined): Promise<void> {
    await this.countClientRequest(clientAddress);
    const address = email.trim().toLowerCase();
    const jobId = `sign-in-${createHash('sha256').update(address).digest('hex')}`;
    const queued = this.queue.add(SIGN_IN_LINK_JOB, { email: address }, { jobId, attempts: 3, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: true, removeOnFail: 100 });
    try {
      await Promise.race([queued, new Promise((_, reject) => setTimeout(() => reject(new Error('queue did not answer')), QUEUE_TIMEOUT_MS).unref())]);
    } catch (error) {
      this.logger.warn({ error: String(error) }, 'Sign-in link request not queued');
      throw new ServiceUnavailableException({ statusCode: 503, message: 'Please try again in a moment.', retryAfterSeconds: RETRY_AFTER_SECONDS });
    }
  }

  /** One client cannot send a link to address after address: twenty requests an hour. */
  private async countClientRequest(clientAddress: string | undefined): Promise<void> {
    const hour = Math.floor(Date.now() / 3_600_000);
    const key = `${this.config.get('REDIS_PREFIX', { infer: true })}:sign-in-link-requests:${clientKey(clientAddress)}:${hour}`;
    const requests = await this.redis
      .multi()
      .incr(key)
      .pexpire(key, 3_600_000)
      .exec()
      .then((results) => Number(results?.[0]?.[1] ?? 0))
      .catch((error: unknown) => {
        this.logger.warn({ error: String(error) }, 'Sign-in link requests not counted: Redis unavailable');
        return 0;
      });
    if (requests > SIGN_IN_LINK_REQUESTS_PER_CLIENT_HOUR) {
      const retryAfterSeconds = Math.ceil(((hour + 1) * 3_600_000 - Date.now()) / 1000);
      throw new HttpException({ statusCode: 429, error: 'Too Many Requests', message: 'Too many sign-in link requests from here. Please try again later.', retryAfterSeconds }, HttpStatus.TOO_MANY_REQUESTS);
    }
  }

  /**
   * The worker's half: a link when the address belongs to a verified profile and is within its limits. Earlier
   * links stay valid (the newest few), so a flood of requests cannot keep the owner from signing in.
   */
  async sendLink(email: string): Promise<'sent' | 'unknown' | 'limited'> {
    return this.dataSource.transaction(async (manager) => {
      const company = await manager.getRepository(Company).findOne({
        where: { contactEmail: email, status: Not(In([CompanyStatus.Erased, CompanyStatus.Unverified])) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!company) return 'unknown';
      if (!(await this.withinLimits(manager, company.contactEmail!))) return 'limited';
      await this.keepNewestLinks(manager, company.id);
      const token = await this.tokens.issue(manager, TokenPurpose.MagicLink, { subjectId: company.id }, MAGIC_LINK_VALID_MS);
      await this.outbox.enqueue(manager, {
        template: 'company_magic_link',
        language: emailLanguageOf(company),
        recipient: company.contactEmail!,
        payload: { contactName: company.contactName, legalName: company.legalName },
        secretLink: publicLink(this.config.get('PUBLIC_URL', { infer: true }), '/companies/login', token),
      });
      return 'sent';
    });
  }

  async signIn(token: string, client: ClientInfo): Promise<{ session: NewSession; companyId: string }> {
    return this.dataSource.transaction(async (manager) => {
      const spent = await this.tokens.consume(manager, TokenPurpose.MagicLink, token);
      const company = spent?.subjectId ? await manager.getRepository(Company).findOneBy({ id: spent.subjectId }) : null;
      if (!company || company.status === CompanyStatus.Erased) {
        throw new UnprocessableEntityException({ statusCode: 422, field: 'token', message: 'This link is invalid, expired or already used.' });
      }
      // Signed in: the other links still lying in the mailbox are of no further use.
      await this.tokens.revokeOpen(manager, TokenPurpose.MagicLink, { subjectId: company.id });
      const session = await this.sessions.create(manager, { type: 'company', companyId: company.id }, client);
      await this.audit.record(manager, {
        action: 'auth.company_logged_in',
        subjectType: 'company',
        subjectId: company.id,
        actor: { type: 'company', companyId: company.id, sessionId: '' },
      });
      return { session, companyId: company.id };
    });
  }

  private async withinLimits(manager: EntityManager, recipient: string): Promise<boolean> {
    const [{ minute, hour }] = await manager.query(
      `SELECT count(*) FILTER (WHERE created_at > now() - interval '1 minute')::int AS minute, count(*)::int AS hour
         FROM outbox_messages WHERE template = 'company_magic_link' AND recipient = $1 AND created_at > now() - interval '1 hour'`,
      [recipient],
    );
    return minute < SIGN_IN_LINKS_PER_MINUTE && hour < SIGN_IN_LINKS_PER_HOUR;
  }

  private async keepNewestLinks(manager: EntityManager, companyId: string): Promise<void> {
    await manager.query(
      `UPDATE auth_tokens SET used_at = now()
        WHERE purpose = 'magic_link' AND subject_id = $1 AND used_at IS NULL
          AND id NOT IN (SELECT id FROM auth_tokens WHERE purpose = 'magic_link' AND subject_id = $1 AND used_at IS NULL AND expires_at > now() ORDER BY created_at DESC LIMIT $2)`,
      [companyId, SIGN_IN_LINKS_KEPT],
    );
  }
}
