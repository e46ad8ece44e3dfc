import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Access, Allow } from '../common/access';
import { Principal } from '../common/principal';
import { CreateMatchRequestDto } from './dto/match-request.dto';
import { CompanyMatchRequestResponse, MatchRequestStatusResponse, toCompanyMatchRequestResponse } from './dto/match-request.response';
import { MatchRequestsService } from './match-requests.service';

type CompanyPrincipal = Extract<Principal, { type: 'company' }>;

@ApiTags('match requests')
@Controller('api/match-requests')
export class MatchRequestsController {
  constructor(private readonly requests: MatchRequestsService) {}

  @Post()
  @Allow(Access.Company)
  @ApiOperation({ summary: 'Asks the economic development office for an introduction to another company; an officer reviews it first.' })
  @ApiCreatedResponse({ type: MatchRequestStatusResponse })
  @ApiConflictResponse({ description: 'An open request for the pair exists, the partner declined before, or the cap of open requests is reached.' })
  @ApiUnprocessableEntityResponse({
    description:
      'The target is not an active profile in another member city, or your profile is not active; or the introduction would cross the German-Chinese border without the German side’s consent (code china_transfer_consent_required, with consentLink and consentRoute) or the Chinese side’s recorded basis (code transfer_basis_required).',
  })
  async create(@Body() body: CreateMatchRequestDto, @CurrentPrincipal() principal: CompanyPrincipal): Promise<MatchRequestStatusResponse> {
    const { id, status, version } = await this.requests.request(principal.companyId, body);
    return { id, status, version };
  }

  @Get()
  @Allow(Access.Company)
  @ApiOperation({ summary: 'Your requests, and introductions made to you.' })
  @ApiOkResponse({ type: [CompanyMatchRequestResponse] })
  async list(@CurrentPrincipal() principal: CompanyPrincipal): Promise<CompanyMatchRequestResponse[]> {
    return (await this.requests.listForCompany(principal.companyId)).map((request) => toCompanyMatchRequestResponse(request, principal.companyId));
  }

  @Post(':id/withdraw')
  @Allow(Access.Company)
  @ApiOperation({ summary: 'Withdraws your request while it waits for review.' })
  @ApiCreatedResponse({ type: MatchRequestStatusResponse })
  async withdraw(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() principal: CompanyPrincipal): Promise<MatchRequestStatusResponse> {
    const { status, version } = await this.requests.withdraw(principal.companyId, id);
    return { id, status, version };
  }
}
