import { hash, verify } from '@node-rs/argon2';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNativeAccelerationEnabled } from 'msgpackr';
import * as semver from 'semver';
import { ROOT } from '../utils/processes';

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const json = <T>(file: string) => JSON.parse(read(file)) as T;

interface LockedPackage {
  version?: string;
  engines?: { node?: string };
}

const supported = json<{ engines: { node: string } }>('package.json').engines.node;
const pinned = read('.nvmrc').trim();

describe('Node.js runtime (e2e)', () => {
  it('engines.node is a valid range', () => {
    expect(semver.validRange(supported)).not.toBeNull();
  });

  it('the tests run on a Node.js release engines.node admits (the API and worker processes they start share it)', () => {
    expect({ version: process.version, admitted: semver.satisfies(process.version, supported) }).toEqual({ version: process.version, admitted: true });
  });

  it('the `node` on PATH, which the npm scripts start the API, the worker and the CLIs with, is admitted too', () => {
    const result = spawnSync('node', ['--version'], { encoding: 'utf8' });
    const version = result.stdout.trim();
    expect({ version, admitted: semver.valid(version) !== null && semver.satisfies(version, supported) }).toEqual({ version, admitted: true });
  });

  it('engines.node admits no release that a locked dependency refuses', () => {
    const lock = json<{ packages: Record<string, LockedPackage> }>('package-lock.json');
    const refusing = Object.entries(lock.packages)
      .filter(([path, locked]) => path !== '' && typeof locked.engines?.node === 'string')
      .filter(([, locked]) => !semver.subset(supported, locked.engines!.node!))
      .map(([path, locked]) => `${path.replace(/^.*node_modules\//, '')} requires ${locked.engines!.node}`);
    expect(refusing).toEqual([]);
  });

  it('.nvmrc, .node-version, the runtime CI installs and the Docker image name one release that engines.node admits', () => {
    expect(semver.valid(pinned)).toBe(pinned);
    expect(semver.satisfies(pinned, supported)).toBe(true);
    expect(read('.node-version').trim()).toBe(pinned);

    const runtime = json<{ optionalDependencies: Record<string, string> }>('.ci/node/package.json');
    expect(new Set(Object.values(runtime.optionalDependencies))).toEqual(new Set([pinned]));
    const runtimeLock = json<{ packages: Record<string, LockedPackage> }>('.ci/node/package-lock.json');
    const locked = Object.entries(runtimeLock.packages).filter(([path]) => path !== '');
    expect(locked.map(([path]) => path.replace('node_modules/', '')).sort()).toEqual(Object.keys(runtime.optionalDependencies).sort());
    expect(new Set(locked.map(([, entry]) => entry.version))).toEqual(new Set([pinned]));

    const images = [...read('Dockerfile').matchAll(/^FROM\s+node:(\S+)/gm)].map((match) => match[1]);
    expect(images.length).toBeGreaterThan(0);
    expect(new Set(images.map((tag) => tag.split('-')[0]))).toEqual(new Set([String(semver.major(pinned))]));
  });

  it('the native modules load on this runtime: Argon2 hashes and verifies, the job queue packs with msgpackr-extract', async () => {
    const digest = await hash('correct horse battery staple');
    await expect(verify(digest, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verify(digest, 'wrong horse')).resolves.toBe(false);
    // BullMQ packs job data with msgpackr, which silently falls back to JavaScript when its native addon fails to load.
    expect(isNativeAccelerationEnabled).toBe(true);
  });
});
