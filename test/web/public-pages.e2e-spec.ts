import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createActiveCompany } from '../factories/company.factory';
import { createTestApp } from '../utils/test-app';

describe('Public pages (e2e, HTML)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  it('explains the platform in the browser’s language, and remembers a language chosen with the switch', async () => {
    const german = await http().get('/').set('accept-language', 'de-DE,de;q=0.9').expect(200);
    expect(german.headers['content-type']).toContain('text/html');
    expect(german.text).toContain('<html lang="de">');
    expect(german.text).toContain('Chinesisch-Deutschen Industriestädteallianz');
    expect(german.text).toContain('19 deutsche und 21 chinesische Mitgliedsstädte');
    const chinese = await http().get('/?lang=zh').set('accept-language', 'de-DE').expect(200);
    expect(chinese.text).toContain('<html lang="zh-Hans">');
    expect(chinese.text).toContain('中德工业城市联盟');
    const cookie = ([] as string[]).concat(chinese.headers['set-cookie']).find((value) => value.startsWith('isa_lang=zh'))!.split(';')[0];
    expect((await http().get('/cities').set('cookie', cookie).set('accept-language', 'en').expect(200)).text).toContain('ISA 成员城市');
  });

  it('lists the member cities by country and province', async () => {
    const page = await http().get('/cities?lang=en').expect(200);
    expect(page.text).toContain('Guangdong');
    expect(page.text).toContain('Foshan');
    expect(page.text).toContain('Bad Homburg v. d. Höhe');
    expect(page.text).toContain('21 members');
  });

  it('searches the directory and shows a profile without contact details; an anonymous one without its name', async () => {
    const visible = await createActiveCompany(app, { legalName: 'Präzisionsmechanik Taunus GmbH', offers: { types: ['manufacturing'], text: 'Feinmechanik und <b>Präzisionsteile</b>' } });
    const anonymous = await createActiveCompany(app, { legalName: 'Geheim AG', anonymous: true, offers: { types: ['manufacturing'], text: 'Feinmechanik für Medizintechnik' } });
    const results = await http().get('/directory?q=Feinmechanik&lang=de').expect(200);
    expect(results.text).toContain('Präzisionsmechanik Taunus GmbH');
    expect(results.text).toContain('&lt;b&gt;Präzisionsteile&lt;/b&gt;');
    expect(results.text).not.toContain('Geheim AG');
    expect(results.text).toContain('Anonymes Profil');
    const profile = await http().get(`/directory/${visible.id}?lang=en`).expect(200);
    expect(profile.text).toContain('Präzisionsmechanik Taunus GmbH');
    expect(profile.text).not.toContain(visible.contactEmail!);
    expect((await http().get(`/directory/${anonymous.id}`).expect(200)).text).not.toContain('Geheim AG');
  });

  it('answers a missing page with a page, in the reader’s language', async () => {
    const missing = await http().get('/directory/6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab').set('accept-language', 'zh-CN').expect(404);
    expect(missing.text).toContain('此页面不存在。');
  });
});
