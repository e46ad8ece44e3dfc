import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../src/auth/password-hasher';
import { User } from '../../src/auth/user.entity';
import { City } from '../../src/cities/city.entity';
import { UserRole } from '../../src/common/principal';

export const TEST_PASSWORD = 'correct horse battery staple';

let sequence = 0;
let passwordHash: Promise<string> | undefined;

export interface StaffOptions {
  role?: UserRole;
  citySlug?: string;
  email?: string;
}

/** A staff account with a known password, written straight to the database. */
export async function createStaffUser(app: INestApplication, options: StaffOptions = {}): Promise<User> {
  const dataSource = app.get(DataSource);
  const city = await dataSource.getRepository(City).findOneByOrFail({ slug: options.citySlug ?? 'bad-homburg' });
  sequence += 1;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const role = options.role ?? UserRole.Officer;
  return dataSource.getRepository(User).save(
    dataSource.getRepository(User).create({
      email: options.email ?? `${role}-${sequence}-${Date.now()}@bad-homburg.de`,
      displayName: `Test ${role} ${sequence}`,
      role,
      cityId: city.id,
      passwordHash: await passwordHash,
    }),
  );
}
