import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Server } from './load';

/** Compiled entry points, next to this file in dist/. */
const ENTRIES = {
  roster: resolve(__dirname, '../../roster/src/main.js'),
  probe: resolve(__dirname, 'servers/roster-probe.js'),
  fastify: resolve(__dirname, 'servers/bare-fastify.js'),
};
const EXIT_ON_MESSAGE = resolve(__dirname, 'servers/exit-on-message.js');

export type ServerKind = keyof typeof ENTRIES;

/** The API key every Roster server of a run is bootstrapped with (tenant "default"). */
export const API_KEY = 'roster-bench-key-0123456789abcdef';

export interface ChildServer extends Server {
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Where the server's own output goes (a file per server). */
  logFile: string;
  /** Roster only: the data folder. */
  dataDir?: string;
  /** Folder for a V8 CPU profile of the server (written when it stops); none when absent. */
  cpuProfileDir?: string;
  /** Extra environment for the server (e.g. the bootstrap admin of P9). */
  env?: Record<string, string>;
}

/** Starts a server as a child process on a free loopback port and resolves once it answers GET /health. */
export async function startServer(kind: ServerKind, options: ServerOptions): Promise<ChildServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const profiling = options.cpuProfileDir !== undefined;
  if (profiling) mkdirSync(options.cpuProfileDir as string, { recursive: true });
  const nodeArgs = profiling
    ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`, '--require', EXIT_ON_MESSAGE]
    : [];
  const log = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, ENTRIES[kind]], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: options.dataDir ?? '',
      ROSTER_BOOTSTRAP_API_KEY: API_KEY,
      ...options.env,
    },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const exited = once(child, 'exit');
  // Roster says when every HTTP worker listens; /health answers as soon as the first one does.
  const serving =
    kind === 'roster'
      ? new Promise<void>((resolveServing) =>
          child.on('message', (message: unknown) => {
            if ((message as { type?: unknown } | null)?.type === 'roster:serving') resolveServing();
          }),
        )
      : Promise.resolve();
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // A profiled server must exit normally for V8 to write its profile; Nest's signal handling re-kills itself.
    if (profiling) child.send('bench:exit');
    else child.kill('SIGTERM');
    const timeout = sleep(30_000).then(() => child.kill('SIGKILL'));
    await Promise.race([exited, timeout]);
  };
  try {
    await waitUntilHealthy(url, child);
    await Promise.race([
      serving,
      sleep(60_000, undefined, { ref: false }).then(() => Promise.reject(new Error('never said it serves'))),
    ]);
  } catch (error) {
    await stop();
    throw new Error(`${kind} server did not start: ${String(error)}\n${tail(options.logFile)}`);
  }
  return { url, pid: child.pid as number, child, stop };
}

async function waitUntilHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error('no healthy answer within 60 s');
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

export function logFileIn(folder: string, name: string): string {
  mkdirSync(folder, { recursive: true });
  return join(folder, `${name}.log`);
}
