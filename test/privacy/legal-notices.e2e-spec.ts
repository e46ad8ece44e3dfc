import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { UserRole } from '../../src/common/principal';
import { createActiveCompany } from '../factories/company.factory';
import { createStaffUser } from '../factories/staff.factory';
import { companyAuth } from '../utils/company-session';
import { bearerTokenFor } from '../utils/http-client';
import { createTestApp } from '../utils/test-app';

const HOME_OFFICE_EMAIL = 'stefan.wolf@bad-homburg.de';

describe('Privacy notice, legal notice and accessibility statement (e2e)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let adminAuth: { authorization: string };
  let officerAuth: { authorization: string };

  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    const admin = await createStaffUser(app, { role: UserRole.Admin });
    const officer = await createStaffUser(app);
    adminAuth = { authorization: `Bearer ${await bearerTokenFor(app, admin.email)}` };
    officerAuth = { authorization: `Bearer ${await bearerTokenFor(app, officer.email)}` };
  });

  afterAll(async () => {
    await app?.close();
  });

  it('publishes the three notices in German, English and Chinese, built from the home city and its office, marked as drafts', async () => {
    const privacy = await http().get('/datenschutz?lang=de').expect(200);
    expect(privacy.headers['content-type']).toContain('text/html');
    for (const required of ['Entwurf', 'Bad Homburg', HOME_OFFICE_EMAIL, 'nach 30 Minuten ohne Aktivität', 'Rathausplatz 1', 'Art. 6 Abs. 1 lit. a', 'Art. 6 Abs. 1 lit. b', 'Art. 6 Abs. 1 lit. e', 'Art. 49 Abs. 1 lit. a', 'Hessische Beauftragte für Datenschutz und Informationsfreiheit', 'Speicherdauer', 'Widerspruch', 'Wirtschaftsförderungen der deutschen und chinesischen ISA-Mitgliedsstädte']) {
      expect({ required, found: privacy.text.includes(required) }).toEqual({ required, found: true });
    }
    const english = await http().get('/privacy?lang=en').expect(200);
    expect(english.text).toContain('Draft');
    expect(english.text).toContain('Hessian Commissioner for Data Protection and Freedom of Information');
    expect(english.text).toContain('Art. 49(1)(a) GDPR');
    const chinese = await http().get('/datenschutz?lang=zh').expect(200);
    expect(chinese.text).toContain('草稿');
    expect(chinese.text).toContain('第49条第1款a项');

    const imprint = await http().get('/impressum?lang=de').expect(200);
    for (const required of ['Impressum', 'Stadt Bad Homburg', 'Rathausplatz 1', HOME_OFFICE_EMAIL, '§ 18 Abs. 2 MStV', 'Entwurf']) expect({ required, found: imprint.text.includes(required) }).toEqual({ required, found: true });
    await http().get('/legal-notice?lang=en').expect(200).expect((response) => expect(response.text).toContain('Legal notice'));

    const accessibility = await http().get('/barrierefreiheit?lang=de').expect(200);
    for (const required of ['BITV 2.0', 'Durchsetzungsverfahren', 'Feedback und Kontakt', HOME_OFFICE_EMAIL, 'Entwurf']) expect({ required, found: accessibility.text.includes(required) }).toEqual({ required, found: true });
    await http().get('/accessibility?lang=zh').expect(200).expect((response) => expect(response.text).toContain('无障碍声明'));
    expect((await http().get('/api/legal-notices/privacy').expect(200)).body).toMatchObject({ kind: 'privacy', draft: true, version: null, texts: { de: expect.stringContaining('Verantwortlicher'), en: expect.any(String), zh: expect.any(String) } });
  });

  it('links the notices from every page footer and the privacy notice from every consent', async () => {
    const company = await createActiveCompany(app);
    const pages = [
      await http().get('/').expect(200),
      await http().get('/directory').expect(200),
      await http().get('/companies/login').expect(200),
      await http().get('/companies/area').set(await companyAuth(app, company.id)).expect(200),
      await http().get('/officer').set(officerAuth).expect(200),
    ];
    for (const page of pages) {
      for (const href of ['href="/datenschutz"', 'href="/impressum"', 'href="/barrierefreiheit"']) expect(page.text).toContain(href);
    }
    const registration = await http().get('/register').expect(200);
    const form = registration.text.slice(registration.text.indexOf('<form'), registration.text.indexOf('</form>'));
    // The privacy-policy checkbox and the China-transfer consent each link to the notice.
    expect(form.match(/href="\/datenschutz"/g)).toHaveLength(2);
    // So does the China-transfer consent in the company area.
    const area = pages[3].text;
    const consent = area.slice(area.indexOf('id="china-transfer"'), area.indexOf('</form>', area.indexOf('id="china-transfer"')));
    expect(consent).toContain('href="/datenschutz"');
  });

  it('lets administrators edit drafts and publish them; the public page changes only on publication, and text stays text', async () => {
    const editable = (await http().get('/api/admin/legal-notices/imprint').set(adminAuth).expect(200)).body;
    expect(editable).toMatchObject({ current: { draft: true }, draft: null });
    await http().post('/api/admin/legal-notices/imprint/publish').set(adminAuth).expect(422);
    const invalid = await http().put('/api/admin/legal-notices/imprint/draft').set(adminAuth).send({ de: 'Text', en: '  ' }).expect(400);
    expect(JSON.stringify(invalid.body)).toMatch(/zh/);
    await http().put('/api/admin/legal-notices/nonsense/draft').set(adminAuth).send({ de: 'a', en: 'b', zh: 'c' }).expect(400);

    const texts = { de: '## Anbieter\n\nStadt Bad Homburg <script>alert(1)</script>\nRathausplatz 1', en: '## Provider\n\nCity of Bad Homburg', zh: '## 提供者\n\n巴特洪堡市' };
    await http().put('/api/admin/legal-notices/imprint/draft').set(adminAuth).send(texts).expect(200);
    expect((await http().get('/impressum?lang=de').expect(200)).text).toContain('Entwurf');

    const published = await http().post('/api/admin/legal-notices/imprint/publish').set(adminAuth).expect(200);
    expect(published.body).toMatchObject({ kind: 'imprint', draft: false, version: 1, publishedAt: expect.any(String) });
    const page = await http().get('/impressum?lang=de').expect(200);
    expect(page.text).not.toContain('Entwurf');
    expect(page.text).toContain('Fassung 1');
    expect(page.text).toContain('<h2>Anbieter</h2>');
    expect(page.text).toContain('&lt;script&gt;');
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect((await http().get('/api/admin/legal-notices/imprint').set(adminAuth).expect(200)).body.draft).toBeNull();
    await http().post('/api/admin/legal-notices/imprint/publish').set(adminAuth).expect(422);
    const audit: Array<{ action: string }> = await dataSource.query(`SELECT action FROM audit_entries WHERE subject_type = 'legal_notice' ORDER BY id`);
    expect(audit.map((entry) => entry.action)).toEqual(['legal_notice.draft_saved', 'legal_notice.published']);
  });

  it('refuses the editor to officers who are not administrators and to companies', async () => {
    const company = await createActiveCompany(app);
    await http().put('/api/admin/legal-notices/privacy/draft').set(officerAuth).send({ de: 'a', en: 'b', zh: 'c' }).expect(403);
    await http().post('/api/admin/legal-notices/privacy/publish').set(await companyAuth(app, company.id)).expect(403);
    await http().get('/officer/legal-notices').set(officerAuth).expect(403);
    await http().post('/officer/legal-notices/privacy').set(officerAuth).type('form').send({ de: 'a', en: 'b', zh: 'c' }).expect(403);
  });

  it('edits and publishes from the administrators’ pages', async () => {
    const list = await http().get('/officer/legal-notices').set(adminAuth).expect(200);
    expect(list.text).toContain('href="/officer/legal-notices/accessibility"');
    const editor = await http().get('/officer/legal-notices/accessibility?lang=de').set(adminAuth).expect(200);
    expect(editor.text).toContain('BITV 2.0');
    const refused = await http().post('/officer/legal-notices/accessibility?lang=de').set(adminAuth).type('form').send({ de: 'Text', en: '', zh: '文本' }).expect(422);
    expect(refused.text).toContain('aria-invalid="true"');
    await http().post('/officer/legal-notices/accessibility').set(adminAuth).type('form').send({ de: '## Barrierefreiheit\n\nNeu', en: 'New', zh: '新' }).expect(303);
    await http().post('/officer/legal-notices/accessibility/publish').set(adminAuth).expect(303);
    expect((await http().get('/barrierefreiheit?lang=de').expect(200)).text).toContain('Neu');
  });

  it('asks every company to confirm a newly published privacy notice at its next sign-in, and records when it did', async () => {
    const company = await createActiveCompany(app);
    const auth = await companyAuth(app, company.id);
    expect((await http().get('/companies/area?lang=en').set(auth).expect(200)).text).not.toContain('New privacy notice');

    const texts = { de: '## Verantwortlicher\n\nStadt Bad Homburg, neue Fassung', en: '## Controller\n\nCity of Bad Homburg, new version', zh: '## 控制者\n\n巴特洪堡市，新版本' };
    await http().put('/api/admin/legal-notices/privacy/draft').set(adminAuth).send(texts).expect(200);
    expect((await http().get('/companies/area?lang=en').set(auth).expect(200)).text).not.toContain('New privacy notice');
    await http().post('/api/admin/legal-notices/privacy/publish').set(adminAuth).expect(200);

    const step = await http().get('/companies/area?lang=en').set(auth).expect(200);
    expect(step.text).toContain('New privacy notice');
    expect(step.text).toContain('action="/companies/privacy-confirmation"');
    expect(step.text).not.toContain(company.contactEmail!);
    // Still asked until confirmed.
    expect((await http().get('/companies/area?lang=en').set(await companyAuth(app, company.id)).expect(200)).text).toContain('New privacy notice');

    const confirmed = await http().post('/companies/privacy-confirmation').set(auth).expect(303);
    expect(confirmed.headers.location).toBe('/companies/area?done=privacy-confirmed');
    const area = await http().get('/companies/area?lang=en').set(auth).expect(200);
    expect(area.text).not.toContain('New privacy notice');
    expect(area.text).toContain(company.contactEmail!);
    const consents: Array<{ version: string; given_at: Date; withdrawn_at: Date | null }> = await dataSource.query(
      `SELECT version, given_at, withdrawn_at FROM company_consents WHERE company_id = $1 AND kind = 'privacy_policy' AND withdrawn_at IS NULL`,
      [company.id],
    );
    expect(consents).toEqual([{ version: 'notice-1', given_at: expect.any(Date), withdrawn_at: null }]);
    // A company that accepted the privacy notice after this version was published (at registration) is not asked again.
    const registeredLater = await createActiveCompany(app);
    await dataSource.query(`INSERT INTO company_consents (company_id, kind, version) VALUES ($1, 'privacy_policy', '2026-11')`, [registeredLater.id]);
    expect((await http().get('/companies/area?lang=en').set(await companyAuth(app, registeredLater.id)).expect(200)).text).not.toContain('New privacy notice');
    // A second confirmation changes nothing.
    await http().post('/companies/privacy-confirmation').set(auth).expect(303);
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM company_consents WHERE company_id = $1 AND version = 'notice-1'`, [company.id]))[0].n).toBe(1);
  });
});
