import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { CompanyStatus } from '../../src/companies/company-status';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { IntroductionProgressService } from '../../src/match-requests/introduction-progress.service';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { ResponseLinks } from '../../src/match-requests/response-links.service';
import { createActiveCompany, registrationBody } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor, clientAddress } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';

/** Races: several actors at once end in one consistent state, read back from the database. */
describe('Races (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, (await createStaffUser(app)).email)}` };
    const foshan = await dataSource.getRepository(City).findOneByOrFail({ slug: 'foshan' });
    await dataSource.getRepository(OfficeContact).save({ cityId: foshan.id, officeName: 'Foshan Investment Promotion', email: 'invest@foshan.example', preferredLanguage: 'zh', introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const pair = async () => [
    await createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner' } }),
    await createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution' }, languages: ['zh', 'en'], preferredLanguage: 'zh' }, 'foshan'),
  ];

  it('fifty parallel requests for the same pair make exactly one request', async () => {
    const [requester, target] = await pair();
    const auth = await companyAuth(app, requester.id);
    const body = { targetCompanyId: target.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner in Südchina.' };
    const responses = await Promise.all(Array.from({ length: 50 }, () => http().post('/api/match-requests').set(auth).set('x-forwarded-for', clientAddress()).send(body)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect([...new Set(statuses.filter((status) => status !== 201))]).toEqual([409]);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM match_requests WHERE requester_company_id = $1 AND target_company_id = $2`, [requester.id, target.id]);
    expect(count).toBe(1);
  });

  it('a partner clicking accept twice at once records one answer and one contact exchange', async () => {
    const [requester, target] = await pair();
    const { id } = (await http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner in Südchina.' }).expect(201)).body;
    await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(201);
    await app.get(IntroductionProgressService).markIntroduced(id);
    const linkId = await app.get(ResponseLinks).issue(dataSource.manager, await dataSource.getRepository(MatchRequest).findOneByOrFail({ id }));
    const token = new URL((await app.get(ResponseLinks).urlOf(linkId))!).pathname.split('/').pop()!;
    const accept = () => http().post(`/respond/${token}`).type('form').set('x-forwarded-for', clientAddress()).send({ decision: 'accept', contactName: target.contactName, contactEmail: target.contactEmail });
    const answers = await Promise.all([accept(), accept(), accept()]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const [{ status }] = await dataSource.query(`SELECT status FROM match_requests WHERE id = $1`, [id]);
    expect(status).toBe('accepted');
    const exchanges = await dataSource.query(`SELECT recipient FROM outbox_messages WHERE template = 'match_contact_exchange' AND payload->>'matchRequestId' = $1`, [id]);
    expect(exchanges).toHaveLength(2);
    const [{ accepted }] = await dataSource.query(`SELECT count(*)::int AS accepted FROM audit_entries WHERE subject_id = $1 AND action = 'match_request.accepted'`, [id]);
    expect(accepted).toBe(1);
  });

  it('a company editing its profile while an officer approves it keeps both the approval and the edit', async () => {
    const company = await createActiveCompany(app);
    await dataSource.getRepository(Company).update(company.id, { status: CompanyStatus.PendingReview, activatedAt: null, expiresAt: null });
    const edit = registrationBody({ legalName: company.legalName, contact: { name: company.contactName, email: company.contactEmail }, description: 'Neu beschrieben während der Prüfung.' });
    delete (edit as Record<string, unknown>).consent;
    const [edited, approved] = await Promise.all([
      http().put(`/api/companies/${company.id}/profile`).set(await companyAuth(app, company.id)).send(edit),
      http().post(`/api/officer/companies/${company.id}/approve`).set(officerAuth),
    ]);
    expect([edited.status, approved.status]).toEqual([200, 201]);
    const stored = await dataSource.getRepository(Company).findOneByOrFail({ id: company.id });
    expect(stored).toMatchObject({ status: 'active', description: 'Neu beschrieben während der Prüfung.' });
    expect(stored.expiresAt).not.toBeNull();
  });
});
