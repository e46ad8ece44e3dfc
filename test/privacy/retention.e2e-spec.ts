import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CompanyMaintenanceService } from '../../src/companies/company-maintenance.service';
import { Company } from '../../src/companies/company.entity';
import { CooperationType } from '../../src/companies/cooperation-type';
import { createActiveCompany } from '../factories/company.factory';
import { companyAuth } from '../utils/company-session';
import { createTestApp } from '../utils/test-app';

const MESSAGE = 'We make pressure sensors and look for a distribution partner in South China.';

describe('Retention schedule of the hourly maintenance job (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  const sme = () => createActiveCompany(app, { seeks: { types: [CooperationType.Distribution], text: 'Distribution partner for sensors' } });
  const partner = () => createActiveCompany(app, { offers: { types: [CooperationType.Distribution], text: 'Distribution of sensors' } }, 'foshan');

  async function requestBetween(requester: Company, target: Company): Promise<string> {
    const created = await request(app.getHttpServer()).post('/api/match-requests').set(await companyAuth(app, requester.id)).send({ targetCompanyId: target.id, purpose: 'distribution', message: MESSAGE }).expect(201);
    return created.body.id;
  }

  async function endedDaysAgo(id: string, status: string, days: number): Promise<void> {
    await dataSource.query(
      `UPDATE match_requests SET status = $2, introduced_at = now() - make_interval(days => $3 + 30), respond_by = now() - make_interval(days => $3 + 9),
              closed_at = now() - make_interval(days => $3), decline_reason = 'Kein Bedarf, Grüße von Wang Fang', officer_note = 'Bekannt seit Jahren'
        WHERE id = $1`,
      [id, status, days],
    );
  }

  it('blanks the words of long-ended requests, purges old emails with their files and old sessions, and keeps the rest', async () => {
    const requester = await sme();
    const [oldEnded, recentEnded, open] = [await requestBetween(requester, await partner()), await requestBetween(requester, await partner()), await requestBetween(requester, await partner())];
    await endedDaysAgo(oldEnded, 'declined', 731);
    await endedDaysAgo(recentEnded, 'declined', 10);

    const insertEmail = async (status: string, daysAgo: number): Promise<string> =>
      (
        await dataSource.query(`INSERT INTO outbox_messages (template, language, recipient, status, created_at) VALUES ('company_approved', 'de', 'old@example.org', $1, now() - make_interval(days => $2)) RETURNING id`, [
          status,
          daysAgo,
        ])
      )[0].id;
    const [oldSent, oldPending, recentSent] = [await insertEmail('sent', 366), await insertEmail('pending', 366), await insertEmail('sent', 10)];
    const directory = resolve(app.get(ConfigService).getOrThrow<string>('MAIL_DIRECTORY'));
    await mkdir(directory, { recursive: true });
    const oldFile = join(directory, `${oldSent}.eml`);
    await writeFile(oldFile, 'To: old@example.org\r\n\r\nHallo');

    await companyAuth(app, requester.id);
    await dataSource.query(`UPDATE sessions SET expires_at = now() - interval '91 days', ip_address = '203.0.113.9' WHERE company_id = $1`, [requester.id]);
    await companyAuth(app, requester.id);

    const report = await app.get(CompanyMaintenanceService).run();
    expect(report.blankedRequests).toBeGreaterThanOrEqual(1);
    expect(report.purgedEmails).toBeGreaterThanOrEqual(1);
    expect(report.purgedSessions).toBeGreaterThanOrEqual(1);

    const requests = await dataSource.query(`SELECT id, message, decline_reason, officer_note, status FROM match_requests WHERE id = ANY($1::uuid[])`, [[oldEnded, recentEnded, open]]);
    const byId = new Map(requests.map((row: { id: string }) => [row.id, row]));
    expect(byId.get(oldEnded)).toMatchObject({ message: '—', decline_reason: null, officer_note: null, status: 'declined' });
    expect(byId.get(recentEnded)).toMatchObject({ message: MESSAGE, decline_reason: 'Kein Bedarf, Grüße von Wang Fang' });
    expect(byId.get(open)).toMatchObject({ message: MESSAGE, status: 'pending_review' });

    const emails = (await dataSource.query(`SELECT id FROM outbox_messages WHERE id = ANY($1::uuid[])`, [[oldSent, oldPending, recentSent]])).map((row: { id: string }) => row.id);
    expect(emails.sort()).toEqual([oldPending, recentSent].sort());
    await expect(access(oldFile)).rejects.toThrow();

    const sessions = await dataSource.query(`SELECT ip_address FROM sessions WHERE company_id = $1`, [requester.id]);
    expect(sessions).toHaveLength(1);
    expect(sessions[0].ip_address).toBeNull();

    // A second run finds nothing more to do.
    const again = await app.get(CompanyMaintenanceService).run();
    expect(again).toMatchObject({ blankedRequests: 0, purgedEmails: 0, purgedSessions: 0 });
  });
  it('forgets the contact person of a long-connected introduction and the addresses of long-closed address changes', async () => {
    const requester = await sme();
    const [oldConnected, recentConnected] = [await requestBetween(requester, await partner()), await requestBetween(requester, await partner())];
    for (const [id, days] of [
      [oldConnected, 731],
      [recentConnected, 10],
    ] as const) {
      await endedDaysAgo(id, 'connected', days);
      await dataSource.query(
        `UPDATE match_requests SET responded_at = closed_at, partner_contact_name = 'Wang Fang', partner_contact_role = 'Vertrieb', partner_contact_email = $2, partner_contact_phone = '+86 757 8000 0000' WHERE id = $1`,
        [id, `wang.${id.slice(0, 8)}@partner.example`],
      );
    }
    const change = (email: string, daysAgo: number, closed: 'confirmed_at' | 'cancelled_at' | null) =>
      dataSource.query(
        `INSERT INTO company_email_changes (company_id, new_email, token_hash, created_at, expires_at${closed ? `, ${closed}` : ''})
         VALUES ($1, $2::text, encode(sha256(convert_to($2::text, 'UTF8')), 'hex'), now() - make_interval(days => $3), now() - make_interval(days => $3) + interval '2 days'${closed ? ', now() - make_interval(days => $3)' : ''})`,
        [requester.id, email, daysAgo],
      );
    await change('cancelled.long.ago@example.org', 400, 'cancelled_at');
    await change('lapsed.long.ago@example.org', 400, null);
    await change('cancelled.lately@example.org', 10, 'cancelled_at');

    await app.get(CompanyMaintenanceService).run();

    const contacts = await dataSource.query(
      `SELECT id, partner_contact_name, partner_contact_role, partner_contact_email, partner_contact_phone, status FROM match_requests WHERE id = ANY($1::uuid[])`,
      [[oldConnected, recentConnected]],
    );
    const byId = new Map(contacts.map((row: { id: string }) => [row.id, row]));
    expect(byId.get(oldConnected)).toMatchObject({ partner_contact_name: null, partner_contact_role: null, partner_contact_email: null, partner_contact_phone: null, status: 'connected' });
    expect(byId.get(recentConnected)).toMatchObject({ partner_contact_name: 'Wang Fang', partner_contact_phone: '+86 757 8000 0000' });
    const changes = await dataSource.query(`SELECT new_email FROM company_email_changes WHERE company_id = $1 ORDER BY new_email`, [requester.id]);
    expect(changes).toEqual([{ new_email: 'cancelled.lately@example.org' }]);
  });
});
