import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import type { Request, Response } from 'express';
import { CurrentUser } from '../../auth/principal.decorator';
import { Access, Allow } from '../../common/access';
import { ListEmailsQuery, RetryEmailDto, RetryRecipientDto } from '../../mail/dto/emails.dto';
import { MailTransport } from '../../mail/mail-transport.service';
import { OfficerEmailsService, WatchedEmail } from '../../mail/officer-emails.service';
import { OutboxStatus } from '../../mail/outbox-message.entity';
import { OutboxRecipient, RecipientRole, RecipientState } from '../../mail/outbox-recipient.entity';
import { PageExceptionFilter } from '../page-exception.filter';
import { WebPages } from '../web-pages.service';
import { FieldMessages, noticeOf, Officer, queryString, text, validateForm, withoutBlanks } from './officer-forms';

const PAGE_SIZE = 50;
const STATUSES = Object.values(OutboxStatus);
const NOTICES = { retried: 'officer.emails.retried', confirmed: 'officer.emails.confirmed' };

interface Filters {
  status: string;
  page: number;
}

interface Retrying {
  id: string;
  /** The recipient row whose own form was sent, when it was one. */
  recipientId?: string;
  recipient: string;
  errors: FieldMessages;
}

/** Every email with its delivery state, failed and unconfirmed first: retry (to a corrected address) or confirm delivery. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Allow(Access.HomeOffice)
@Controller('officer/emails')
export class OfficerEmailsPagesController {
  constructor(
    private readonly pages: WebPages,
    private readonly emails: OfficerEmailsService,
    private readonly transport: MailTransport,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @CurrentUser() officer: Officer, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.render(request, response, officer, filtersOf(query), null, noticeOf(query, NOTICES));
  }

  @Post(':id/retry')
  async retry(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentUser() officer: Officer, @Req() request: Request, @Res() response: Response): Promise<void> {
    const filters = filtersOf(body);
    const recipient = text(body, 'recipient');
    const { value, errors } = validateForm(RetryEmailDto, withoutBlanks({ recipient }), this.pages.language(request, response));
    if (Object.keys(errors).length > 0) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(await this.render(request, response, officer, filters, { id, recipient, errors }, null));
      return;
    }
    await this.emails.retry(officer, id, value.recipient);
    response.redirect(303, `/officer/emails${queryString({ status: filters.status, page: filters.page > 1 ? filters.page : null, done: 'retried' })}`);
  }

  @Post(':id/recipients/:recipientId/retry')
  async retryRecipient(@Param('id', ParseUUIDPipe) id: string, @Param('recipientId', ParseUUIDPipe) recipientId: string, @Body() body: Record<string, unknown>, @CurrentUser() officer: Officer, @Req() request: Request, @Res() response: Response): Promise<void> {
    const filters = filtersOf(body);
    const address = text(body, 'address');
    const { value, errors } = validateForm(RetryRecipientDto, withoutBlanks({ address }), this.pages.language(request, response));
    if (Object.keys(errors).length > 0) {
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(await this.render(request, response, officer, filters, { id, recipientId, recipient: address, errors: { recipient: errors.address } }, null));
      return;
    }
    await this.emails.retry(officer, id, value.address, recipientId);
    response.redirect(303, `/officer/emails${queryString({ status: filters.status, page: filters.page > 1 ? filters.page : null, done: 'retried' })}`);
  }

  @Post(':id/confirm-delivered')
  async confirmDelivered(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentUser() officer: Officer, @Res() response: Response): Promise<void> {
    const filters = filtersOf(body);
    await this.emails.confirmDelivered(officer, id);
    response.redirect(303, `/officer/emails${queryString({ status: filters.status, page: filters.page > 1 ? filters.page : null, done: 'confirmed' })}`);
  }

  private async render(request: Request, response: Response, officer: Officer, filters: Filters, retrying: Retrying | null, noticeKey: string | null): Promise<string> {
    const query = plainToInstance(ListEmailsQuery, withoutBlanks({ status: filters.status, page: String(filters.page), pageSize: String(PAGE_SIZE) }));
    const { items, total } = await this.emails.list(officer, query);
    const recipients = await this.emails.recipientsByMessage(items.map((item) => item.id));
    const link = (page: number) => `/officer/emails${queryString({ status: filters.status, page })}`;
    return this.pages.render({
      request,
      response,
      view: 'officer/emails',
      titleKey: 'officer.emails.title',
      noticeKey,
      data: {
        filters,
        statuses: STATUSES.map((status) => ({ value: status, labelKey: `officer.emailStatus.${status}`, selected: status === filters.status })),
        total,
        waitingForQueue: await this.emails.waitingForQueue(officer),
        files: this.transport.mode === 'files',
        emails: items.map((message) => emailView(message, recipients.get(message.id)!, retrying)),
        previous: filters.page > 1 ? link(filters.page - 1) : null,
        next: filters.page * PAGE_SIZE < total ? link(filters.page + 1) : null,
      },
    });
  }
}

function emailView(message: WatchedEmail, recipients: OutboxRecipient[], retrying: Retrying | null) {
  const mine = retrying?.id === message.id && retrying.recipientId === undefined;
  return {
    id: message.id,
    template: message.template,
    language: message.language,
    recipient: message.recipient,
    cc: message.cc.join(', '),
    status: message.status,
    linkWithheld: message.linkWithheld,
    statusKey: `officer.emailStatus.${message.status}`,
    attention: message.status === OutboxStatus.Failed || message.status === OutboxStatus.Unconfirmed,
    attempts: message.attempts,
    lastError: message.lastError,
    smtpResponse: message.smtpResponse,
    rejectedRecipients: message.rejectedRecipients.join(', '),
    createdAt: message.createdAt,
    sentAt: message.sentAt,
    failedAt: message.failedAt,
    retryable: message.status === OutboxStatus.Failed || message.status === OutboxStatus.Unconfirmed,
    confirmable: message.status === OutboxStatus.Unconfirmed,
    retry: mine ? { recipient: retrying.recipient, errors: retrying.errors } : { recipient: message.recipient, errors: {} },
    recipients: recipients.map((row) => recipientView(message, row, retrying)),
  };
}

// A refused recipient can be sent the email again on its own; the To with a corrected address.
function recipientView(message: WatchedEmail, row: OutboxRecipient, retrying: Retrying | null) {
  const mine = retrying?.recipientId === row.id;
  const resendable = row.state === RecipientState.Refused || (row.state !== RecipientState.Accepted && (message.status === OutboxStatus.Failed || message.status === OutboxStatus.Unconfirmed));
  return {
    id: row.id,
    address: row.address,
    roleKey: `officer.emails.role.${row.role}`,
    stateKey: `officer.recipientState.${row.state}`,
    attention: row.state === RecipientState.Refused || row.state === RecipientState.Deferred,
    smtpResponse: row.smtpResponse,
    nextAttemptAt: row.state === RecipientState.Deferred ? row.nextAttemptAt : null,
    resendable,
    // A personal link goes only to the address it was issued for.
    correctable: !message.linkWithheld && resendable && row.role === RecipientRole.To,
    retry: mine ? { address: retrying.recipient, errors: retrying.errors } : { address: row.address, errors: {} },
  };
}

function filtersOf(source: Record<string, unknown>): Filters {
  const status = typeof source.status === 'string' && (STATUSES as string[]).includes(source.status) ? source.status : '';
  const page = typeof source.page === 'string' && /^\d{1,4}$/.test(source.page) ? Math.max(Number(source.page), 1) : 1;
  return { status, page };
}
