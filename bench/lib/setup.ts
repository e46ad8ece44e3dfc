import { DataSource } from 'typeorm';
import { hashPassword } from '../../src/auth/password-hasher';
import { generateSecretToken, hashSecretToken } from '../../src/auth/secret-token';
import { PrincipalType, Session } from '../../src/auth/session.entity';
import { OfficerNotificationMode, User } from '../../src/auth/user.entity';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { UserRole } from '../../src/common/principal';
import { HttpClient } from './http';

const SESSION_HOURS = 12;

/** Company sessions written the way SessionService.create writes them (the login-link flow is not what is measured). */
export async function companySessions(dataSource: DataSource, companyIds: string[]): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const companyId of companyIds) {
    const token = generateSecretToken();
    await dataSource.getRepository(Session).insert({
      tokenHash: hashSecretToken(token),
      principalType: PrincipalType.Company,
      userId: null,
      companyId,
      expiresAt: new Date(Date.now() + SESSION_HOURS * 3_600_000),
      userAgent: 'isa-match-bench',
      ipAddress: null,
    });
    tokens.set(companyId, token);
  }
  return tokens;
}

/**
 * An officer of the home city, written like test/factories/staff.factory.ts does, who has turned email notifications
 * off (so the benchmark's own requests cause no officer emails), signed in once through POST /api/auth/tokens.
 */
export async function officerToken(dataSource: DataSource, http: HttpClient, homeCity: string): Promise<string> {
  const city = await dataSource.getRepository(City).findOneByOrFail({ slug: homeCity });
  const password = generateSecretToken();
  const email = `bench-officer-${Date.now()}@bad-homburg.example`;
  await dataSource.getRepository(User).save(
    dataSource.getRepository(User).create({
      email,
      displayName: 'Benchmark Officer',
      role: UserRole.Officer,
      cityId: city.id,
      passwordHash: await hashPassword(password),
      notificationMode: OfficerNotificationMode.Off,
    }),
  );
  const { token } = await http.json<{ token: string }>('POST', '/api/auth/tokens', {}, { email, password });
  return token;
}

/**
 * Every member city gets an economic development office contact, as officers enter them
 * (PUT /api/officer/cities/:slug/office-contact): introductions to a city without one are refused.
 * Most offices want the introduction sent to the company with them in copy; every fifth forwards it itself.
 */
export async function officeContacts(dataSource: DataSource): Promise<void> {
  const cities = await dataSource.getRepository(City).find({ order: { slug: 'ASC' } });
  const existing = new Set((await dataSource.getRepository(OfficeContact).find()).map((contact) => contact.cityId));
  let position = 0;
  for (const city of cities) {
    position += 1;
    if (existing.has(city.id)) continue;
    await dataSource.getRepository(OfficeContact).save({
      cityId: city.id,
      officeName: city.country === 'CN' ? `${city.nameZh ?? city.nameEn}投资促进局 / Investment Promotion Bureau ${city.nameEn}` : `Wirtschaftsförderung ${city.nameDe}`,
      contactPerson: city.country === 'CN' ? '王明' : 'Petra Klein',
      email: `office@${city.slug}.example`,
      phone: city.country === 'CN' ? '+86 20 8888 0000' : '+49 69 1234 0',
      postalAddress: null,
      preferredLanguage: city.country === 'CN' ? 'zh' : 'de',
      introductionRouting: position % 5 === 0 ? IntroductionRouting.ViaOffice : IntroductionRouting.CompanyWithOfficeCc,
      approvesIntroductions: false,
    });
  }
}
