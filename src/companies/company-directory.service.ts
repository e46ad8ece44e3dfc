import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { RequestContext } from '../common/request-context';
import { CompanyStatus } from './company-status';
import { Company } from './company.entity';
import { CrossBorderCheck } from './cross-border-check.service';
import { DirectoryQuery } from './dto/directory.query';
import { pinyinQuery, searchQueryText } from './search-text';

export interface DirectoryPage {
  companies: Company[];
  total: number;
}

// A pinyin match ranks below a word match: it is looser (substring of syllables).
const PINYIN_MATCH_RANK = 0.05;

/** The public directory: active, unexpired profiles, searched and filtered in PostgreSQL. */
@Injectable()
export class CompanyDirectoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly crossBorder: CrossBorderCheck,
  ) {}

  /**
   * A company or an officer on one side of the German-Chinese border does not see a profile of the other side
   * whose data may not cross (see cross-border-policy.ts); anonymous readers cannot be placed and see the public directory.
   */
  async search(query: DirectoryQuery): Promise<DirectoryPage> {
    const builder = this.dataSource
      .getRepository(Company)
      .createQueryBuilder('company')
      .innerJoinAndSelect('company.city', 'city')
      .where('company.status = :active AND company.expiresAt > now()', { active: CompanyStatus.Active });
    this.crossBorder.restrict(builder, 'company', 'city', await this.crossBorder.viewerCountry(RequestContext.principal()));
    this.applyFilters(builder, query);
    if (query.q) this.applyTextSearch(builder, query.q);
    else builder.orderBy('company.activatedAt', 'DESC');
    // The id breaks ties, so pages are stable between requests.
    builder.addOrderBy('company.id', 'ASC').offset((query.page - 1) * query.pageSize).limit(query.pageSize);
    const [companies, total] = await builder.getManyAndCount();
    return { companies, total };
  }

  async findPublic(companyId: string): Promise<Company | null> {
    const builder = this.dataSource
      .getRepository(Company)
      .createQueryBuilder('company')
      .innerJoinAndSelect('company.city', 'city')
      .where('company.id = :companyId AND company.status = :active AND company.expiresAt > now()', { companyId, active: CompanyStatus.Active });
    return this.crossBorder.restrict(builder, 'company', 'city', await this.crossBorder.viewerCountry(RequestContext.principal())).getOne();
  }

  private applyFilters(builder: SelectQueryBuilder<Company>, query: DirectoryQuery): void {
    if (query.city) builder.andWhere('city.slug = :city', { city: query.city });
    if (query.country) builder.andWhere('city.country = :country', { country: query.country });
    if (query.region) builder.andWhere('city.regionCode = :region', { region: query.region });
    if (query.nace) builder.andWhere('company.nacePaths @> ARRAY[:nace]::text[]', { nace: query.nace });
    if (query.offers) builder.andWhere('company.offersTypes @> ARRAY[:offers]::cooperation_type[]', { offers: query.offers });
    if (query.seeks) builder.andWhere('company.seeksTypes @> ARRAY[:seeks]::cooperation_type[]', { seeks: query.seeks });
    if (query.smeClass) builder.andWhere('company.smeClass = :smeClass', { smeClass: query.smeClass });
    if (query.language) builder.andWhere('company.languages @> ARRAY[:language]::text[]', { language: query.language });
  }

  /** German and English stemming, Chinese bigrams, and toneless pinyin; best matches first. */
  private applyTextSearch(builder: SelectQueryBuilder<Company>, text: string): void {
    // Not ":text": TypeORM would also replace it inside the "::text[]" casts of the filters.
    const tsquery = `(websearch_to_tsquery('german', :searchText) || websearch_to_tsquery('english', :searchText))`;
    const pinyin = pinyinQuery(text);
    const pinyinCondition = pinyin ? `company.search_pinyin LIKE :pinyin` : 'false';
    builder
      .andWhere(`(company.search_vector @@ ${tsquery} OR ${pinyinCondition})`, { searchText: searchQueryText(text), pinyin: `%${pinyin}%` })
      .addSelect(`ts_rank_cd(company.search_vector, ${tsquery}) + CASE WHEN ${pinyinCondition} THEN ${PINYIN_MATCH_RANK} ELSE 0 END`, 'relevance')
      .orderBy('relevance', 'DESC');
  }
}
