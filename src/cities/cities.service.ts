import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { Environment } from '../config/environment';
import { City } from './city.entity';
import { CityMunicipality } from './city-municipality.entity';
import { CountryCode } from './country';
import { placeKey } from './place-key';

export interface CityFilter {
  country?: CountryCode;
  q?: string;
}

export interface NearestMatch {
  municipality: string;
  city: Pick<City, 'slug' | 'nameDe' | 'nameEn' | 'nameZh'>;
}

export type MunicipalityResolution =
  | { found: true; municipality: string; city: City }
  | { found: false; nearestMatches: NearestMatch[] };

const NEAREST_MATCH_LIMIT = 5;
const NEAREST_MATCH_MIN_SIMILARITY = 0.25;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

@Injectable()
export class CitiesService {
  constructor(
    @InjectRepository(City) private readonly cities: Repository<City>,
    @InjectRepository(CityMunicipality) private readonly municipalities: Repository<CityMunicipality>,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  get homeCitySlug(): string {
    return this.config.get('HOME_CITY', { infer: true });
  }

  /** Members in display order: the home city first, then Germany, then China, each by name. */
  async list(filter: CityFilter): Promise<City[]> {
    const query = this.withDetails(this.cities.createQueryBuilder('city'));
    if (filter.country) query.andWhere('city.country = :country', { country: filter.country });
    if (filter.q) this.whereMatches(query, filter.q);
    return query
      .orderBy('city.slug = :home', 'DESC')
      .setParameter('home', this.homeCitySlug)
      .addOrderBy('city.country', 'DESC')
      .addOrderBy('city.nameEn', 'ASC')
      .getMany();
  }

  findBySlug(slug: string): Promise<City | null> {
    return this.withDetails(this.cities.createQueryBuilder('city')).where('city.slug = :slug', { slug }).getOne();
  }

  /** Finds the member a town belongs to; when none does, the closest member municipality names. */
  async resolveMunicipality(name: string): Promise<MunicipalityResolution> {
    const key = placeKey(name);
    const match = await this.municipalities.findOne({ where: { nameKey: key }, select: { cityId: true, name: true } });
    if (match) {
      const city = await this.withDetails(this.cities.createQueryBuilder('city')).where('city.id = :id', { id: match.cityId }).getOneOrFail();
      return { found: true, municipality: match.name, city };
    }
    return { found: false, nearestMatches: await this.nearestMunicipalities(key) };
  }

  private async nearestMunicipalities(key: string): Promise<NearestMatch[]> {
    if (!key) return [];
    const rows: Array<{ name: string; slug: string; name_de: string; name_en: string; name_zh: string | null }> = await this.municipalities.query(
      `SELECT m.name, c.slug, c.name_de, c.name_en, c.name_zh, score
         FROM city_municipalities m
         JOIN cities c ON c.id = m.city_id
         CROSS JOIN LATERAL (SELECT greatest(similarity(m.name_key, $1), word_similarity($1, m.name_key)) AS score) s
        WHERE s.score >= $2 OR strpos(m.name_key, $1) > 0 OR strpos($1, m.name_key) > 0
        ORDER BY score DESC, m.name
        LIMIT $3`,
      [key, NEAREST_MATCH_MIN_SIMILARITY, NEAREST_MATCH_LIMIT],
    );
    return rows.map((row) => ({
      municipality: row.name,
      city: { slug: row.slug, nameDe: row.name_de, nameEn: row.name_en, nameZh: row.name_zh },
    }));
  }

  private withDetails(query: SelectQueryBuilder<City>): SelectQueryBuilder<City> {
    return query
      .innerJoinAndSelect('city.region', 'region')
      .leftJoinAndSelect('city.municipalities', 'municipality')
      .leftJoinAndSelect('city.officeContact', 'officeContact');
  }

  /** Free text against member and region names (as typed) and municipality names (as place keys). */
  private whereMatches(query: SelectQueryBuilder<City>, text: string): void {
    const pattern = `%${escapeLike(text)}%`;
    const key = placeKey(text);
    query.andWhere(
      new Brackets((any) => {
        any
          .where('city.nameDe ILIKE :pattern OR city.nameEn ILIKE :pattern OR city.nameZh ILIKE :pattern', { pattern })
          .orWhere('region.nameDe ILIKE :pattern OR region.nameEn ILIKE :pattern OR region.nameZh ILIKE :pattern OR region.code = upper(:typed)', { typed: text })
          .orWhere(`city.id IN (SELECT m.city_id FROM city_municipalities m WHERE :key <> '' AND strpos(m.name_key, :key) > 0)`, { key });
      }),
    );
  }
}
