import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseEnumPipe, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentUser } from '../auth/principal.decorator';
import { Access, Allow } from '../common/access';
import { Principal } from '../common/principal';
import { EditableLegalNoticeResponse, LegalNoticeResponse, LegalNoticeTextsDto, toLegalNoticeResponse } from './dto/legal-notice.dto';
import { LegalNoticeKind } from './legal-notice.entity';
import { LegalNoticesService } from './legal-notices.service';

const KIND = new ParseEnumPipe(LegalNoticeKind);
const kindParam = ApiParam({ name: 'kind', enum: LegalNoticeKind });

@ApiTags('legal notices')
@Controller('api')
export class LegalNoticesController {
  constructor(private readonly notices: LegalNoticesService) {}

  @Get('legal-notices/:kind')
  @Allow(Access.Public)
  @kindParam
  @ApiOperation({ summary: 'The privacy notice, legal notice or accessibility statement in German, English and Chinese: the published version, or the default marked as draft.' })
  @ApiOkResponse({ type: LegalNoticeResponse })
  async current(@Param('kind', KIND) kind: LegalNoticeKind): Promise<LegalNoticeResponse> {
    return toLegalNoticeResponse(await this.notices.current(kind));
  }

  @Get('admin/legal-notices/:kind')
  @Allow(Access.Admin)
  @kindParam
  @ApiOperation({ summary: 'The current text of a notice and its open draft, for editing.' })
  @ApiOkResponse({ type: EditableLegalNoticeResponse })
  async editable(@Param('kind', KIND) kind: LegalNoticeKind): Promise<EditableLegalNoticeResponse> {
    const { current, draft } = await this.notices.editable(kind);
    return { current: toLegalNoticeResponse(current), draft: draft && toLegalNoticeResponse(draft) };
  }

  @Put('admin/legal-notices/:kind/draft')
  @Allow(Access.Admin)
  @kindParam
  @ApiOperation({ summary: 'Saves the draft of a notice (all three languages); the public page is unchanged until it is published.' })
  @ApiOkResponse({ type: LegalNoticeResponse })
  async saveDraft(@Param('kind', KIND) kind: LegalNoticeKind, @Body() body: LegalNoticeTextsDto, @CurrentUser() admin: Extract<Principal, { type: 'user' }>): Promise<LegalNoticeResponse> {
    return toLegalNoticeResponse(await this.notices.saveDraft(kind, body, admin.userId));
  }

  @Post('admin/legal-notices/:kind/publish')
  @HttpCode(HttpStatus.OK)
  @Allow(Access.Admin)
  @kindParam
  @ApiOperation({ summary: 'Publishes the draft as the next version. A new privacy notice asks every company to confirm it at its next sign-in.' })
  @ApiOkResponse({ type: LegalNoticeResponse })
  @ApiUnprocessableEntityResponse({ description: 'There is no draft to publish.' })
  async publish(@Param('kind', KIND) kind: LegalNoticeKind, @CurrentUser() admin: Extract<Principal, { type: 'user' }>): Promise<LegalNoticeResponse> {
    return toLegalNoticeResponse(await this.notices.publish(kind, admin.userId));
  }
}
