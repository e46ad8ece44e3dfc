import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class MunicipalityNamesDto {
  @ApiProperty({ type: [String], example: ['Taicang', '太仓'], description: 'Town names and other names the member is found by.' })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  names: string[];
}

export class CreateMemberCityDto {
  @ApiProperty({ example: 'taicang' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'slug must be lower-case words joined by hyphens, such as taicang' })
  @MaxLength(64)
  slug: string;

  @ApiProperty({ example: 'Taicang' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  nameDe: string;

  @ApiProperty({ example: 'Taicang' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  nameEn: string;

  @ApiPropertyOptional({ example: '太仓', description: 'Required for Chinese members.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  nameZh?: string;

  @ApiProperty({ example: 'CN-JS', description: 'ISO 3166-2 code of the federal state or province (see POST /api/admin/regions).' })
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'regionCode must be an ISO 3166-2 code such as CN-JS' })
  regionCode: string;

  @ApiProperty({ type: [String], example: ['太仓'] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  municipalities: string[] = [];
}

export class CreateRegionDto {
  @ApiProperty({ example: 'CN-JS' })
  @Matches(/^(DE|CN)-[A-Z0-9]{1,3}$/, { message: 'code must be an ISO 3166-2 code of Germany or China, such as CN-JS' })
  code: string;

  @ApiProperty({ example: 'Jiangsu' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  nameDe: string;

  @ApiProperty({ example: 'Jiangsu' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  nameEn: string;

  @ApiProperty({ example: '江苏省' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  nameZh: string;
}
