import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@roster/config';
import { createHttpApp } from '@roster/gateway';
import { connectStores } from '@roster/stores';
import { RosterModule } from '../../../apps/roster/src/roster.module';
import { HttpClient } from './http-client';
import { storeEnvFromProcess } from './store-env';

export const BOOTSTRAP_KEY = 'e2e-bootstrap-key-0123456789abcdef';

/**
 * ROSTER_SECRET of split deployments: the gateway signs its requests to the user-service with it, and every role that
 * opens the stores unwraps the keys of personal data with it.
 */
export const SHARED_SECRET = 'e2e-split-shared-secret-0123456789abcdef';
export const ROOT = resolve(__dirname, '../../..');

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'roster-e2e-'));
}

/** A Roster a test runs in a data folder of its own, and stops (and cleans up after) with close. */
export interface RunningRoster {
  client: HttpClient;
  dataDir: string;
  close(): Promise<void>;
}

export interface InProcessRoster extends RunningRoster {
  app: NestFastifyApplication;
}

/**
 * How many HTTP workers a spawned all-in-one Roster runs (ROSTER_E2E_WORKERS, default 2): the suite holds every
 * invariant with several processes sharing the stores. Tests that need the Nest app itself run in-process, alone.
 */
export const E2E_WORKERS = process.env.ROSTER_E2E_WORKERS?.trim() || '2';

/** The built all-in-one Roster with E2E_WORKERS HTTP workers, in a fresh data folder, on the stores of this run. */
export async function startRoster(env: Record<string, string> = {}): Promise<RunningRoster & SpawnedRoster> {
  const dataDir = makeDataDir();
  const stores = storeEnvFromProcess();
  const spawned = await spawnRoster(dataDir, await freePort(), { ...stores.env, ...env });
  return {
    ...spawned,
    dataDir,
    async close() {
      await stopGracefully(spawned.process);
      await stores.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The all-in-one app inside the test process, served over real HTTP on a free loopback port. */
export async function startInProcess(env: Record<string, string> = {}): Promise<InProcessRoster> {
  const dataDir = makeDataDir();
  const stores = storeEnvFromProcess();
  const config = loadConfig({
    DATA_DIR: dataDir,
    ROSTER_BOOTSTRAP_API_KEY: BOOTSTRAP_KEY,
    LOG_LEVEL: 'error',
    ...stores.env,
    ...env,
  });
  const app = await createHttpApp(RosterModule.forRoot(config, await connectStores(config)), config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    client: new HttpClient(`http://127.0.0.1:${address.port}`, BOOTSTRAP_KEY),
    dataDir,
    app,
    async close() {
      await app.close();
      await stores.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface SpawnedRoster {
  process: ChildProcess;
  client: HttpClient;
  output: () => string;
}

/** The built all-in-one process (`npm start` without the build step), as an operator runs it. */
export async function spawnRoster(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): Promise<SpawnedRoster> {
  const spawned = spawnApp('roster', { PORT: String(port), DATA_DIR: dataDir, ROSTER_WORKERS: E2E_WORKERS, ...env });
  const client = new HttpClient(`http://127.0.0.1:${port}`, BOOTSTRAP_KEY);
  await waitUntilHealthy(client, spawned.process, spawned.output);
  return { ...spawned, client };
}

/** One built process role (`roster`, `gateway`, `user-service`, `projector`, `relay`) with its output captured. */
export function spawnApp(app: string, env: Record<string, string>): Omit<SpawnedRoster, 'client'> {
  const child = spawn(process.execPath, [join(ROOT, `dist/apps/${app}/src/main.js`)], {
    // ROSTER_OPS_PORT 0: the metrics and health listeners of roles spawned side by side take free ports.
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      ROSTER_BOOTSTRAP_API_KEY: BOOTSTRAP_KEY,
      LOG_LEVEL: 'warn',
      ROSTER_OPS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { process: child, output: () => output };
}

export async function waitUntilHealthy(client: HttpClient, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`roster exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await client.get('/health')).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`roster did not become healthy:\n${output()}`);
}

/**
 * Waits until a spawned process has written `text` (e.g. the projector's "projecting from position"): a role
 * without an HTTP port of its own says so when it is ready.
 */
export async function waitForOutput(
  spawned: { process: ChildProcess; output: () => string },
  text: string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!spawned.output().includes(text)) {
    if (spawned.process.exitCode !== null)
      throw new Error(`exited with ${spawned.process.exitCode}:\n${spawned.output()}`);
    if (Date.now() > deadline) throw new Error(`never wrote "${text}":\n${spawned.output()}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
}

/** SIGTERM, as an operator stops it; SIGKILL if it has not exited within 20 s. */
export function stopGracefully(child: ChildProcess): Promise<void> {
  return new Promise((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveExit();
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolveExit();
    });
    child.kill('SIGTERM');
  });
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveExit();
    child.once('exit', () => resolveExit());
    child.kill('SIGKILL');
  });
}
