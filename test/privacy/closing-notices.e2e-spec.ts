import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { createActiveCompany } from '../factories/company.factory';
import { companyAuth } from '../utils/company-session';
import { SmtpCapture } from '../utils/smtp-capture';
import { createTestApp } from '../utils/test-app';
import { createTestWorker, eventually } from '../utils/test-worker';

const MESSAGE = 'Wir suchen einen Vertriebspartner für Drucksensoren in Südchina.';

describe('Notices of a request that ended (e2e, real SMTP)', () => {
  const smtp = new SmtpCapture();
  let app: NestExpressApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    process.env.SMTP_URL = await smtp.start();
    process.env.MAIL_RETRY_DELAY_MS = '100';
    process.env.MAIL_RETRY_ATTEMPTS = '3';
    process.env.OUTBOX_SWEEP_MS = '300';
    app = await createTestApp();
    worker = await createTestWorker();
    dataSource = app.get(DataSource);
    for (const [slug, language] of [
      ['bad-homburg', 'de'],
      ['foshan', 'zh'],
    ]) {
      const city = await dataSource.getRepository(City).findOneByOrFail({ slug });
      await dataSource.getRepository(OfficeContact).save({ cityId: city.id, officeName: `Office ${slug}`, email: `office@${slug}.example`, preferredLanguage: language, introductionRouting: IntroductionRouting.CompanyWithOfficeCc });
    }
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await smtp.stop();
  });

  it('tells the partner who had the introduction and both offices, each in its language, without the erased company’s name', async () => {
    const requester = await createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner' } });
    const partner = await createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution' }, languages: ['zh', 'en'], preferredLanguage: 'zh' }, 'foshan');
    const created = await request(app.getHttpServer()).post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: partner.id, purpose: 'distribution', message: MESSAGE }).expect(201);
    await dataSource.query(`UPDATE match_requests SET status = 'introduced', introduced_at = now(), respond_by = now() + interval '20 days' WHERE id = $1`, [created.body.id]);
    // The officers' notice of the new request goes out first, so that only the closing notices are awaited below.
    await eventually(() => dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE status = 'pending'`), (rows) => rows[0].n === 0);

    await request(app.getHttpServer()).delete(`/api/companies/${requester.id}`).set(await companyAuth(app, requester.id)).expect(204);

    const toPartner = await smtp.waitFor((mail) => mail.envelopeTo.includes(partner.contactEmail!));
    expect(toPartner.parsed.subject).toContain('引荐申请已终止');
    expect(toPartner.parsed.text).toContain('要求删除其数据');
    const toHomeOffice = await smtp.waitFor((mail) => mail.envelopeTo.includes('office@bad-homburg.example') && /beendet/.test(mail.parsed.subject ?? ''));
    expect(toHomeOffice.parsed.text).toContain('Löschung seiner Daten');
    await smtp.waitFor((mail) => mail.envelopeTo.includes('office@foshan.example') && /终止/.test(mail.parsed.subject ?? ''));
    for (const mail of smtp.messages) {
      if (!/beendet|终止/.test(mail.parsed.subject ?? '')) continue;
      expect(`${mail.parsed.subject} ${mail.parsed.text}`).not.toContain(requester.legalName);
      expect(mail.envelopeTo).not.toContain(requester.contactEmail);
    }
  });
});
