import { Body, Controller, Get, HttpStatus, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import type { Request, Response } from 'express';
import { AuthService } from '../../auth/auth.service';
import { CurrentUser } from '../../auth/principal.decorator';
import { OfficerNotificationMode } from '../../auth/user.entity';
import { Access, Allow } from '../../common/access';
import { ListEmailsQuery } from '../../mail/dto/emails.dto';
import { OfficerEmailsService } from '../../mail/officer-emails.service';
import { OutboxStatus } from '../../mail/outbox-message.entity';
import { translate } from '../i18n/texts';
import { PageExceptionFilter } from '../page-exception.filter';
import { WebPages } from '../web-pages.service';
import { noticeOf, Officer, text } from './officer-forms';
import { OfficerPageQueries } from './officer-page-queries.service';

const MODES = Object.values(OfficerNotificationMode);

/** The officer's start page (what waits, with links) and the officer's own notification setting. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Allow(Access.Officer)
@Controller('officer')
export class OfficerHomeController {
  constructor(
    private readonly pages: WebPages,
    private readonly queries: OfficerPageQueries,
    private readonly emails: OfficerEmailsService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async overview(@CurrentUser() officer: Officer, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const homeOffice = await this.queries.isHomeOffice(officer);
    const [profiles, requests, failed, unconfirmed] = await Promise.all([
      homeOffice ? this.queries.countProfilesForReview() : null,
      this.queries.countRequestsWaitingFor(officer),
      homeOffice ? this.countEmails(officer, OutboxStatus.Failed) : null,
      homeOffice ? this.countEmails(officer, OutboxStatus.Unconfirmed) : null,
    ]);
    return this.pages.render({
      request,
      response,
      view: 'officer/overview',
      titleKey: 'officer.overview.title',
      data: { homeOffice, profiles, requests, emails: failed === null ? null : { failed, unconfirmed } },
    });
  }

  @Get('notifications')
  async notifications(@CurrentUser() officer: Officer, @Query() query: Record<string, unknown>, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const mode = await this.auth.notificationMode(officer.userId);
    return this.renderNotifications(request, response, mode, null, noticeOf(query, { saved: 'officer.notifications.saved' }));
  }

  @Post('notifications')
  async saveNotifications(@CurrentUser() officer: Officer, @Body() body: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const mode = text(body, 'mode') as OfficerNotificationMode;
    if (!MODES.includes(mode)) {
      const current = await this.auth.notificationMode(officer.userId);
      const error = translate(this.pages.language(request, response), 'validation.choice');
      response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(this.renderNotifications(request, response, current, error, null));
      return;
    }
    await this.auth.setNotificationMode(officer.userId, mode);
    response.redirect(303, '/officer/notifications?done=saved');
  }

  private renderNotifications(request: Request, response: Response, mode: OfficerNotificationMode, error: string | null, noticeKey: string | null): string {
    return this.pages.render({
      request,
      response,
      view: 'officer/notifications',
      titleKey: 'officer.notifications.title',
      noticeKey,
      data: { modes: MODES.map((value) => ({ value, labelKey: `officer.notifications.${value}`, hintKey: `officer.notifications.${value}Hint`, checked: value === mode })), error },
    });
  }

  /** Emails are the home office's to watch; for other officers the overview leaves them out. */
  private async countEmails(officer: Officer, status: OutboxStatus): Promise<number> {
    return (await this.emails.list(officer, plainToInstance(ListEmailsQuery, { status, pageSize: 1 }))).total;
  }
}
