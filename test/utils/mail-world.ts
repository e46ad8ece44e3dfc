import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { City } from '../../src/cities/city.entity';
import { IntroductionRouting, OfficeContact } from '../../src/cities/office-contact.entity';
import { createStaffUser } from '../factories/staff.factory';
import { bearerTokenFor } from './http-client';
import { SmtpCapture } from './smtp-capture';
import { createTestApp } from './test-app';
import { createTestWorker } from './test-worker';

/** The API, a worker and an SMTP server in this process, with a signed-in officer of the home city. */
export interface MailWorld {
  readonly smtp: SmtpCapture;
  app: NestExpressApplication;
  worker: INestApplicationContext;
  dataSource: DataSource;
  officerAuth: { authorization: string };
  http(): ReturnType<typeof request>;
}

/**
 * Starts the world before the file's tests and stops it after them. Emails go to the in-process SMTP server; retries
 * and the outbox sweep run fast unless `settings` (environment variables) say otherwise.
 */
export function useMailWorld(settings: Record<string, string> = {}): MailWorld {
  const world = { smtp: new SmtpCapture(), http: () => request(world.app.getHttpServer()) } as MailWorld;

  beforeAll(async () => {
    process.env.SMTP_URL = await world.smtp.start();
    Object.assign(process.env, { MAIL_RETRY_DELAY_MS: '100', OUTBOX_SWEEP_MS: '300', ...settings });
    world.app = await createTestApp();
    world.worker = await createTestWorker();
    world.dataSource = world.app.get(DataSource);
    world.officerAuth = { authorization: `Bearer ${await bearerTokenFor(world.app, (await createStaffUser(world.app)).email)}` };
  });

  afterAll(async () => {
    await world.worker?.close();
    await world.app?.close();
    await world.smtp.stop();
    delete process.env.SMTP_URL;
  });

  return world;
}

/** Foshan's investment promotion office receives introductions to Foshan companies in Cc. */
export async function saveFoshanOffice(dataSource: DataSource, email: string): Promise<void> {
  const foshan = await dataSource.getRepository(City).findOneByOrFail({ slug: 'foshan' });
  await dataSource.getRepository(OfficeContact).save({
    cityId: foshan.id,
    officeName: 'Foshan Investment Promotion',
    email,
    preferredLanguage: 'zh',
    introductionRouting: IntroductionRouting.CompanyWithOfficeCc,
  });
}
