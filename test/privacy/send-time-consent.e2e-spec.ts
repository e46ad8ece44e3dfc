import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor } from '../utils/http-client';
import { SmtpCapture } from '../utils/smtp-capture';
import { createTestApp } from '../utils/test-app';
import { createTestWorker, eventually } from '../utils/test-worker';

const FOSHAN_OFFICE = 'invest@foshan.example';

describe('The China-transfer consent is checked again when an email goes out (e2e, real SMTP)', () => {
  const smtp = new SmtpCapture();
  let app: NestExpressApplication;
  let worker: INestApplicationContext | undefined;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };

  beforeAll(async () => {
    process.env.SMTP_URL = await smtp.start();
    Object.assign(process.env, { MAIL_RETRY_DELAY_MS: '100', OUTBOX_SWEEP_MS: '300' });
    app = await createTestApp();
    dataSource = app.get(DataSource);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, (await createStaffUser(app)).email)}` };
    const foshan = await dataSource.getRepository(City).findOneByOrFail({ slug: 'foshan' });
    await dataSource.getRepository(OfficeContact).save({ cityId: foshan.id, officeName: 'Foshan Investment Promotion', email: FOSHAN_OFFICE, preferredLanguage: 'zh', introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await smtp.stop();
    delete process.env.SMTP_URL;
  });

  const http = () => request(app.getHttpServer());

  it('cancels a queued introduction to Foshan whose consent is no longer current, and sends nothing to the partner or its office', async () => {
    const requester = await createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Distribution partner for sensors' }, targetMarkets: { countries: ['CN'], regions: [], cities: [] } });
    const partner = await createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution of sensors' }, languages: ['zh', 'en'], preferredLanguage: 'zh' }, 'foshan');
    const { id } = (
      await http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: partner.id, purpose: 'distribution', message: 'Pressure sensors for South China.' }).expect(201)
    ).body;
    // No worker runs yet: the introduction waits in the outbox.
    await http().post(`/api/officer/match-requests/${id}/approve`).set(officerAuth).send({}).expect(201);
    const [queued] = await dataSource.query(`SELECT id, status FROM outbox_messages WHERE template = 'match_introduction' AND payload->>'matchRequestId' = $1`, [id]);
    expect(queued.status).toBe('pending');

    // A new version of the consent text, without any closing step: the consent given is no longer current.
    await dataSource.query(`UPDATE company_consents SET version = '2020-01' WHERE company_id = $1 AND kind = 'china_transfer'`, [requester.id]);
    worker = await createTestWorker();

    const [cancelled] = await eventually(
      () => dataSource.query(`SELECT status, cancelled_at, cancel_reason, handed_over_at FROM outbox_messages WHERE id = $1`, [queued.id]),
      ([row]) => row.status !== 'pending' && row.status !== 'sending',
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', handed_over_at: null });
    expect(cancelled.cancelled_at).not.toBeNull();
    expect(cancelled.cancel_reason).toContain('no current consent to sharing its data with organisations in China');
    // The requester's own email about the approval goes out: the worker has run.
    await smtp.waitFor((mail) => mail.envelopeTo.includes(requester.contactEmail!));
    expect(smtp.to(partner.contactEmail!)).toEqual([]);
    expect(smtp.to(FOSHAN_OFFICE)).toEqual([]);
    // Officers still see it, with the reason.
    const shown = await http().get(`/api/officer/emails/${queued.id}`).set(officerAuth).expect(200);
    expect(JSON.stringify(shown.body)).toContain('cancelled');
    expect(JSON.stringify(shown.body)).toContain('no current consent to sharing its data with organisations in China');
  });
});
