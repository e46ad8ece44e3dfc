import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, ParseUUIDPipe, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentUser } from '../auth/principal.decorator';
import { Access, Allow } from '../common/access';
import { Principal } from '../common/principal';
import { EmailResponse, EmailsPageResponse, ListEmailsQuery, RetryEmailDto, RetryRecipientDto, toEmailResponse } from './dto/emails.dto';
import { MailTransport } from './mail-transport.service';
import { OfficerEmailsService, WatchedEmail } from './officer-emails.service';

type Staff = Extract<Principal, { type: 'user' }>;

@ApiTags('officer')
@Controller('api/officer/emails')
export class OfficerEmailsController {
  constructor(
    private readonly emails: OfficerEmailsService,
    private readonly transport: MailTransport,
  ) {}

  @Get()
  @Allow(Access.HomeOffice)
  @ApiOperation({ summary: 'Every email and its delivery state: failed and unconfirmed first, with the error and the server’s answer.' })
  @ApiOkResponse({ type: EmailsPageResponse })
  async list(@Query() query: ListEmailsQuery, @CurrentUser() staff: Staff): Promise<EmailsPageResponse> {
    const { items, total } = await this.emails.list(staff, query);
    const recipients = await this.emails.recipientsByMessage(items.map((item) => item.id));
    return { items: items.map((item) => toEmailResponse(item, recipients.get(item.id)!)), total, transport: this.transport.mode, waitingForQueue: await this.emails.waitingForQueue(staff) };
  }

  @Get(':id')
  @Allow(Access.HomeOffice)
  @ApiOperation({ summary: 'One email and its delivery state.' })
  @ApiOkResponse({ type: EmailResponse })
  async find(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() staff: Staff): Promise<EmailResponse> {
    return this.withRecipients(await this.emails.find(staff, id));
  }

  @Get(':id/eml')
  @Allow(Access.HomeOffice)
  @ApiProduces('message/rfc822')
  @ApiOperation({ summary: 'The message as written to MAIL_DIRECTORY, when SMTP_URL is unset; a sign-in, set-up, confirmation or answer link is withheld.' })
  async eml(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() staff: Staff): Promise<StreamableFile> {
    const eml = await this.emails.eml(staff, id);
    if (!eml) throw new NotFoundException({ statusCode: 404, message: 'No .eml file: emails go to an SMTP server, or this one was not written yet.' });
    return new StreamableFile(eml, { type: 'message/rfc822', disposition: `attachment; filename="${id}.eml"` });
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @Allow(Access.HomeOffice)
  @ApiOperation({ summary: 'Sends a failed or unconfirmed email again, to a corrected address if given; an email with a personal link goes only to its address, with a fresh link.' })
  @ApiUnprocessableEntityResponse({ description: 'recipient given for an email with a personal link.' })
  @ApiOkResponse({ type: EmailResponse })
  @ApiConflictResponse({ description: 'The email is not failed or unconfirmed.' })
  async retry(@Param('id', ParseUUIDPipe) id: string, @Body() body: RetryEmailDto, @CurrentUser() staff: Staff): Promise<EmailResponse> {
    return this.withRecipients(await this.emails.retry(staff, id, body.recipient));
  }

  @Post(':id/recipients/:recipientId/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @Allow(Access.HomeOffice)
  @ApiOperation({ summary: 'Sends the email again to this recipient only (a refused one, or one of a failed or unconfirmed email), to a corrected address if given (To only).' })
  @ApiOkResponse({ type: EmailResponse })
  @ApiConflictResponse({ description: 'The recipient has the email, or the email is not failed or unconfirmed and the recipient was not refused.' })
  async retryRecipient(@Param('id', ParseUUIDPipe) id: string, @Param('recipientId', ParseUUIDPipe) recipientId: string, @Body() body: RetryRecipientDto, @CurrentUser() staff: Staff): Promise<EmailResponse> {
    return this.withRecipients(await this.emails.retry(staff, id, body.address, recipientId));
  }

  @Post(':id/confirm-delivered')
  @HttpCode(HttpStatus.OK)
  @Allow(Access.HomeOffice)
  @ApiOperation({ summary: 'Marks an unconfirmed email as delivered, once the recipient confirmed having it.' })
  @ApiOkResponse({ type: EmailResponse })
  async confirmDelivered(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() staff: Staff): Promise<EmailResponse> {
    return this.withRecipients(await this.emails.confirmDelivered(staff, id));
  }

  private async withRecipients(message: WatchedEmail): Promise<EmailResponse> {
    const recipients = await this.emails.recipientsByMessage([message.id]);
    return toEmailResponse(message, recipients.get(message.id)!);
  }
}
