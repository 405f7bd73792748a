import { MongoClient } from 'mongodb';
import type { Bench } from '../bench';
import { sampleIndexes } from '../dataset';
import { fixedRate } from '../load';
import { describeCpu } from '../process-usage';
import { SEARCH_FIELDS, searchRequests } from '../requests';
import { median } from '../stats';
import { growDataSet, reportGrowth } from './p6-rebuild';

/**
 * FerretDB v1 scans the collection for every query but `{_id}` (docs/mongodb.md): a prefix search at 10k users
 * takes about a second, so P4 here runs at a low fixed rate and for longer than on SQLite, to collect enough
 * answers for a p95 without measuring only a queue.
 */
const QUERY_RATE = 0.5;
const QUERY_SECONDS = 20;
const PREFIXES = 5_000;
const LABEL = 'MongoDB read model (FerretDB)';

/**
 * `--only mongo`: P6 (read-model rebuild) and P4 (prefix search) against the MongoDB read model at the smallest
 * `--users` point, in a fresh database (named after this run) on MONGO_URL's server, dropped afterwards.
 * Opt-in: it needs a MongoDB-compatible server, and on FerretDB it takes minutes at 10k users.
 */
export async function mongoReadModel(bench: Bench): Promise<void> {
  const base = process.env.MONGO_URL;
  if (!base) {
    throw new Error('--only mongo needs MONGO_URL (e.g. `bash scripts/infra/up.sh ferretdb; . .infra/env`)');
  }
  const database = `roster_bench_${process.pid}_${Date.now().toString(36)}`;
  const url = withDatabase(base, database);
  const users = bench.options.users[0];
  const env = { READ_MODEL: 'mongodb', MONGO_URL: url };
  bench.log(`MongoDB read model: ${users.toLocaleString('en')} users in database ${database}`);
  const saved = { READ_MODEL: process.env.READ_MODEL, MONGO_URL: process.env.MONGO_URL };
  try {
    const before = bench.results.figures.length;
    reportGrowth(bench, await growDataSet(bench, bench.freshDir('mongo-data'), 0, users, true, env), null);
    for (const figure of bench.results.figures.slice(before)) figure.what = `${figure.what}, ${LABEL}`;

    Object.assign(process.env, env); // the server child inherits the bench's environment
    await bench.withServer('roster', `mongo-${users}`, bench.freshDir('mongo-server'), async (server) => {
      for (const field of SEARCH_FIELDS) {
        const request = searchRequests(field, sampleIndexes(users, PREFIXES, users + field.length));
        const load = {
          server,
          connections: bench.options.connections,
          rate: QUERY_RATE,
          seconds: QUERY_SECONDS,
          headers: bench.headers('POST'),
          drainSeconds: 60,
        };
        const runs = await bench.repeat(
          `P4 search by ${field} on the ${LABEL}, ${users.toLocaleString('en')} users`,
          () => fixedRate({ ...load, request }),
        );
        bench.results.detail(`mongo-p4-${field}@${users}`, runs);
        const p95 = runs.map((run) => run.latency.p95);
        const failed = runs.reduce((sum, run) => sum + run.failed, 0);
        bench.results.add({
          id: 'P4',
          what: `search by ${field} prefix, p95 at ${QUERY_RATE}/s, ${LABEL}`,
          users,
          value: median(p95),
          unit: 'ms',
          runs: p95,
          target: { atMost: 10 },
          note: `FerretDB v1 scans the collection, not MongoDB's speed; p50 ${median(runs.map((run) => run.latency.p50)).toFixed(0)} ms; ${describeCpu(runs)}; ${failed} failed`,
        });
      }
    });
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await dropDatabase(url, database, bench);
  }
}

/** MONGO_URL with its database (path) replaced, keeping hosts and options. */
export function withDatabase(url: string, database: string): string {
  const scheme = url.indexOf('://') + '://'.length;
  const rest = url.slice(scheme);
  const query = rest.indexOf('?');
  const hostsEnd = [rest.indexOf('/'), query].filter((at) => at >= 0).reduce((a, b) => Math.min(a, b), rest.length);
  return `${url.slice(0, scheme)}${rest.slice(0, hostsEnd)}/${database}${query >= 0 ? rest.slice(query) : ''}`;
}

/** Drops only this run's database (its name is made up by this run). */
async function dropDatabase(url: string, database: string, bench: Bench): Promise<void> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.db(database).dropDatabase();
    bench.log(`dropped database ${database}`);
  } catch (error) {
    bench.log(`could not drop database ${database}: ${String(error)}`);
  } finally {
    await client.close();
  }
}
