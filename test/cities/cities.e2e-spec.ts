import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createTestApp } from '../utils/test-app';

interface CityBody {
  slug: string;
  country: string;
  names: { de: string; en: string; zh: string | null };
  region: { code: string; names: { de: string; en: string; zh: string } };
  isHomeCity: boolean;
  municipalities: string[];
  officeContactStatus: string;
  officeContact: Record<string, unknown> | null;
}

describe('ISA member cities (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  const get = (path: string) => request(app.getHttpServer()).get(path);

  describe('GET /api/cities', () => {
    it('lists all 40 members: 19 in Germany and 21 in China from 12 provinces', async () => {
      const response = await get('/api/cities').expect(200);
      const cities = response.body as CityBody[];
      expect(cities).toHaveLength(40);
      const german = cities.filter((city) => city.country === 'DE');
      const chinese = cities.filter((city) => city.country === 'CN');
      expect(german).toHaveLength(19);
      expect(chinese).toHaveLength(21);
      expect(new Set(chinese.map((city) => city.region.code)).size).toBe(12);
      expect(new Set(cities.map((city) => city.slug)).size).toBe(40);
    });

    it('puts the home city first, marked as such, with the Bad Homburg office contact', async () => {
      const [first] = (await get('/api/cities').expect(200)).body as CityBody[];
      expect(first).toMatchObject({
        slug: 'bad-homburg',
        isHomeCity: true,
        names: { de: 'Bad Homburg v. d. Höhe' },
        region: { code: 'DE-HE', names: { de: 'Hessen' } },
        officeContactStatus: 'maintained',
        officeContact: {
          contactPerson: 'Stefan Wolf',
          email: 'stefan.wolf@bad-homburg.de',
          phone: '+49 6172 100-1320',
          preferredLanguage: 'de',
          introductionRouting: 'company_with_office_cc',
        },
      });
      expect(first.officeContact?.postalAddress).toContain('Rathausplatz 1');
    });

    it('shows members without an office contact as missing, not invented', async () => {
      const cities = (await get('/api/cities').expect(200)).body as CityBody[];
      const others = cities.filter((city) => city.slug !== 'bad-homburg');
      expect(others.every((city) => city.officeContactStatus === 'missing' && city.officeContact === null)).toBe(true);
    });

    it('gives every Chinese member its name in Chinese characters and its province', async () => {
      const cities = (await get('/api/cities?country=CN').expect(200)).body as CityBody[];
      expect(cities).toHaveLength(21);
      expect(cities.every((city) => city.country === 'CN' && /\p{Script=Han}/u.test(city.names.zh ?? ''))).toBe(true);
      const foshan = cities.find((city) => city.slug === 'foshan');
      expect(foshan).toMatchObject({ names: { zh: '佛山' }, region: { code: 'CN-GD', names: { en: 'Guangdong', zh: '广东省' } } });
      const guangdong = cities.filter((city) => city.region.code === 'CN-GD').map((city) => city.slug).sort();
      expect(guangdong).toEqual(['baoan-shenzhen', 'foshan', 'jiangmen', 'jieyang', 'maoming', 'nansha-guangzhou', 'shantou', 'zhaoqing']);
    });

    it('accepts the country filter in lower case', async () => {
      const cities = (await get('/api/cities?country=de').expect(200)).body as CityBody[];
      expect(cities).toHaveLength(19);
    });

    it('searches names in any language, towns and provinces', async () => {
      const slugs = async (q: string) => ((await get(`/api/cities?q=${encodeURIComponent(q)}`).expect(200)).body as CityBody[]).map((c) => c.slug);
      expect(await slugs('Cologne')).toEqual(['koeln']);
      expect(await slugs('佛山')).toEqual(['foshan']);
      expect(await slugs('Kelsterbach')).toEqual(['ruesselsheim-raunheim-kelsterbach']);
      expect(await slugs('Shunde')).toEqual(['foshan']);
      expect(await slugs('Gansu')).toEqual(['lanzhou']);
      expect((await slugs('Guangdong')).length).toBe(8);
      expect(await slugs('Atlantis')).toEqual([]);
    });

    it('treats LIKE wildcards in the search text as text', async () => {
      expect((await get('/api/cities?q=%25').expect(200)).body).toEqual([]);
      expect((await get('/api/cities?q=_').expect(200)).body).toEqual([]);
    });

    it('rejects an unknown country and unknown parameters, naming the field', async () => {
      const bad = await get('/api/cities?country=FR').expect(400);
      expect(bad.body.errors).toEqual([{ field: 'country', message: 'country must be DE or CN' }]);
      const unknown = await get('/api/cities?province=Guangdong').expect(400);
      expect(unknown.body.errors).toEqual([{ field: 'province', message: 'property province should not exist' }]);
      const tooLong = await get(`/api/cities?q=${'x'.repeat(101)}`).expect(400);
      expect(tooLong.body.errors[0].field).toBe('q');
    });
  });

  describe('GET /api/cities/:slug', () => {
    it('returns a member with the towns it covers', async () => {
      const response = await get('/api/cities/region-schwarzwald').expect(200);
      expect(response.body.municipalities).toEqual(expect.arrayContaining(['Lahr/Schwarzwald', 'Freiburg im Breisgau']));
      expect(response.body.region.code).toBe('DE-BW');
    });

    it('answers 404 for an unknown slug', async () => {
      const response = await get('/api/cities/atlantis').expect(404);
      expect(response.body.message).toContain('atlantis');
    });
  });

  describe('GET /api/cities/resolve', () => {
    const resolve = (municipality: string) => get(`/api/cities/resolve?municipality=${encodeURIComponent(municipality)}`);

    it.each([
      ['Kelsterbach', 'ruesselsheim-raunheim-kelsterbach', 'Kelsterbach'],
      ['freiburg im breisgau', 'region-schwarzwald', 'Freiburg im Breisgau'],
      ['Koeln', 'koeln', 'Köln'],
      ['KÖLN', 'koeln', 'Köln'],
      ['Grossenlueder', 'region-fulda', 'Großenlüder'],
      ['Fóshān', 'foshan', 'Foshan'],
      ['佛山市', 'foshan', '佛山'],
      ['Maanshan', 'maanshan', "Ma'anshan"],
      ['Bad Homburg vor der Hoehe', 'bad-homburg', 'Bad Homburg vor der Höhe'],
      ['Meerbusch', 'rhein-kreis-neuss', 'Meerbusch'],
    ])('finds the member for %s', async (input, slug, municipality) => {
      const response = await resolve(input).expect(200);
      expect(response.body).toMatchObject({ municipality, city: { slug } });
    });

    it('answers 404 with the nearest member municipalities when no member covers the town', async () => {
      const response = await resolve('Shenzhen').expect(404);
      expect(response.body).toMatchObject({ field: 'municipality', message: 'Shenzhen is not in any ISA member city.' });
      expect(response.body.nearestMatches.map((match: { citySlug: string }) => match.citySlug)).toContain('baoan-shenzhen');
    });

    it('suggests the right member for a misspelt town', async () => {
      const response = await resolve('Kelsterbch').expect(404);
      expect(response.body.nearestMatches[0]).toMatchObject({ municipality: 'Kelsterbach', citySlug: 'ruesselsheim-raunheim-kelsterbach' });
    });

    it('requires a municipality with at least one letter', async () => {
      expect((await get('/api/cities/resolve').expect(400)).body.errors[0].field).toBe('municipality');
      expect((await resolve('...').expect(400)).body.errors).toEqual([
        { field: 'municipality', message: 'municipality must contain at least one letter or digit' },
      ]);
    });
  });
});
