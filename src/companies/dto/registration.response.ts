import { ApiProperty } from '@nestjs/swagger';
import { CompanyStatus } from '../company-status';
import { PublicCompanyResponse } from './company.response';

/** The same for a new registration and for one that duplicates a profile on file. */
export class RegistrationResponse {
  @ApiProperty({ example: 'Thank you. Please check the inbox of the contact email address: we have sent a message there.' })
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
