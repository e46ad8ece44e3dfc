import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { HomeCityService } from '../cities/home-city.service';
import { Officer } from '../cities/officer-scope';
import { COMPANY_IMPORT_QUEUE, CompanyImportJob, DEFAULT_JOB_OPTIONS } from '../queue/queue.constants';
import { Principal } from '../common/principal';
import { FieldError } from '../common/validation';
import { User } from '../auth/user.entity';
import { CompanyConsent, ConsentKind } from './company-consent.entity';
import { CsvFormatError, parseImportCsv, rowToRegistration, transferBasisOf } from './company-csv';
import { isDuplicate, profileFields } from './company-fields';
import { CompanyImport, CompanyImportStatus, ImportRowResult } from './company-import.entity';
import { validUntil } from './company-lifecycle.service';
import { CompanyStatus } from './company-status';
import { Company } from './company.entity';
import { ListingNoticeService } from './listing-notice.service';
import { ListingLegalBasis, listingLegalBasisOf } from './listing-notice';
import { ProfileReferenceCheck } from './profile-reference-check.service';

export const MAX_IMPORT_ROWS = 20_000;

/** Officer CSV imports of partner-city companies: accepted at once, worked through by the worker. */
@Injectable()
export class CompanyImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referenceCheck: ProfileReferenceCheck,
    private readonly audit: AuditService,
    private readonly homeCity: HomeCityService,
    private readonly notices: ListingNoticeService,
    @InjectQueue(COMPANY_IMPORT_QUEUE) private readonly queue: Queue<CompanyImportJob>,
  ) {}

  /** Checks the file's shape, stores it and queues it; rows are validated one by one in the background. */
  async start(csv: string, fileName: string, officer: Officer): Promise<CompanyImport> {
    (await this.homeCity.officerScope()).requireHomeOffice(officer);
    let rowCount: number;
    try {
      rowCount = parseImportCsv(csv).length;
    } catch (error) {
      if (error instanceof CsvFormatError) throw new UnprocessableEntityException({ statusCode: 422, field: 'file', message: error.message });
      throw error;
    }
    if (rowCount > MAX_IMPORT_ROWS) throw new UnprocessableEntityException({ statusCode: 422, field: 'file', message: `At most ${MAX_IMPORT_ROWS} rows per file.` });
    const created = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(CompanyImport);
      const companyImport = await repository.save(repository.create({ csv, fileName, totalRows: rowCount, createdBy: officer.userId }));
      await this.audit.record(manager, { action: 'company_import.started', subjectType: 'company_import', subjectId: companyImport.id, after: { fileName, totalRows: rowCount } });
      return companyImport;
    });
    // Queued after commit, with the import id as job id: a retried request never queues it twice.
    await this.queue.add('import', { importId: created.id }, { ...DEFAULT_JOB_OPTIONS, jobId: created.id });
    return created;
  }

  async find(importId: string): Promise<CompanyImport> {
    const found = await this.dataSource.getRepository(CompanyImport).findOneBy({ id: importId });
    if (!found) throw new NotFoundException({ statusCode: 404, message: 'No such import.' });
    return found;
  }

  /** Runs the import; resumes after the last processed row if a worker stopped half-way. */
  async process(importId: string): Promise<void> {
    const repository = this.dataSource.getRepository(CompanyImport);
    const companyImport = await repository.createQueryBuilder('import').addSelect('import.csv').where('import.id = :importId', { importId }).getOne();
    if (!companyImport || companyImport.status === CompanyImportStatus.Finished) return;
    await repository.update(importId, { status: CompanyImportStatus.Running });
    const rows = parseImportCsv(companyImport.csv);
    const officer = await this.dataSource.getRepository(User).findOneByOrFail({ id: companyImport.createdBy });
    const actor: Extract<Principal, { type: 'user' }> = { type: 'user', userId: officer.id, role: officer.role, cityId: officer.cityId, sessionId: '' };
    for (let index = companyImport.processedRows; index < rows.length; index += 1) {
      const result = await this.importRow(rows[index], index + 2, actor);
      await this.recordProgress(importId, result);
    }
    // Worked through, the file is no longer needed: its rows live on as the profiles made of them, the refused ones nowhere.
    await repository.update(importId, { status: CompanyImportStatus.Finished, finishedAt: new Date(), csv: '' });
  }

  async markFailed(importId: string, error: string): Promise<void> {
    await this.dataSource.getRepository(CompanyImport).update(importId, { status: CompanyImportStatus.Failed, error, finishedAt: new Date() });
  }

  /** One row, one transaction: a refused row leaves nothing behind. Row numbers count the header as line 1. */
  private async importRow(row: Record<string, string>, line: number, actor: Extract<Principal, { type: 'user' }>): Promise<ImportRowResult> {
    const { registration, errors } = rowToRegistration(row);
    const legalBasis = listingLegalBasisOf(row.legal_basis);
    if (!legalBasis) errors.push({ field: 'legal_basis', message: `Use ${Object.values(ListingLegalBasis).join(' or ')} (empty means ${ListingLegalBasis.PublicTask}).` });
    if (!registration || !legalBasis) return { row: line, outcome: 'refused', legalName: row.legal_name, errors };
    try {
      const location = await this.referenceCheck.check(registration);
      const transfer = transferBasisOf(row, location.city.country);
      if (transfer.error) return { row: line, outcome: 'refused', legalName: registration.legalName, errors: [transfer.error] };
      return await this.dataSource.transaction(async (manager) => {
        if (await isDuplicate(manager, registration, location.city)) {
          return { row: line, outcome: 'refused' as const, legalName: registration.legalName, errors: [{ field: 'legal_name', message: 'This organisation or contact email is registered already.' }] };
        }
        const now = new Date();
        const company = await manager.getRepository(Company).save(
          manager.getRepository(Company).create({
            ...profileFields(registration, location.city, location.municipality),
            transferBasis: transfer.basis,
            status: CompanyStatus.Active,
            reviewedAt: now,
            reviewedBy: actor.userId,
            activatedAt: now,
            expiresAt: validUntil(now),
            importedBy: actor.userId,
            listingLegalBasis: legalBasis,
          }),
        );
        const consents = [{ companyId: company.id, kind: ConsentKind.PrivacyPolicy, version: registration.consent.privacyPolicyVersion }];
        if (registration.consent.chinaTransferVersion) consents.push({ companyId: company.id, kind: ConsentKind.ChinaTransfer, version: registration.consent.chinaTransferVersion });
        await manager.getRepository(CompanyConsent).insert(consents);
        await this.notices.queue(manager, company);
        await this.audit.record(manager, {
          action: 'company.imported',
          subjectType: 'company',
          subjectId: company.id,
          actor,
          after: { status: company.status, legalName: company.legalName, cityId: company.cityId, transferBasis: company.transferBasis, listingLegalBasis: legalBasis },
        });
        return { row: line, outcome: 'created' as const, companyId: company.id, legalName: company.legalName };
      });
    } catch (error) {
      const details = (error as { getResponse?: () => { errors?: FieldError[]; message?: string } }).getResponse?.();
      if (!details) throw error;
      return { row: line, outcome: 'refused', legalName: registration.legalName, errors: details.errors ?? [{ field: 'row', message: String(details.message) }] };
    }
  }

  private async recordProgress(importId: string, result: ImportRowResult): Promise<void> {
    await this.dataSource.query(
      `UPDATE company_imports
          SET processed_rows = processed_rows + 1,
              created_rows = created_rows + $2,
              refused_rows = refused_rows + $3,
              results = results || $4::jsonb
        WHERE id = $1`,
      [importId, result.outcome === 'created' ? 1 : 0, result.outcome === 'refused' ? 1 : 0, JSON.stringify([result])],
    );
  }
}

/** Erasure: an import's report keeps the row and the id of the erased company, not its name. */
export async function eraseCompanyFromImports(manager: EntityManager, companyId: string): Promise<void> {
  await manager.query(
    `UPDATE company_imports
        SET results = (SELECT jsonb_agg(CASE WHEN result->>'companyId' = $1 THEN result - 'legalName' ELSE result END ORDER BY position)
                         FROM jsonb_array_elements(results) WITH ORDINALITY AS entry(result, position))
      WHERE results @> jsonb_build_array(jsonb_build_object('companyId', $1::text))`,
    [companyId],
  );
}
