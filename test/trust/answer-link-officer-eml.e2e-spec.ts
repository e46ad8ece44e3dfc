import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { OutboxMessage } from '../../src/mail/outbox-message.entity';
import { MatchRequest } from '../../src/match-requests/match-request.entity';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';
import { createTestWorker, eventually } from '../utils/test-worker';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
// Quoted-printable may break a long line with "=" + CRLF: the link is looked for in the unfolded message.
const unfolded = (eml: string) => eml.replace(/=\r?\n/g, '');
const ANSWER_LINK = /\/respond\/[A-Za-z0-9_-]{43}/;

/**
 * Without SMTP the worker writes each email as an .eml file: that file holds the answer link (it is the developer's
 * mailbox), but the officers' download shows the introduction with the link withheld, before and after the answer.
 */
describe('Answer links in the officers’ .eml download (e2e, emails as files)', () => {
  let app: NestExpressApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let officerAuth: { authorization: string };

  beforeAll(async () => {
    delete process.env.SMTP_URL;
    process.env.OUTBOX_SWEEP_MS = '300';
    app = await createTestApp();
    worker = await createTestWorker();
    dataSource = app.get(DataSource);
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, (await createStaffUser(app)).email)}` };
    const foshan = await dataSource.getRepository(City).findOneByOrFail({ slug: 'foshan' });
    await dataSource.getRepository(OfficeContact).save({ cityId: foshan.id, officeName: 'Foshan Investment Promotion', email: `invest.${unique()}@foshan.example`, preferredLanguage: 'zh', introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  const http = () => request(app.getHttpServer());

  it('withholds the answer link of an introduction from the officer, and keeps it in the written file', async () => {
    const requester = await createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner' } });
    const partner = await createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution' }, languages: ['zh', 'en'], preferredLanguage: 'zh', contact: { name: '李伟', email: `li.wei.${unique()}@foshan.example` } }, 'foshan');
    const { id: requestId } = (await http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: partner.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner.' }).expect(201)).body;
    await http().post(`/api/officer/match-requests/${requestId}/approve`).set(officerAuth).send({}).expect(201);
    const introduction = await eventually(
      () => dataSource.getRepository(OutboxMessage).createQueryBuilder('message').where(`message.template = 'match_introduction' AND message.payload->>'matchRequestId' = :requestId`, { requestId }).getOne(),
      (row) => row?.status === 'sent',
    );
    await eventually(() => dataSource.getRepository(MatchRequest).findOneByOrFail({ id: requestId }), (row) => row.status === 'introduced');

    const written = unfolded(await readFile(join(process.env.MAIL_DIRECTORY!, `${introduction!.id}.eml`), 'utf8'));
    const link = ANSWER_LINK.exec(written)?.[0];
    expect(link).toBeDefined();
    await http().get(`${link}?lang=en`).expect(200);

    const shown = await http().get(`/api/officer/emails/${introduction!.id}/eml`).set(officerAuth).expect(200);
    const download = unfolded(shown.body instanceof Buffer ? shown.body.toString('utf8') : shown.text);
    expect(download.toLowerCase()).toContain(`x-isa-match-outbox-id: ${introduction!.id}`);
    expect(download).not.toMatch(ANSWER_LINK);
    expect(download).not.toContain(link!.split('/').pop()!);
    expect(download).toMatch(/X-ISA-Match-Link: withheld/i);

    // The stored payload names the link, never the token.
    expect(JSON.stringify(introduction!.payload)).not.toContain(link!.split('/').pop()!);

    // Once answered, the download still withholds the link and still answers.
    await http().post(`${link}?lang=en`).type('form').send({ decision: 'decline', reason: 'Not this year.' }).expect(200);
    const afterAnswer = await http().get(`/api/officer/emails/${introduction!.id}/eml`).set(officerAuth).expect(200);
    expect(unfolded(afterAnswer.body instanceof Buffer ? afterAnswer.body.toString('utf8') : afterAnswer.text)).not.toMatch(ANSWER_LINK);
  });

  it('shows other emails exactly as written', async () => {
    const requester = await createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner' } });
    const partner = await createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution' }, contact: { name: 'Wang Fang', email: `wang.${unique()}@foshan.example` } }, 'foshan');
    const { id: requestId } = (await http().post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: partner.id, purpose: 'distribution', message: 'Wir suchen einen Vertriebspartner.' }).expect(201)).body;
    await http().post(`/api/officer/match-requests/${requestId}/approve`).set(officerAuth).send({}).expect(201);
    const approved = await eventually(
      () => dataSource.getRepository(OutboxMessage).createQueryBuilder('message').where(`message.template = 'match_request_approved' AND message.payload->>'matchRequestId' = :requestId`, { requestId }).getOne(),
      (row) => row?.status === 'sent',
    );
    const written = await readFile(join(process.env.MAIL_DIRECTORY!, `${approved!.id}.eml`));
    const shown = await http().get(`/api/officer/emails/${approved!.id}/eml`).set(officerAuth).expect(200);
    expect(Buffer.from(shown.body instanceof Buffer ? shown.body : shown.text).equals(written)).toBe(true);
  });
});
