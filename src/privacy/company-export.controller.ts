import { Controller, Get, Header, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, ownCompany } from '../common/access';
import { CompanyExportService } from './company-export.service';
import { CompanyExportResponse } from './dto/company-export.response';

export const EXPORT_FILE_NAME = 'isa-match-data-export.json';

@ApiTags('companies')
@Controller('api/companies')
export class CompanyExportController {
  constructor(private readonly exports: CompanyExportService) {}

  @Get(':id/export')
  @Allow(ownCompany('id'))
  @Header('cache-control', 'no-store')
  @Header('content-disposition', `attachment; filename="${EXPORT_FILE_NAME}"`)
  @ApiProduces('application/json')
  @ApiOperation({
    summary: 'Everything the platform keeps about the company and its people (GDPR Art. 15 and 20), as a JSON document to download.',
    description: 'Profile, consents, requests sent and received with messages and timelines, partner contacts received, emails sent to the company, sessions, emailed links, alert settings and audit entries.',
  })
  @ApiOkResponse({ type: CompanyExportResponse })
  @ApiNotFoundResponse()
  export(@Param('id', ParseUUIDPipe) id: string): Promise<CompanyExportResponse> {
    return this.exports.export(id);
  }
}
