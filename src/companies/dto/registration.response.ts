import { ApiProperty } from '@nestjs/swagger';
import { CompanyStatus } from '../company-status';
import { PublicCompanyResponse } from './company.response';

export class RegistrationResponse {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: CompanyStatus, example: CompanyStatus.Unverified })
  status: CompanyStatus;

  @ApiProperty({ example: 'Please confirm your email address with the link we sent to the contact person.' })
  message: string;
}

export class CompanyStatusResponse {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: CompanyStatus })
  status: CompanyStatus;

  @ApiProperty({ type: Date, nullable: true })
  expiresAt: Date | null;
}

export class DirectoryPageResponse {
  @ApiProperty({ type: [PublicCompanyResponse] })
  items: PublicCompanyResponse[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}

export class ConsentTermsResponse {
  @ApiProperty()
  privacyPolicyVersion: string;

  @ApiProperty()
  chinaTransferVersion: string;

  @ApiProperty({ example: { de: '…', en: '…', zh: '…' } })
  chinaTransferText: { de: string; en: string; zh: string };
}
