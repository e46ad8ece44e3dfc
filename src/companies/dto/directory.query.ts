import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { COUNTRY_CODES, CountryCode } from '../../cities/country';
import { CooperationType } from '../cooperation-type';
import { SmeClass } from '../sme-class';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class DirectoryQuery {
  @ApiPropertyOptional({ description: 'Full text in German, English or Chinese (characters or toneless pinyin).', example: 'Sensoren' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ example: 'foshan', description: 'Member city slug.' })
  @IsOptional()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'city must be a member city slug such as foshan' })
  city?: string;

  @ApiPropertyOptional({ enum: COUNTRY_CODES })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @IsIn(COUNTRY_CODES, { message: 'country must be DE or CN' })
  country?: CountryCode;

  @ApiPropertyOptional({ example: 'CN-GD', description: 'ISO 3166-2 code of a state or province.' })
  @IsOptional()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be an ISO 3166-2 code such as CN-GD' })
  region?: string;

  @ApiPropertyOptional({ example: '28', description: 'NACE Rev. 2 code; a section or division also matches its groups and classes.' })
  @IsOptional()
  @Matches(/^([A-U]|\d{2}(\.\d{1,2})?)$/, { message: 'nace must be a NACE code such as C, 28, 28.1 or 28.14' })
  nace?: string;

  @ApiPropertyOptional({ enum: CooperationType, description: 'Profiles that offer this kind of cooperation.' })
  @IsOptional()
  @IsEnum(CooperationType, { message: `offers must be one of: ${Object.values(CooperationType).join(', ')}` })
  offers?: CooperationType;

  @ApiPropertyOptional({ enum: CooperationType, description: 'Profiles that seek this kind of cooperation.' })
  @IsOptional()
  @IsEnum(CooperationType, { message: `seeks must be one of: ${Object.values(CooperationType).join(', ')}` })
  seeks?: CooperationType;

  @ApiPropertyOptional({ enum: SmeClass })
  @IsOptional()
  @IsEnum(SmeClass, { message: 'smeClass must be one of: micro, small, medium, large' })
  smeClass?: SmeClass;

  @ApiPropertyOptional({ example: 'zh', description: 'A language of correspondence (ISO 639-1).' })
  @IsOptional()
  @Matches(/^[a-z]{2}$/, { message: 'language must be an ISO 639-1 code such as zh' })
  language?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;
}
