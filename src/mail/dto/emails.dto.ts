import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsOptional, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/page.query';
import { OutboxMessage, OutboxStatus } from '../outbox-message.entity';
import { OutboxRecipient, RecipientRole, RecipientState } from '../outbox-recipient.entity';

export class ListEmailsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OutboxStatus, description: 'Without it: failed and unconfirmed first, then the newest.' })
  @IsOptional()
  @IsEnum(OutboxStatus, { message: `status must be one of: ${Object.values(OutboxStatus).join(', ')}` })
  status?: OutboxStatus;

  @ApiPropertyOptional({ example: 'match_introduction' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'template must be a template name such as match_introduction' })
  template?: string;
}

export class RetryEmailDto {
  @ApiPropertyOptional({ description: 'A corrected recipient address; the same one when not given.' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'recipient must be an email address' })
  @MaxLength(254)
  recipient?: string;
}

export class RetryRecipientDto {
  @ApiPropertyOptional({ description: 'A corrected address, for the To only; the same one when not given.' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'address must be an email address' })
  @MaxLength(254)
  address?: string;
}

export class EmailRecipientResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  address: string;

  @ApiProperty({ enum: RecipientRole })
  role: RecipientRole;

  @ApiProperty({ enum: RecipientState, description: 'deferred: the server answered 4xx and it is tried again by itself; refused: 5xx, sent again only by an officer.' })
  state: RecipientState;

  @ApiPropertyOptional({ type: String, nullable: true, description: "The server's answer for this recipient." })
  smtpResponse: string | null;

  @ApiProperty()
  attempts: number;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  nextAttemptAt: Date | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  acceptedAt: Date | null;
}

export class EmailResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'match_introduction' })
  template: string;

  @ApiProperty({ example: 'de' })
  language: string;

  @ApiProperty()
  recipient: string;

  @ApiProperty({ type: [String] })
  cc: string[];

  @ApiProperty({ enum: OutboxStatus })
  status: OutboxStatus;

  @ApiProperty({ description: 'The email carries a sign-in, password or confirmation link: only its recipient ever sees it, and a retry sends a fresh one to the same address.' })
  linkWithheld: boolean;

  @ApiProperty()
  attempts: number;

  @ApiPropertyOptional({ type: String, nullable: true })
  lastError: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  messageId: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: "The SMTP server's answer." })
  smtpResponse: string | null;

  @ApiProperty({ type: [String] })
  acceptedRecipients: string[];

  @ApiProperty({ type: [String] })
  rejectedRecipients: string[];

  @ApiProperty({ type: [EmailRecipientResponse], description: 'Each recipient and what the server answered for it.' })
  recipients: EmailRecipientResponse[];

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  sentAt: Date | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  failedAt: Date | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When it was stopped before going out (its request ended, or its recipient was erased).' })
  cancelledAt: Date | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  cancelReason: string | null;
}

export class EmailsPageResponse {
  @ApiProperty({ type: [EmailResponse] })
  items: EmailResponse[];

  @ApiProperty()
  total: number;

  @ApiProperty({ enum: ['smtp', 'files'], description: 'files: SMTP_URL is unset and messages are written as .eml files, readable at GET …/:id/eml.' })
  transport: 'smtp' | 'files';

  @ApiProperty({ description: 'Emails written but not in the queue yet (e.g. while Redis was away); they are queued within seconds of Redis answering.' })
  waitingForQueue: number;
}

export function toEmailResponse(message: OutboxMessage & { linkWithheld: boolean }, recipients: OutboxRecipient[]): EmailResponse {
  const { id, template, language, recipient, cc, status, linkWithheld, attempts, lastError, messageId, smtpResponse, acceptedRecipients, rejectedRecipients, createdAt, sentAt, failedAt, cancelledAt, cancelReason } = message;
  return { id, template, language, recipient, cc, status, linkWithheld, attempts, lastError, messageId, smtpResponse, acceptedRecipients, rejectedRecipients, recipients: recipients.map(toEmailRecipientResponse), createdAt, sentAt, failedAt, cancelledAt, cancelReason };
}

export function toEmailRecipientResponse(row: OutboxRecipient): EmailRecipientResponse {
  const { id, address, role, state, smtpResponse, attempts, nextAttemptAt, acceptedAt } = row;
  return { id, address, role, state, smtpResponse, attempts, nextAttemptAt, acceptedAt };
}
