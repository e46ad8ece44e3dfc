import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { toPublicCompanyResponse } from '../companies/dto/company.response';
import { Access, Allow, ownCompany } from '../common/access';
import { pickLanguage } from '../common/language';
import { Principal } from '../common/principal';
import { SuggestionAlertDto, SuggestionAlertResponse, SuggestionsQuery, SuggestionsResponse } from './dto/suggestions.dto';
import { MatchingService } from './matching.service';
import { SuggestionAlertsService } from './suggestion-alerts.service';
import { explainMatch } from './suggestion-reasons';

@ApiTags('matching')
@Controller('api/companies/:id')
export class MatchingController {
  constructor(
    private readonly matching: MatchingService,
    private readonly alerts: SuggestionAlertsService,
  ) {}

  @Get('suggestions')
  @Allow(ownCompany('id'), Access.Officer)
  @ApiOperation({
    summary: 'Ranked partner candidates in other member cities, each with its score and the reasons in the reader’s language.',
    description: 'Officers: the home office for every company, other officers for companies of their own city. Active profiles in the other country by default (the target markets narrow or widen that), without the company’s own city and without partners it has an open or declined request with.',
  })
  @ApiOkResponse({ type: SuggestionsResponse })
  async suggestions(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: SuggestionsQuery,
    @CurrentPrincipal() principal: Principal,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<SuggestionsResponse> {
    const language = pickLanguage(query.lang, acceptLanguage, 'en');
    const suggestions = await this.matching.suggestionsFor(id, query.limit, principal.type === 'user' ? principal : undefined);
    return {
      language,
      crossBorder: await this.matching.crossBorderNotice(id),
      items: suggestions.map((suggestion) => ({ company: toPublicCompanyResponse(suggestion.company), score: suggestion.score, reasons: explainMatch(suggestion.signals, language) })),
    };
  }

  @Get('suggestion-alerts')
  @Allow(ownCompany('id'))
  @ApiOperation({ summary: 'Whether the company receives the weekly digest of new, well-matching profiles.' })
  @ApiOkResponse({ type: SuggestionAlertResponse })
  async alert(@Param('id', ParseUUIDPipe) id: string): Promise<SuggestionAlertResponse> {
    const { enabled, lastDigestAt } = await this.alerts.get(id);
    return { enabled, lastDigestAt };
  }

  @Put('suggestion-alerts')
  @Allow(ownCompany('id'))
  @ApiOperation({ summary: 'Turns the weekly digest on or off (off by default). Nobody else learns of it.' })
  @ApiOkResponse({ type: SuggestionAlertResponse })
  async setAlert(@Param('id', ParseUUIDPipe) id: string, @Body() body: SuggestionAlertDto): Promise<SuggestionAlertResponse> {
    const { enabled, lastDigestAt } = await this.alerts.set(id, body.enabled);
    return { enabled, lastDigestAt };
  }
}
