import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsNumberString, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListAuditQuery {
  @ApiPropertyOptional({ example: 'company.approved' })
  @IsOptional()
  @Matches(/^[a-z_]+(\.[a-z_]+)+$/, { message: 'action must look like company.approved' })
  action?: string;

  @ApiPropertyOptional({ example: 'company' })
  @IsOptional()
  @Matches(/^[a-z_]{1,32}$/, { message: 'subjectType must be a lower-case word such as company' })
  subjectType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(64)
  subjectId?: string;

  @ApiPropertyOptional({ description: 'Id of the user or company that acted.' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Entries at or after this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO 8601 date or date-time' })
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Entries before this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO 8601 date or date-time' })
  to?: Date;

  @ApiPropertyOptional({ description: 'Cursor: the id of the last entry of the previous page.' })
  @IsOptional()
  @IsNumberString({ no_symbols: true }, { message: 'before must be an entry id' })
  before?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 50;
}
