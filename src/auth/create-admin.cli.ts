import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { exitOnStartupError, loadEnvironment } from '../bootstrap/load-environment';
import { preflight, StartupError } from '../bootstrap/preflight';
import { buildDataSourceOptions } from '../database/data-source';
import { EmailTokenService } from './email-token.service';
import { createAdministrator } from './officers.service';
import { User } from './user.entity';

const USAGE = 'Usage: npm run admin:create -- --email admin@example.org [--name "Full Name"]';

/** Creates an administrator and prints the one-time link (valid 24 h) to set the password. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  const email = values.email?.trim().toLowerCase();
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new StartupError(`--email must be an email address. ${USAGE}`);
  const environment = loadEnvironment();
  await preflight(environment);
  const dataSource = await new DataSource(buildDataSourceOptions(environment.DATABASE_URL)).initialize();
  try {
    const token = await dataSource.transaction(async (manager) => {
      if (await manager.getRepository(User).existsBy({ email })) throw new StartupError(`An account with the email ${email} exists already.`);
      return createAdministrator(manager, new EmailTokenService(), email, values.name?.trim() || email);
    });
    const link = new URL(`/auth/set-password?token=${token}`, environment.PUBLIC_URL);
    process.stdout.write(`Administrator ${email} created. Set the password within 24 hours at:\n${link}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch(exitOnStartupError);
