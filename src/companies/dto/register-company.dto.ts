import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CooperationType, OrganisationType } from '../cooperation-type';
import { PRIVACY_POLICY_VERSION, CHINA_TRANSFER_CONSENT_VERSION } from '../consent-terms';
import { NameField } from '../../common/names';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim() : item)) : value);

/** A list that may be left out (it then defaults to empty) but not sent as null. */
const OmittableButNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export class AddressDto {
  @ApiProperty({ example: 'Louisenstraße 12' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  street: string;

  @ApiProperty({ example: '61348' })
  @Transform(trim)
  @Matches(/^[A-Za-z0-9 -]{3,16}$/, { message: 'postcode must be 3 to 16 letters, digits, spaces or hyphens' })
  postcode: string;

  @ApiProperty({ example: 'Bad Homburg v. d. Höhe', description: 'Resolved to its ISA member city; a town outside every member is refused with the nearest matches.' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  municipality: string;
}

export class SizeDto {
  @ApiProperty({ example: 42, description: 'Staff headcount in annual work units.' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  staffHeadcount: number;

  @ApiPropertyOptional({ example: 8_500_000, description: 'Annual turnover in euros.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000_000_000)
  annualTurnoverEur?: number;

  @ApiPropertyOptional({ example: 6_000_000, description: 'Annual balance-sheet total in euros.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000_000_000)
  balanceSheetTotalEur?: number;
}

export class CooperationDto {
  @ApiProperty({ enum: CooperationType, isArray: true, example: ['distribution', 'technology_licensing'] })
  @IsArray()
  @ArrayMaxSize(8)
  @ArrayUnique()
  @IsEnum(CooperationType, { each: true, message: `each value in types must be one of: ${Object.values(CooperationType).join(', ')}` })
  types: CooperationType[];

  @ApiProperty({ example: 'Distribution partners for our sensor systems in Guangdong' })
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  text: string;
}

export class TargetMarketsDto {
  @ApiPropertyOptional({ type: [String], example: ['CN'], description: 'ISO 3166-1 alpha-2 country codes.' })
  @OmittableButNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'each country must be an ISO 3166-1 code such as CN' })
  countries: string[] = [];

  @ApiPropertyOptional({ type: [String], example: ['CN-GD'], description: 'ISO 3166-2 codes of states or provinces with ISA members.' })
  @OmittableButNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { each: true, message: 'each region must be an ISO 3166-2 code such as CN-GD' })
  regions: string[] = [];

  @ApiPropertyOptional({ type: [String], example: ['foshan'], description: 'Slugs of ISA member cities.' })
  @OmittableButNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { each: true, message: 'each city must be a member city slug such as foshan' })
  cities: string[] = [];
}

export class ContactDto {
  @ApiProperty({ example: 'Julia Hartmann' })
  @NameField()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ example: 'Head of International Sales', description: 'One line, stored like a name; direction controls are refused.' })
  @IsOptional()
  @NameField()
  @IsString()
  @MaxLength(120)
  role?: string;

  @ApiProperty({ example: 'j.hartmann@example.de', description: 'Private: never shown to other companies.' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: '+49 6172 12345' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()/.-]{5,40}$/, { message: 'phone must be a phone number such as +49 6172 12345' })
  phone?: string;
}

export class ConsentDto {
  @ApiProperty({ example: PRIVACY_POLICY_VERSION, description: 'The privacy policy version the contact accepted.' })
  @IsIn([PRIVACY_POLICY_VERSION], { message: `privacyPolicyVersion must be ${PRIVACY_POLICY_VERSION}: accept the current privacy policy` })
  privacyPolicyVersion: string;

  @ApiPropertyOptional({
    example: CHINA_TRANSFER_CONSENT_VERSION,
    description: 'Separate consent to share the profile with organisations in China (see GET /api/companies/consent-terms). Without it, no introduction across that border.',
  })
  @IsOptional()
  @IsIn([CHINA_TRANSFER_CONSENT_VERSION], { message: `chinaTransferVersion must be ${CHINA_TRANSFER_CONSENT_VERSION} or left out` })
  chinaTransferVersion?: string;
}

export class CompanyProfileDto {
  @ApiProperty({ example: 'Hartmann Sensorik GmbH', description: 'Stored normalised (NFKC, no invisible characters); direction controls are refused.' })
  @NameField()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  legalName: string;

  @ApiProperty({ enum: OrganisationType })
  @IsEnum(OrganisationType, { message: `organisationType must be one of: ${Object.values(OrganisationType).join(', ')}` })
  organisationType: OrganisationType;

  @ApiProperty({ type: AddressDto })
  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;

  @ApiPropertyOptional({ example: 'https://hartmann-sensorik.example' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'website must be an http(s) address' })
  @MaxLength(300)
  website?: string;

  @ApiPropertyOptional({ example: 1998 })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(2100)
  foundingYear?: number;

  @ApiPropertyOptional({ example: 'Sensors for industrial automation.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ type: SizeDto })
  @ValidateNested()
  @Type(() => SizeDto)
  size: SizeDto;

  @ApiProperty({ type: [String], example: ['26.51', '28'], description: 'NACE Rev. 2 codes: a section letter, a division (28), group (28.1) or class (28.14).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(/^([A-U]|\d{2}(\.\d{1,2})?)$/, { each: true, message: 'each sector must be a NACE code such as C, 28, 28.1 or 28.14' })
  sectors: string[];

  @ApiProperty({ type: CooperationDto })
  @ValidateNested()
  @Type(() => CooperationDto)
  offers: CooperationDto;

  @ApiProperty({ type: CooperationDto })
  @ValidateNested()
  @Type(() => CooperationDto)
  seeks: CooperationDto;

  @ApiPropertyOptional({ type: [String], example: ['sensor', '传感器'] })
  @OmittableButNotNull()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(40, { each: true })
  keywords: string[] = [];

  @ApiPropertyOptional({ type: TargetMarketsDto })
  @OmittableButNotNull()
  @ValidateNested()
  @Type(() => TargetMarketsDto)
  targetMarkets: TargetMarketsDto = new TargetMarketsDto();

  @ApiProperty({ type: [String], example: ['de', 'en'], description: 'ISO 639-1 languages of correspondence.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(/^[a-z]{2}$/, { each: true, message: 'each language must be an ISO 639-1 code such as de, en or zh' })
  languages: string[];

  @ApiProperty({ example: 'de' })
  @Matches(/^[a-z]{2}$/, { message: 'preferredLanguage must be an ISO 639-1 code such as de' })
  preferredLanguage: string;

  @ApiProperty({ type: ContactDto })
  @ValidateNested()
  @Type(() => ContactDto)
  contact: ContactDto;

  @ApiProperty({ description: 'Hide the name and website from other companies until an introduction is accepted.' })
  @IsBoolean()
  anonymous: boolean;
}

export class RegisterCompanyDto extends CompanyProfileDto {
  @ApiProperty({ type: ConsentDto })
  @ValidateNested()
  @Type(() => ConsentDto)
  consent: ConsentDto;
}
