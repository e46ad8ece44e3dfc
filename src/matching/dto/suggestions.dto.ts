import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PublicCompanyResponse } from '../../companies/dto/company.response';
import { UI_LANGUAGES, UiLanguage } from '../../common/language';

export class LanguageQuery {
  @ApiPropertyOptional({ enum: UI_LANGUAGES, description: 'Language of the reasons; defaults to the Accept-Language header, then English.' })
  @IsOptional()
  @IsIn(UI_LANGUAGES, { message: 'lang must be one of: de, en, zh' })
  lang?: UiLanguage;
}

export class SuggestionsQuery extends LanguageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(50)
  limit: number = 20;
}

export class SuggestionResponse {
  @ApiProperty({ type: PublicCompanyResponse })
  company: PublicCompanyResponse;

  @ApiProperty({ example: 71.5, description: 'Higher is better; see the weights in the README.' })
  score: number;

  @ApiProperty({ type: [String], example: ['You seek a distribution partner; they offer distribution in Guangdong.'] })
  reasons: string[];
}

export class CrossBorderNoticeResponse {
  @ApiProperty({ enum: ['china_transfer_consent_required', 'transfer_basis_required'] })
  code: string;

  @ApiProperty({ example: 'Give the consent to see partners in China: …' })
  message: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '/companies/area#china-transfer', description: 'Where the company gives the consent.' })
  consentLink: string | null;
}

export class SuggestionsResponse {
  @ApiProperty({ enum: UI_LANGUAGES })
  language: UiLanguage;

  @ApiPropertyOptional({ type: CrossBorderNoticeResponse, nullable: true, description: 'Set when partners across the German-Chinese border are left out, and why.' })
  crossBorder: CrossBorderNoticeResponse | null;

  @ApiProperty({ type: [SuggestionResponse] })
  items: SuggestionResponse[];
}

export class SuggestionAlertDto {
  @ApiProperty({ description: 'Whether to receive a weekly email about new profiles that would rank high.' })
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled: boolean;
}

export class SuggestionAlertResponse {
  @ApiProperty()
  enabled: boolean;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'The next digest lists profiles that appear after this moment.' })
  lastDigestAt: Date | null;
}
