import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res, UnprocessableEntityException, UseFilters } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser } from '../../auth/principal.decorator';
import { IMPORT_COLUMNS } from '../../companies/company-csv';
import { CompanyImport, CompanyImportStatus } from '../../companies/company-import.entity';
import { CompanyImportService } from '../../companies/company-import.service';
import { Access, Allow } from '../../common/access';
import { Environment } from '../../config/environment';
import { translate } from '../i18n/texts';
import { PageExceptionFilter } from '../page-exception.filter';
import { WebPages } from '../web-pages.service';
import { FieldMessages, noticeOf, Officer, text } from './officer-forms';
import { OfficerPageQueries } from './officer-page-queries.service';

const FILE_NAME = /^[\w\-. ()]{1,200}$/u;
const RECENT_IMPORTS = 10;
const REFRESH_SECONDS = 2;

interface ImportForm {
  csv: string;
  fileName: string;
}

/** CSV import of partner-city companies: paste the file, then watch it being worked through, row by row. */
@ApiExcludeController()
@UseFilters(PageExceptionFilter)
@Allow(Access.HomeOffice)
@Controller('officer/import')
export class OfficerImportPagesController {
  private readonly bodyLimit: string;

  constructor(
    private readonly pages: WebPages,
    private readonly imports: CompanyImportService,
    private readonly queries: OfficerPageQueries,
    config: ConfigService<Environment, true>,
  ) {
    this.bodyLimit = config.get('BODY_LIMIT', { infer: true });
  }

  @Get()
  async form(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.renderForm(request, response, { csv: '', fileName: '' }, {});
  }

  @Post()
  async upload(@Body() body: Record<string, unknown>, @CurrentUser() officer: Officer, @Req() request: Request, @Res() response: Response): Promise<void> {
    const language = this.pages.language(request, response);
    const form: ImportForm = { csv: text(body, 'csv'), fileName: text(body, 'fileName').trim() };
    const errors: FieldMessages = {};
    if (form.csv.trim() === '') errors.csv = translate(language, 'validation.required');
    if (form.fileName && !FILE_NAME.test(form.fileName)) errors.fileName = translate(language, 'officer.import.fileNameInvalid');
    if (Object.keys(errors).length === 0) {
      try {
        const started = await this.imports.start(form.csv, form.fileName || 'import.csv', officer);
        response.redirect(303, `/officer/import/${started.id}?done=started`);
        return;
      } catch (error) {
        if (!(error instanceof UnprocessableEntityException)) throw error;
        const detail = (error.getResponse() as { message?: unknown }).message;
        errors.csv = `${translate(language, 'officer.import.badFile')} ${typeof detail === 'string' ? detail : ''}`.trim();
      }
    }
    response.status(HttpStatus.UNPROCESSABLE_ENTITY).send(await this.renderForm(request, response, form, errors));
  }

  @Get(':id')
  async progress(@Param('id', ParseUUIDPipe) id: string, @Query() query: Record<string, unknown>, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    const companyImport = await this.imports.find(id);
    const working = companyImport.status === CompanyImportStatus.Queued || companyImport.status === CompanyImportStatus.Running;
    // The page refreshes itself while the worker is busy (the header, and a meta element for the page itself).
    if (working) response.setHeader('refresh', String(REFRESH_SECONDS));
    return this.pages.render({
      request,
      response,
      view: 'officer/import-progress',
      titleKey: 'officer.import.progressTitle',
      noticeKey: noticeOf(query, { started: 'officer.import.started' }),
      data: { import: importView(companyImport), working, refreshSeconds: REFRESH_SECONDS },
    });
  }

  private async renderForm(request: Request, response: Response, form: ImportForm, errors: FieldMessages): Promise<string> {
    const recent = await this.queries.recentImports(RECENT_IMPORTS);
    return this.pages.render({
      request,
      response,
      view: 'officer/import',
      titleKey: 'officer.import.title',
      data: {
        form,
        errors,
        hasErrors: Object.keys(errors).length > 0,
        bodyLimit: this.bodyLimit,
        header: IMPORT_COLUMNS.join(';'),
        recent: recent.map(importView),
      },
    });
  }
}

function importView(companyImport: CompanyImport) {
  return {
    id: companyImport.id,
    fileName: companyImport.fileName,
    statusKey: `officer.importStatus.${companyImport.status}`,
    totalRows: companyImport.totalRows,
    processedRows: companyImport.processedRows,
    createdRows: companyImport.createdRows,
    refusedRows: companyImport.refusedRows,
    percent: companyImport.totalRows ? Math.floor((companyImport.processedRows / companyImport.totalRows) * 100) : 100,
    error: companyImport.error,
    createdAt: companyImport.createdAt,
    finishedAt: companyImport.finishedAt,
    results: [...companyImport.results]
      .sort((a, b) => a.row - b.row)
      .map((result) => ({ ...result, created: result.outcome === 'created', legalName: result.legalName ?? '', companyId: result.companyId ?? null, errors: result.errors ?? [] })),
  };
}
