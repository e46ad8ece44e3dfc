import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { COUNTRY_CODES, CountryCode } from '../country';

export class ListCitiesQuery {
  @ApiPropertyOptional({ enum: COUNTRY_CODES, description: 'Only members in this country (ISO 3166-1 alpha-2).' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsIn(COUNTRY_CODES, { message: 'country must be DE or CN' })
  country?: CountryCode;

  @ApiPropertyOptional({ description: 'Search in member, town, state and province names, in German, English, Chinese or pinyin.', example: 'Guangdong' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;
}
