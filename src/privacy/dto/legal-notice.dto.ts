import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, Matches } from 'class-validator';
import { LegalNoticeKind } from '../legal-notice.entity';
import { NoticeView } from '../legal-notices.service';

const MAX_TEXT = 100_000;
const NOT_BLANK = /\S/;

export class LegalNoticeTextsDto {
  @ApiProperty({ description: 'German text. Markup: "## " starts a heading, "- " a list item, a blank line a new paragraph.', maxLength: MAX_TEXT })
  @IsString()
  @MaxLength(MAX_TEXT)
  @Matches(NOT_BLANK, { message: 'de must not be empty' })
  de: string;

  @ApiProperty({ description: 'English text, same markup.', maxLength: MAX_TEXT })
  @IsString()
  @MaxLength(MAX_TEXT)
  @Matches(NOT_BLANK, { message: 'en must not be empty' })
  en: string;

  @ApiProperty({ description: 'Chinese text, same markup.', maxLength: MAX_TEXT })
  @IsString()
  @MaxLength(MAX_TEXT)
  @Matches(NOT_BLANK, { message: 'zh must not be empty' })
  zh: string;
}

export class LegalNoticeResponse {
  @ApiProperty({ enum: LegalNoticeKind }) kind: LegalNoticeKind;
  @ApiProperty({ description: 'True while no administrator has published a version: the text is a draft (for a public notice, the built-in default).' }) draft: boolean;
  @ApiProperty({ type: Number, nullable: true }) version: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: Date | null;
  @ApiProperty({ type: LegalNoticeTextsDto }) texts: LegalNoticeTextsDto;
}

export class EditableLegalNoticeResponse {
  @ApiProperty({ type: LegalNoticeResponse, description: 'What the public page shows now.' }) current: LegalNoticeResponse;
  @ApiProperty({ type: LegalNoticeResponse, nullable: true, description: 'The open draft, if an administrator saved one.' }) draft: LegalNoticeResponse | null;
}

export function toLegalNoticeResponse(notice: NoticeView): LegalNoticeResponse {
  return { kind: notice.kind, draft: notice.draft, version: notice.version, publishedAt: notice.publishedAt, texts: { ...notice.texts } };
}
