import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentUser } from '../auth/principal.decorator';
import { Officer } from '../cities/officer-scope';
import { Access, Allow } from '../common/access';
import { CompanyConsent } from './company-consent.entity';
import { IMPORT_COLUMNS } from './company-csv';
import { CompanyImport } from './company-import.entity';
import { CompanyImportService } from './company-import.service';
import { CompanyLifecycleService } from './company-lifecycle.service';
import { CompanyProfileService } from './company-profile.service';
import { Company } from './company.entity';
import { RejectCompanyDto, TransferBasisDto } from './dto/company-requests.dto';
import { toCompanyProfileResponse } from './dto/company.response';
import { CompanyImportResponse, ImportFileQuery, OfficerCompaniesPageResponse, OfficerCompaniesQuery } from './dto/officer-companies.dto';
import { CompanyStatusResponse } from './dto/registration.response';

function toImportResponse(companyImport: CompanyImport): CompanyImportResponse {
  const { id, status, fileName, totalRows, processedRows, createdRows, refusedRows, results, error } = companyImport;
  return { id, status, fileName, totalRows, processedRows, createdRows, refusedRows, results, error, percent: totalRows ? Math.floor((processedRows / totalRows) * 100) : 100 };
}

@ApiTags('officer')
@Controller('api/officer/companies')
export class OfficerCompaniesController {
  constructor(
    private readonly lifecycle: CompanyLifecycleService,
    private readonly imports: CompanyImportService,
    private readonly dataSource: DataSource,
    private readonly profiles: CompanyProfileService,
  ) {}

  @Get()
  @Allow(Access.HomeOffice)
  @ApiOperation({ summary: 'Profiles by status with everything an officer needs to review them; the review queue by default.' })
  @ApiOkResponse({ type: OfficerCompaniesPageResponse })
  async list(@Query() query: OfficerCompaniesQuery): Promise<OfficerCompaniesPageResponse> {
    const [companies, total] = await this.dataSource.getRepository(Company).findAndCount({
      where: { status: query.status },
      relations: { city: true },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    const consents = companies.length ? await this.dataSource.getRepository(CompanyConsent).find({ where: companies.map((company) => ({ companyId: company.id })) }) : [];
    return { items: companies.map((company) => toCompanyProfileResponse(company, consents.filter((consent) => consent.companyId === company.id))), total };
  }

  @Post(':id/approve')
  @Allow(Access.HomeOffice)
  @ApiOperation({ summary: 'Approves a profile waiting for review: it becomes visible for 12 months.' })
  @ApiCreatedResponse({ type: CompanyStatusResponse })
  async approve(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() officer: Officer): Promise<CompanyStatusResponse> {
    const company = await this.lifecycle.approve(id, officer);
    return { id: company.id, status: company.status, expiresAt: company.expiresAt };
  }

  @Post(':id/reject')
  @Allow(Access.HomeOffice)
  @ApiOperation({ summary: 'Rejects a profile waiting for review; the reason is sent to the company.' })
  @ApiCreatedResponse({ type: CompanyStatusResponse })
  async reject(@Param('id', ParseUUIDPipe) id: string, @Body() body: RejectCompanyDto, @CurrentUser() officer: Officer): Promise<CompanyStatusResponse> {
    const company = await this.lifecycle.reject(id, officer, body.reason);
    return { id: company.id, status: company.status, expiresAt: company.expiresAt };
  }

  @Put(':id/transfer-basis')
  @Allow(Access.Officer)
  @ApiOperation({
    summary: 'Records the legal basis on which an organisation in a Chinese member city has its data sent to Germany (PIPL Art. 38-39). A basis that does not permit it (none) ends its open requests across the border.',
  })
  @ApiOkResponse({ type: CompanyStatusResponse })
  @ApiUnprocessableEntityResponse({ description: 'The organisation is not in a Chinese member city.' })
  async setTransferBasis(@Param('id', ParseUUIDPipe) id: string, @Body() body: TransferBasisDto, @CurrentUser() officer: Officer): Promise<CompanyStatusResponse> {
    const company = await this.profiles.setTransferBasis(officer, id, body.basis);
    return { id: company.id, status: company.status, expiresAt: company.expiresAt };
  }

  @Post('import')
  @HttpCode(HttpStatus.ACCEPTED)
  @Allow(Access.HomeOffice)
  @ApiConsumes('text/csv')
  @ApiBody({ description: `UTF-8 CSV (comma or semicolon, Excel's BOM accepted) with the header: ${IMPORT_COLUMNS.join(';')}. Lists in a cell are separated by "|".`, schema: { type: 'string' } })
  @ApiOperation({ summary: 'Imports partner-city companies from CSV in the background; read the progress and per-row results at GET …/imports/:id.' })
  @ApiAcceptedResponse({ type: CompanyImportResponse })
  async import(@Body() csv: unknown, @Headers('content-type') contentType: string | undefined, @Query() query: ImportFileQuery, @CurrentUser() officer: Officer): Promise<CompanyImportResponse> {
    if (typeof csv !== 'string' || !contentType?.startsWith('text/csv')) throw new UnsupportedMediaTypeException('Send the file as text/csv.');
    return toImportResponse(await this.imports.start(csv, query.fileName ?? 'import.csv', officer));
  }

  @Get('imports/:id')
  @Allow(Access.HomeOffice)
  @ApiOperation({ summary: 'Progress and per-row results of an import.' })
  @ApiOkResponse({ type: CompanyImportResponse })
  async importStatus(@Param('id', ParseUUIDPipe) id: string): Promise<CompanyImportResponse> {
    return toImportResponse(await this.imports.find(id));
  }
}
