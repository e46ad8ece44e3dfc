import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '../../common/page.query';
import { CompanyImportStatus, ImportRowResult } from '../company-import.entity';
import { CompanyStatus } from '../company-status';
import { CompanyProfileResponse } from './company.response';

export class OfficerCompaniesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CompanyStatus, default: CompanyStatus.PendingReview })
  @IsOptional()
  @IsEnum(CompanyStatus, { message: `status must be one of: ${Object.values(CompanyStatus).join(', ')}` })
  status: CompanyStatus = CompanyStatus.PendingReview;
}

export class ImportFileQuery {
  @ApiPropertyOptional({ example: 'foshan-partners.csv' })
  @IsOptional()
  @Matches(/^[\w\-. ()]{1,200}$/u, { message: 'fileName may contain letters, digits, spaces and - _ . ( ) only' })
  fileName?: string;
}

export class OfficerCompaniesPageResponse {
  @ApiProperty({ type: [CompanyProfileResponse] })
  items: CompanyProfileResponse[];

  @ApiProperty()
  total: number;
}

export class CompanyImportResponse {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: CompanyImportStatus })
  status: CompanyImportStatus;

  @ApiProperty()
  fileName: string;

  @ApiProperty()
  totalRows: number;

  @ApiProperty()
  processedRows: number;

  @ApiProperty()
  createdRows: number;

  @ApiProperty()
  refusedRows: number;

  @ApiProperty({ description: 'Share of rows processed, 0 to 100.' })
  percent: number;

  @ApiProperty({ description: 'Per row (line numbers count the header as line 1): created with its id, or refused with the reasons.', example: [{ row: 2, outcome: 'created', companyId: '…' }] })
  results: ImportRowResult[];

  @ApiProperty({ type: String, nullable: true })
  error: string | null;
}
