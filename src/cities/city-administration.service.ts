import { ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { City } from './city.entity';
import { CityMunicipality } from './city-municipality.entity';
import { CountryCode } from './country';
import { HomeCityService } from './home-city.service';
import { Officer } from './officer-scope';
import { CreateMemberCityDto, CreateRegionDto } from './dto/create-member-city.dto';
import { OfficeContactDto } from './dto/office-contact.dto';
import { OfficeContact } from './office-contact.entity';
import { placeKey } from './place-key';
import { Region } from './region.entity';

function contactSnapshot(contact: OfficeContact | null): Record<string, unknown> | null {
  if (!contact) return null;
  const { officeName, contactPerson, email, phone, postalAddress, preferredLanguage, introductionRouting, approvesIntroductions } = contact;
  return { officeName, contactPerson, email, phone, postalAddress, preferredLanguage, introductionRouting, approvesIntroductions };
}

/** Changes to the member list and the office contacts: data an admin or officer keeps, every change audited. */
@Injectable()
export class CityAdministrationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly homeCity: HomeCityService,
  ) {}

  /** Whether this officer may keep the office contact of the member city with this slug (unknown slugs: no). */
  async mayKeepOfficeContact(officer: Officer, city: { id: string }): Promise<boolean> {
    return (await this.homeCity.officerScope()).mayKeepOfficeContact(officer, city.id);
  }

  async saveOfficeContact(officer: Officer, slug: string, changes: OfficeContactDto): Promise<void> {
    const scope = await this.homeCity.officerScope();
    await this.dataSource.transaction(async (manager) => {
      const city = await this.lockCity(manager, slug);
      scope.requireOfficeContactOf(officer, city.id);
      const repository = manager.getRepository(OfficeContact);
      const before = await repository.findOneBy({ cityId: city.id });
      const contact = repository.create({
        ...changes,
        cityId: city.id,
        contactPerson: changes.contactPerson ?? null,
        phone: changes.phone ?? null,
        postalAddress: changes.postalAddress ?? null,
        approvesIntroductions: changes.approvesIntroductions ?? false,
      });
      await repository.save(contact);
      await this.audit.record(manager, {
        action: 'city.office_contact_saved',
        subjectType: 'city',
        subjectId: slug,
        before: contactSnapshot(before),
        after: contactSnapshot(contact),
      });
    });
  }

  async removeOfficeContact(officer: Officer, slug: string): Promise<void> {
    const scope = await this.homeCity.officerScope();
    await this.dataSource.transaction(async (manager) => {
      const city = await this.lockCity(manager, slug);
      scope.requireOfficeContactOf(officer, city.id);
      const before = await manager.getRepository(OfficeContact).findOneBy({ cityId: city.id });
      if (!before) throw new NotFoundException({ statusCode: 404, message: `${city.nameEn} has no office contact.` });
      await manager.getRepository(OfficeContact).delete({ cityId: city.id });
      await this.audit.record(manager, { action: 'city.office_contact_removed', subjectType: 'city', subjectId: slug, before: contactSnapshot(before) });
    });
  }

  async addRegion(region: CreateRegionDto): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (await manager.getRepository(Region).existsBy({ code: region.code })) {
        throw new ConflictException({ statusCode: 409, field: 'code', message: `The region ${region.code} exists already.` });
      }
      await manager.getRepository(Region).insert({ ...region, country: region.code.slice(0, 2) as CountryCode });
      await this.audit.record(manager, { action: 'region.added', subjectType: 'region', subjectId: region.code, after: { ...region } });
    });
  }

  async addMember(member: CreateMemberCityDto): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const region = await manager.getRepository(Region).findOneBy({ code: member.regionCode });
      if (!region) throw new UnprocessableEntityException({ statusCode: 422, field: 'regionCode', message: `Unknown region ${member.regionCode}; add it first.` });
      if (region.country === 'CN' && !member.nameZh) {
        throw new UnprocessableEntityException({ statusCode: 422, field: 'nameZh', message: 'A Chinese member needs its name in Chinese characters.' });
      }
      if (await manager.getRepository(City).existsBy({ slug: member.slug })) {
        throw new ConflictException({ statusCode: 409, field: 'slug', message: `A member with the slug ${member.slug} exists already.` });
      }
      const { identifiers } = await manager.getRepository(City).insert({
        slug: member.slug,
        nameDe: member.nameDe,
        nameEn: member.nameEn,
        nameZh: member.nameZh ?? null,
        country: region.country,
        regionCode: region.code,
      });
      const names = [member.nameDe, member.nameEn, ...(member.nameZh ? [member.nameZh] : []), ...member.municipalities];
      await this.insertMunicipalities(manager, identifiers[0].id as string, names);
      await this.audit.record(manager, { action: 'city.added', subjectType: 'city', subjectId: member.slug, after: { ...member } });
    });
  }

  async addMunicipalities(slug: string, names: string[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const city = await this.lockCity(manager, slug);
      const added = await this.insertMunicipalities(manager, city.id, names);
      await this.audit.record(manager, { action: 'city.municipalities_added', subjectType: 'city', subjectId: slug, after: { municipalities: added } });
    });
  }

  /** Adds names not yet known for this member; a name that belongs to another member is a conflict. */
  private async insertMunicipalities(manager: EntityManager, cityId: string, names: string[]): Promise<string[]> {
    const byKey = new Map(names.map((name) => [placeKey(name), name.trim()] as const).filter(([key]) => key !== ''));
    const existing = await manager
      .getRepository(CityMunicipality)
      .createQueryBuilder('municipality')
      .innerJoinAndSelect('municipality.city', 'city')
      .where('municipality.nameKey IN (:...keys)', { keys: [...byKey.keys(), ''] })
      .getMany();
    const taken = existing.find((municipality) => municipality.cityId !== cityId);
    if (taken) {
      throw new ConflictException({ statusCode: 409, field: 'municipalities', message: `${taken.name} belongs to ${taken.city.nameEn} already.` });
    }
    for (const municipality of existing) byKey.delete(municipality.nameKey);
    const rows = [...byKey].map(([nameKey, name]) => ({ cityId, name, nameKey }));
    if (rows.length > 0) await manager.getRepository(CityMunicipality).insert(rows);
    return rows.map((row) => row.name);
  }

  private async lockCity(manager: EntityManager, slug: string): Promise<City> {
    const city = await manager.getRepository(City).findOne({ where: { slug }, lock: { mode: 'pessimistic_write' } });
    if (!city) throw new NotFoundException({ statusCode: 404, message: `No member city has the slug "${slug}".` });
    return city;
  }
}
