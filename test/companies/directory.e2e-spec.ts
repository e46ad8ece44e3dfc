import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Company } from '../../src/companies/company.entity';
import { CooperationType, OrganisationType } from '../../src/companies/cooperation-type';
import { createActiveCompany } from '../factories/company.factory';
import { createTestApp } from '../utils/test-app';

describe('Company directory: search, filters, anonymity (e2e)', () => {
  let app: NestExpressApplication;
  let sensors: Company;
  let robots: Company;
  let anonymousFoundry: Company;
  let research: Company;

  beforeAll(async () => {
    app = await createTestApp();
    sensors = await createActiveCompany(app, {
      legalName: 'Hartmann Sensorik GmbH',
      description: 'Wir entwickeln Drucksensoren für Werkzeugmaschinen.',
      sectors: ['26.51'],
      offers: { types: [CooperationType.TechnologyLicensing], text: 'Lizenzen für Sensortechnik' },
      seeks: { types: [CooperationType.Distribution], text: 'Vertriebspartner in China' },
      languages: ['de', 'en'],
    });
    robots = await createActiveCompany(
      app,
      {
        legalName: '佛山智能装备有限公司',
        description: '我们生产工业机器人和数控机床。',
        sectors: ['28.41'],
        offers: { types: [CooperationType.Manufacturing, CooperationType.Distribution], text: 'Industrial robots for European customers' },
        seeks: { types: [CooperationType.TechnologyLicensing], text: '寻找德国传感器技术' },
        keywords: ['机器人', 'robotics'],
        languages: ['zh', 'en'],
        preferredLanguage: 'zh',
        address: { street: '季华路 1号', postcode: '528000', municipality: 'Foshan' },
      },
      'foshan',
    );
    anonymousFoundry = await createActiveCompany(
      app,
      {
        legalName: 'Geheime Giesserei AG',
        website: 'https://geheim.example',
        description: 'Aluminium castings for the automotive industry.',
        sectors: ['24.53'],
        offers: { types: [CooperationType.Supplier], text: 'Aluminium die casting' },
        seeks: { types: [CooperationType.JointVenture], text: 'Joint venture in Guangdong' },
        anonymous: true,
        languages: ['de', 'en'],
      },
      'region-schwarzwald',
    );
    research = await createActiveCompany(
      app,
      {
        legalName: 'Institut für Lasertechnik',
        organisationType: OrganisationType.ResearchInstitution,
        description: 'Applied research on laser machining.',
        sectors: ['M'],
        offers: { types: [CooperationType.ResearchCooperation], text: 'Joint research projects' },
        seeks: { types: [CooperationType.ResearchCooperation], text: 'Partner universities' },
        size: { staffHeadcount: 400 },
        languages: ['de', 'en'],
      },
      'aachen',
    );
    await createActiveCompany(app, { legalName: 'Paused Maschinenbau GmbH', description: 'Werkzeugmaschinen' }).then((paused) =>
      app.get(DataSource).getRepository(Company).update(paused.id, { status: 'paused' as Company['status'] }),
    );
  });

  afterAll(async () => {
    await app.close();
  });

  const search = async (query: string) => (await request(app.getHttpServer()).get(`/api/companies?${query}`).expect(200)).body;
  const ids = async (query: string) => (await search(query)).items.map((item: { id: string }) => item.id);

  it('finds German text by stemmed words and English text by English words', async () => {
    expect(await ids('q=Werkzeugmaschine')).toEqual([sensors.id]);
    expect(await ids('q=robot')).toEqual([robots.id]);
    expect(await ids('q=casting')).toEqual([anonymousFoundry.id]);
  });

  it('finds Chinese text by its characters and by pinyin without tones', async () => {
    expect(await ids(`q=${encodeURIComponent('机器人')}`)).toEqual([robots.id]);
    expect(await ids(`q=${encodeURIComponent('数控机床')}`)).toEqual([robots.id]);
    expect(await ids('q=jiqiren')).toEqual([robots.id]);
    expect(await ids('q=shu%20kong%20ji%20chuang')).toEqual([robots.id]);
    expect(await ids(`q=${encodeURIComponent('机器狗')}`)).toEqual([]);
  });

  it('never lists paused profiles nor shows contact data', async () => {
    const all = await search('pageSize=100');
    expect(all.items.map((item: { name: string }) => item.name)).not.toContain('Paused Maschinenbau GmbH');
    expect(all.total).toBe(4);
    expect(JSON.stringify(all)).not.toMatch(/julia\.|contact|@hartmann/);
  });

  it('hides the name and website of an anonymous profile, and does not find it by its name', async () => {
    const listed = (await search('q=casting')).items[0];
    expect(listed).toMatchObject({ id: anonymousFoundry.id, anonymous: true, name: null, website: null, city: { slug: 'region-schwarzwald' } });
    expect(await ids('q=Geheime')).toEqual([]);
    const profile = await request(app.getHttpServer()).get(`/api/companies/${anonymousFoundry.id}`).expect(200);
    expect(profile.body.name).toBeNull();
    expect(JSON.stringify(profile.body)).not.toContain('Geheime');
  });

  it('filters by NACE: a section or division matches its groups and classes', async () => {
    expect(await ids('nace=28')).toEqual([robots.id]);
    expect(await ids('nace=28.4')).toEqual([robots.id]);
    expect(await ids('nace=28.41')).toEqual([robots.id]);
    expect(await ids('nace=28.49')).toEqual([]);
    expect((await ids('nace=C')).sort()).toEqual([sensors.id, robots.id, anonymousFoundry.id].sort());
    expect(await ids('nace=M')).toEqual([research.id]);
  });

  it('filters by city, country, province, cooperation type, SME class and language', async () => {
    expect(await ids('city=foshan')).toEqual([robots.id]);
    expect(await ids('country=CN')).toEqual([robots.id]);
    expect(await ids('region=CN-GD')).toEqual([robots.id]);
    expect((await ids('offers=distribution')).sort()).toEqual([robots.id]);
    expect(await ids('seeks=research_cooperation')).toEqual([research.id]);
    expect(await ids('smeClass=large')).toEqual([research.id]);
    expect(await ids('language=zh')).toEqual([robots.id]);
    expect(await ids('country=DE&seeks=distribution')).toEqual([sensors.id]);
  });

  it('combines a text search with every filter', async () => {
    expect(await ids('q=Roboter&nace=28')).toEqual([robots.id]);
    expect(await ids('q=Roboter&language=zh')).toEqual([robots.id]);
    expect(await ids('q=Roboter&offers=distribution&seeks=technology_licensing&city=foshan&country=CN&region=CN-GD')).toEqual(await ids('q=Roboter&city=foshan'));
    expect(await ids('q=Roboter&nace=M')).toEqual([]);
    expect(await ids('q=Roboter&smeClass=large')).toEqual([]);
  });

  it('pages stably', async () => {
    const first = await search('pageSize=2&page=1');
    const second = await search('pageSize=2&page=2');
    expect(first.items).toHaveLength(2);
    expect(second.items).toHaveLength(2);
    const seen = [...first.items, ...second.items].map((item: { id: string }) => item.id);
    expect(new Set(seen).size).toBe(4);
    expect((await search('pageSize=2&page=1')).items.map((item: { id: string }) => item.id)).toEqual(first.items.map((item: { id: string }) => item.id));
  });

  it('treats SQL and LIKE wildcards in the query as text', async () => {
    expect(await ids(`q=${encodeURIComponent("%' OR 1=1 --")}`)).toEqual([]);
    expect(await ids('q=%25%25%25%25')).toEqual([]);
  });

  it('rejects bad filters naming the field', async () => {
    const response = await request(app.getHttpServer()).get('/api/companies?nace=99.999&smeClass=huge&pageSize=1000&country=FR').expect(400);
    expect([...new Set(response.body.errors.map((error: { field: string }) => error.field))].sort()).toEqual(['country', 'nace', 'pageSize', 'smeClass']);
  });

  it('answers 404 for unknown or inactive profiles and 400 for malformed ids', async () => {
    await request(app.getHttpServer()).get('/api/companies/00000000-0000-4000-8000-000000000000').expect(404);
    await request(app.getHttpServer()).get('/api/companies/not-a-uuid').expect(400);
  });
});
