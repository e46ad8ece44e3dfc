import { existsSync } from 'node:fs';
import { Environment, EnvironmentError, validateEnvironment } from '../config/environment';
import { StartupError } from './preflight';

/** Reads .env (if present) into process.env, so preflight and ConfigModule see the same values. */
export function loadEnvironment(): Environment {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return validateEnvironment(process.env);
}

/** Prints a start-up problem as plain lines on stderr and ends the process, instead of a stack trace. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof StartupError || error instanceof EnvironmentError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Start-up failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exit(1);
}
