import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NameField } from '../../common/names';
import { IntroductionRouting } from '../office-contact.entity';

export class OfficeContactDto {
  @ApiProperty({ example: 'Amt für Wirtschaftsförderung der Stadt Köln', description: 'Stored normalised (NFKC, no invisible characters); direction controls are refused.' })
  @NameField()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  officeName: string;

  @ApiPropertyOptional({ example: 'Dr. Maria Schmidt' })
  @IsOptional()
  @NameField()
  @IsString()
  @MaxLength(120)
  contactPerson?: string;

  @ApiProperty({ example: 'wirtschaft@stadt-koeln.de' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: '+49 221 221-0' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()/.-]{5,40}$/, { message: 'phone must be a phone number such as +49 6172 100-1320' })
  phone?: string;

  @ApiPropertyOptional({ example: 'Willy-Brandt-Platz 2\n50679 Köln' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  postalAddress?: string;

  @ApiProperty({ example: 'de', description: 'ISO 639-1 language for correspondence with the office.' })
  @Matches(/^[a-z]{2}$/, { message: 'preferredLanguage must be an ISO 639-1 code such as de, en or zh' })
  preferredLanguage: string;

  @ApiProperty({ enum: IntroductionRouting })
  @IsEnum(IntroductionRouting, { message: 'introductionRouting must be company_with_office_cc or via_office' })
  introductionRouting: IntroductionRouting;

  @ApiPropertyOptional({ default: false, description: "When true and the city has officers on the platform, they approve every introduction to their city's companies too." })
  @IsOptional()
  @IsBoolean()
  approvesIntroductions?: boolean;
}
