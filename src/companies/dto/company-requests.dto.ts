import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { normaliseEmail } from '../../auth/dto/login.dto';
import { CHINA_TRANSFER_CONSENT_VERSION } from '../consent-terms';
import { TransferBasis } from '../cross-border-policy';

export class LinkTokenDto {
  @ApiProperty({ description: 'The token from the emailed link.' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token is not a valid link token' })
  token: string;
}

export class LoginLinkDto {
  @ApiProperty({ example: 'j.hartmann@example.de' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

export class RejectCompanyDto {
  @ApiProperty({ example: 'The company is not located in an ISA member city.', description: 'Sent to the company.' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(10, { message: 'reason must be at least 10 characters long' })
  @MaxLength(2000)
  reason: string;
}

export class ChinaTransferConsentDto {
  @ApiProperty({ example: CHINA_TRANSFER_CONSENT_VERSION })
  @IsIn([CHINA_TRANSFER_CONSENT_VERSION], { message: `version must be ${CHINA_TRANSFER_CONSENT_VERSION}` })
  version: string;
}

export class TransferBasisDto {
  @ApiProperty({ enum: TransferBasis, description: 'The legal basis on which the Chinese organisation has its data sent to Germany (PIPL Art. 38-39); none keeps it on the Chinese side.' })
  @IsEnum(TransferBasis, { message: `basis must be one of: ${Object.values(TransferBasis).join(', ')}` })
  basis: TransferBasis;
}
