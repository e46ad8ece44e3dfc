import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SessionService } from '../../src/auth/session.service';

/** An Authorization header for a company user's session (the login-link flow itself is tested in the companies specs). */
export async function companyAuth(app: INestApplication, companyId: string): Promise<{ authorization: string }> {
  const session = await app.get(SessionService).create(app.get(DataSource).manager, { type: 'company', companyId }, {});
  return { authorization: `Bearer ${session.token}` };
}
