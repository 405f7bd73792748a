import { loadConfig } from '@roster/config';
import { connectEventStore, createEventStore } from '@roster/stores';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { EgovSource } from '../../../importer/src/egov/egov-source';
import { runImport } from '../../../importer/src/importer';
import type { Bench } from '../bench';
import { appendUsers } from '../bulk-load';
import { egovDataset, hashEgovPasswords, loadEgovDatabase } from '../egov-dataset';
import { median } from '../stats';

/** The import target: egov-shaped users from PostgreSQL into the embedded event store. */
const TARGET_USERS_PER_SECOND = 10_000;

/**
 * `--only import`: `npm run import -- --from egov` measured in-process. A fresh PostgreSQL database is filled with
 * `--import-users` egov-shaped users (egov-user's tables, addresses, roles, BCrypt hashes; the fill is timed and
 * reported apart, not counted); each run then imports that database with runImport and EgovSource into a fresh
 * embedded SQLite event store (EVENT_STORE=sqlite in an empty DATA_DIR), timed from the call to the report. The
 * reference of the same run: as many users bulk-appended (bulk-load.ts, 10,000 streams per append) into another
 * fresh SQLite store, which is the store's own ceiling for user streams. The database is dropped afterwards.
 */
export async function importScenario(bench: Bench): Promise<void> {
  const users = bench.options.importUsers;
  const server = postgresUrl(bench);
  const database = `roster_bench_import_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(server, database);
  await onServer(server, (client) => client.query(`CREATE DATABASE ${database}`));
  try {
    bench.log(`import: filling ${database} with ${users.toLocaleString('en')} egov-shaped users`);
    const fillStarted = performance.now();
    const passwords = await hashEgovPasswords();
    const dataset = egovDataset({ users, passwords });
    await onServer(url, async (client) => {
      await loadEgovDatabase(client, dataset.users);
      // Current statistics, as a running egov-user database has: the import's queries are planned on them.
      await client.query('ANALYZE');
    });
    const fillSeconds = (performance.now() - fillStarted) / 1000;

    const raw = await bench.repeat(`import reference: bulk append of ${users} users`, async (run) => {
      const store = createEventStore(loadConfig({ EVENT_STORE: 'sqlite', DATA_DIR: bench.freshDir(`raw-${run}`) }));
      try {
        const started = performance.now();
        await appendUsers(store, 0, users);
        return users / ((performance.now() - started) / 1000);
      } finally {
        await store.close();
      }
    });
    const imports = await bench.repeat(`import of ${users} users from PostgreSQL`, (run) =>
      importOnce(bench, url, run),
    );
    const rates = imports.map((run) => run.usersPerSecond);
    const last = imports[imports.length - 1];
    bench.results.detail('import', { users, database, fillSeconds, raw, imports });
    bench.results.add({
      id: 'IMPORT',
      what: 'egov-user database filled (not counted)',
      users,
      value: fillSeconds,
      unit: 's',
      note: 'egov-user tables, addresses and roles; BCrypt hashes of 4 known passwords',
    });
    bench.results.add({
      id: 'IMPORT',
      what: 'import from PostgreSQL into the embedded store',
      users,
      value: median(rates),
      unit: 'users/s',
      runs: rates,
      target: { atLeast: TARGET_USERS_PER_SECOND },
      reference: { name: 'raw bulk append', value: median(raw), unit: 'users/s' },
      note:
        `${last.imported.toLocaleString('en')} imported, ${last.skipped} skipped, in ${last.seconds.toFixed(1)} s ` +
        `(last run); ${last.events.toLocaleString('en')} events written`,
    });
  } finally {
    await onServer(server, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  }
}

interface ImportRun {
  usersPerSecond: number;
  seconds: number;
  read: number;
  imported: number;
  skipped: number;
  /** Events in the store afterwards: users, reservations, checkpoints, id blocks. */
  events: number;
}

async function importOnce(bench: Bench, url: string, run: number): Promise<ImportRun> {
  const config = loadConfig({ EVENT_STORE: 'sqlite', DATA_DIR: bench.freshDir(`import-${run}`) });
  // As `npm run import` opens it: personal data encrypted on the way in.
  const store = await connectEventStore(config);
  const source = new EgovSource(url, {
    tenants: [],
    encService: null,
    lockMs: config.egov.lockout.lockMs,
    passwordExpiryDays: config.egov.passwordExpiryDays,
  });
  try {
    const started = performance.now();
    const report = await runImport({ store, source, config });
    const seconds = (performance.now() - started) / 1000;
    if (report.status !== 'complete') throw new Error(`the import ended ${report.status}`);
    const skipped = report.read - report.imported - report.alreadyPresent;
    return {
      usersPerSecond: report.read / seconds,
      seconds,
      read: report.read,
      imported: report.imported,
      skipped,
      events: Number((await store.headPosition()) ?? 0n),
    };
  } finally {
    await source.close();
    await store.close();
  }
}

/**
 * PG_URL when set; otherwise the loopback cluster of scripts/infra (started if it is not running), whose URL
 * up.sh writes to .infra/env.
 */
function postgresUrl(bench: Bench): string {
  if (process.env.PG_URL) return process.env.PG_URL;
  bench.log('import: PG_URL is not set; starting PostgreSQL with scripts/infra/up.sh postgres');
  execFileSync('bash', ['scripts/infra/up.sh', 'postgres'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const line = readFileSync(join('.infra', 'env'), 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('PG_URL='));
  if (!line) throw new Error('scripts/infra/up.sh postgres wrote no PG_URL to .infra/env');
  return line.slice('PG_URL='.length).replace(/^(['"])(.*)\1$/, '$2');
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
