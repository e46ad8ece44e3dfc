import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/page.query';
import { CooperationType } from '../../companies/cooperation-type';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const MESSAGE_MIN_LENGTH = 20;
export const MESSAGE_MAX_LENGTH = 2000;
const COOPERATION_TYPES = Object.values(CooperationType).join(', ');

export class CreateMatchRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The company to be introduced to (from the suggestions or the directory).' })
  @IsUUID('all', { message: 'targetCompanyId must be the id of a company' })
  targetCompanyId: string;

  @ApiProperty({ enum: CooperationType, description: 'The kind of cooperation the introduction is about.' })
  @IsEnum(CooperationType, { message: `purpose must be one of: ${COOPERATION_TYPES}` })
  purpose: CooperationType;

  @ApiProperty({ minLength: MESSAGE_MIN_LENGTH, maxLength: MESSAGE_MAX_LENGTH, description: 'Shown to the partner in the introduction, without your contact details.' })
  @Transform(trim)
  @IsString()
  @MinLength(MESSAGE_MIN_LENGTH, { message: `message must be at least ${MESSAGE_MIN_LENGTH} characters long` })
  @MaxLength(MESSAGE_MAX_LENGTH, { message: `message must be at most ${MESSAGE_MAX_LENGTH} characters long` })
  message: string;
}

export class ProposeMatchRequestDto extends CreateMatchRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The company on whose behalf the introduction is made.' })
  @IsUUID('all', { message: 'requesterCompanyId must be the id of a company' })
  requesterCompanyId: string;

  @ApiPropertyOptional({ maxLength: 1000, description: 'The office’s words to the partner, shown in the introduction.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class ApproveMatchRequestDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'The office’s words to the partner, shown in the introduction.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({ description: 'The version you saw; the decision is refused if the request changed since.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class RejectMatchRequestDto {
  @ApiProperty({ minLength: 10, maxLength: 1000, description: 'Sent to the requester.' })
  @Transform(trim)
  @IsString()
  @MinLength(10, { message: 'reason must be at least 10 characters long' })
  @MaxLength(1000)
  reason: string;

  @ApiPropertyOptional({ description: 'The version you saw; the decision is refused if the request changed since.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export enum Decision {
  Approve = 'approve',
  Reject = 'reject',
}

export class DecideMatchRequestsDto {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 100 })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'ids must be ids of match requests' })
  ids: string[];

  @ApiProperty({ enum: Decision })
  @IsEnum(Decision, { message: 'decision must be approve or reject' })
  decision: Decision;

  @ApiPropertyOptional({ description: 'Required to reject; sent to each requester.' })
  @ValidateIf((body: DecideMatchRequestsDto) => body.decision === Decision.Reject || body.reason !== undefined)
  @Transform(trim)
  @IsString({ message: 'reason is required to reject' })
  @MinLength(10, { message: 'reason must be at least 10 characters long' })
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export const QUEUE_STATUSES = ['pending_review', 'pending_partner_office', 'approved', 'rejected', 'withdrawn', 'introduced', 'accepted', 'declined', 'expired', 'connected'] as const;

export class OfficerMatchRequestsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: QUEUE_STATUSES, isArray: true, description: 'Comma-separated; the review queue (pending_review, pending_partner_office) by default.' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value))
  @IsIn(QUEUE_STATUSES, { each: true, message: `status must be among: ${QUEUE_STATUSES.join(', ')}` })
  status?: string[];

  @ApiPropertyOptional({ example: 'foshan', description: 'The partner (target) company’s member city.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  partnerCity?: string;

  @ApiPropertyOptional({ enum: ['DE', 'CN'], description: 'The partner company’s country.' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsIn(['DE', 'CN'], { message: 'country must be DE or CN' })
  country?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'Only requests waiting at least this many days in their status.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'minWaitingDays must be a whole number' })
  @Min(0)
  minWaitingDays?: number;

  @ApiPropertyOptional({ enum: ['de', 'en', 'zh'] })
  @IsOptional()
  @IsIn(['de', 'en', 'zh'], { message: 'lang must be one of: de, en, zh' })
  lang?: 'de' | 'en' | 'zh';
}
