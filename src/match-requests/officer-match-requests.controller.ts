import { Body, Controller, Get, Header, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiUnprocessableEntityResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/principal.decorator';
import { Access, Allow } from '../common/access';
import { toCsv } from '../common/csv';
import { pickLanguage } from '../common/language';
import { Principal } from '../common/principal';
import { ApproveMatchRequestDto, DecideMatchRequestsDto, OfficerMatchRequestsQuery, ProposeMatchRequestDto, RejectMatchRequestDto } from './dto/match-request.dto';
import { DecisionResultsResponse, MatchRequestStatusResponse, OfficerMatchRequestsPageResponse, toOfficerMatchRequestResponse } from './dto/match-request.response';
import { StatsQuery, StatsResponse } from './dto/stats.dto';
import { MatchRequestReviewService } from './match-request-review.service';
import { MatchRequestStats, MatchRequestStatsService, STATS_CSV_COLUMNS, statsCsvRows } from './match-request-stats.service';
import { MatchRequestsService } from './match-requests.service';

type Officer = Extract<Principal, { type: 'user' }>;

const DEFAULT_STATS_DAYS = 90;

@ApiTags('officer')
@Controller('api/officer')
export class OfficerMatchRequestsController {
  constructor(
    private readonly review: MatchRequestReviewService,
    private readonly requests: MatchRequestsService,
    private readonly statistics: MatchRequestStatsService,
  ) {}

  @Get('match-requests')
  @Allow(Access.Officer)
  @ApiOperation({ summary: 'The review queue (waiting longest first) with both profiles, the score and its reasons; filter by status, partner city, country and waiting time. Officers of other member cities see only requests involving their city, without contact persons.' })
  @ApiOkResponse({ type: OfficerMatchRequestsPageResponse })
  async queue(@Query() query: OfficerMatchRequestsQuery, @CurrentUser() officer: Officer, @Headers('accept-language') acceptLanguage?: string): Promise<OfficerMatchRequestsPageResponse> {
    const language = pickLanguage(query.lang, acceptLanguage, 'de');
    const { requests, total, withContacts, crossBorder } = await this.review.queue(officer, query);
    return { items: requests.map((request) => toOfficerMatchRequestResponse(request, language, { withContacts, crossBorder })), total };
  }

  @Post('match-requests')
  @Allow(Access.Officer)
  @ApiOperation({ summary: 'Proposes an introduction between two companies; made and approved by you in one step. The home office for any company, other officers for companies of their own city.' })
  @ApiCreatedResponse({ type: MatchRequestStatusResponse })
  @ApiUnprocessableEntityResponse({ description: 'Across the German-Chinese border without the German company’s current consent (code china_transfer_consent_required) or the Chinese company’s recorded basis (code transfer_basis_required); nothing is written.' })
  async propose(@Body() body: ProposeMatchRequestDto, @CurrentUser() officer: Officer): Promise<MatchRequestStatusResponse> {
    const { id, status, version } = await this.requests.propose(officer, body.requesterCompanyId, body, body.note);
    return { id, status, version };
  }

  @Post('match-requests/decisions')
  @HttpCode(HttpStatus.OK)
  @Allow(Access.Officer)
  @ApiOperation({ summary: 'Approves or rejects several requests at once; each result says whether it went through.' })
  @ApiOkResponse({ type: DecisionResultsResponse })
  async decideMany(@Body() body: DecideMatchRequestsDto, @CurrentUser() officer: Officer): Promise<DecisionResultsResponse> {
    return { results: await this.review.decideMany(officer, body) };
  }

  @Post('match-requests/:id/approve')
  @Allow(Access.Officer)
  @ApiOperation({ summary: 'Approves a request: the introduction goes out, or the request waits for the partner city’s office where it approves too.' })
  @ApiCreatedResponse({ type: MatchRequestStatusResponse })
  @ApiConflictResponse({ description: 'The request is not waiting for this decision (the body names its status), or changed since the given version.' })
  @ApiUnprocessableEntityResponse({ description: 'Across the German-Chinese border without the German company’s current consent (code china_transfer_consent_required) or the Chinese company’s recorded basis (code transfer_basis_required); nothing is written.' })
  async approve(@Param('id', ParseUUIDPipe) id: string, @Body() body: ApproveMatchRequestDto, @CurrentUser() officer: Officer): Promise<MatchRequestStatusResponse> {
    const { status, version } = await this.review.approve(officer, id, body);
    return { id, status, version };
  }

  @Post('match-requests/:id/reject')
  @Allow(Access.Officer)
  @ApiOperation({ summary: 'Rejects a request; the reason is sent to the requester.' })
  @ApiCreatedResponse({ type: MatchRequestStatusResponse })
  @ApiConflictResponse({ description: 'The request is not waiting for a decision (the body names its status).' })
  async reject(@Param('id', ParseUUIDPipe) id: string, @Body() body: RejectMatchRequestDto, @CurrentUser() officer: Officer): Promise<MatchRequestStatusResponse> {
    const { status, version } = await this.review.reject(officer, id, body.reason, body.version);
    return { id, status, version };
  }

  @Get('stats')
  @Allow(Access.Officer)
  @ApiOperation({ summary: 'Requests made in a period: by status, partner city and country; acceptance rate; median times to decision and answer.' })
  @ApiOkResponse({ type: StatsResponse })
  stats(@Query() query: StatsQuery, @CurrentUser() officer: Officer): Promise<MatchRequestStats> {
    return this.statistics.stats(officer, periodOf(query));
  }

  @Get('stats.csv')
  @Allow(Access.Officer)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="isa-match-statistics.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The same figures as CSV, one line per partner city.' })
  async statsCsv(@Query() query: StatsQuery, @CurrentUser() officer: Officer): Promise<string> {
    return toCsv(STATS_CSV_COLUMNS, statsCsvRows(await this.statistics.stats(officer, periodOf(query))));
  }
}

function periodOf(query: StatsQuery): { from: Date; to: Date } {
  const to = query.to ?? new Date();
  return { from: query.from ?? new Date(to.getTime() - DEFAULT_STATS_DAYS * 24 * 3_600_000), to };
}
