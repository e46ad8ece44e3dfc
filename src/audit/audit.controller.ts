import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access, Allow } from '../common/access';
import { auditEntriesToCsv } from './audit-csv';
import { AuditService } from './audit.service';
import { AuditPageResponse, toAuditEntryResponse } from './dto/audit-entry.response';
import { ListAuditQuery } from './dto/list-audit.query';

const CSV_EXPORT_LIMIT = 100_000;

@ApiTags('audit')
@Controller('api/officer/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Allow(Access.HomeOffice)
  @ApiOperation({ summary: 'The audit log, newest first, filtered and paged by cursor.' })
  @ApiOkResponse({ type: AuditPageResponse })
  async list(@Query() query: ListAuditQuery): Promise<AuditPageResponse> {
    const entries = await this.audit.list({ ...query, beforeId: query.before });
    const nextCursor = entries.length === query.limit ? entries[entries.length - 1].id : null;
    return { entries: entries.map(toAuditEntryResponse), nextCursor };
  }

  @Get('export.csv')
  @Allow(Access.HomeOffice)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="isa-match-audit.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The filtered audit log as CSV (UTF-8 with BOM, up to 100,000 entries).' })
  async exportCsv(@Query() query: ListAuditQuery): Promise<string> {
    return auditEntriesToCsv(await this.audit.list({ ...query, beforeId: query.before, limit: CSV_EXPORT_LIMIT }));
  }
}
