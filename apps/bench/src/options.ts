import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SCENARIOS = ['ref', 'p1', 'c16', 'p2', 'data', 'p9', 'mongo', 'p7', 'import'] as const;
/** mongo (needs MONGO_URL), p7 (needs KAFKA_BROKERS) and import (needs PostgreSQL) run only when asked for with --only. */
const DEFAULT_SCENARIOS: Scenario[] = ['ref', 'p1', 'c16', 'p2', 'data', 'p9'];
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchOptions {
  /** Scale points for P3–P6/P8, ascending; the data set grows from one to the next. */
  users: number[];
  /** Repetitions of each measurement; figures are medians over them. */
  runs: number;
  /** Length of one max-load run (autocannon), seconds. */
  loadSeconds: number;
  /** Length of one fixed-rate run of P1–P3, seconds (after a one-second warm-up). */
  rateSeconds: number;
  /** Length of one fixed-rate run of P4 and P5 (one per search field), seconds. */
  querySeconds: number;
  connections: number;
  pipelining: number;
  /** Fixed rate for P1 and P2 (commands) and P3 (get by id), requests per second. */
  rate: number;
  /** Fixed rate for P4 (search) and P5 (descendants), requests per second. */
  queryRate: number;
  /** Which parts to run: ref (references), p1, c16 (issue 15's side-by-side table: 16 connections, 100,000 users), p2, data (P3–P6, P8 at each scale point), p9 (passwords); opt-in: mongo (P4/P6 on MONGO_URL), p7 (relay to KAFKA_BROKERS), import (egov-user PostgreSQL → embedded store). */
  only: Scenario[];
  /** Users in the egov-user database the import part fills and imports. */
  importUsers: number;
  /** Replace the results section of docs/benchmarks.md. */
  writeDocs: boolean;
  /** Write V8 CPU profiles of the servers and of the in-process projector (P6) to <out>/profiles. */
  cpuProfile: boolean;
  /** Where the JSON and Markdown summaries go. */
  outDir: string;
  /** Scratch folder for data sets and server logs; removed at the end unless keepData. */
  workDir: string;
  keepData: boolean;
  quick: boolean;
}

const HELP = `npm run bench -- [options]
  --users 10000,100000,1000000   scale points for P3-P6 (default; --quick: 2000,20000)
  --runs 3                      repetitions per measurement, medians reported (--quick: 1)
  --load-seconds 5              length of a max-load run (--quick: 3)
  --rate-seconds 5              length of a fixed-rate run of P1-P3 (--quick: 3)
  --query-seconds 3             length of a fixed-rate run of P4/P5 (--quick: 2)
  --connections 64 --pipelining 4
  --rate 1000                   fixed rate of P1/P2/P3 latency runs
  --query-rate 200              fixed rate of P4/P5 latency runs
  --only ref,p1,c16,p2,data,p9  run only these parts (the default; c16 = get, searches, login and create at 16 connections
                                without pipelining, 100,000 users, with CPU per request; p9 = password set/login vs raw
                                argon2id); opt-in parts:
                                mongo  P4/P6 on the MongoDB read model at the smallest --users point (needs MONGO_URL)
                                p7     relay throughput and publish lag to Kafka (needs KAFKA_BROKERS)
                                import egov-user PostgreSQL → embedded store (PG_URL, else scripts/infra/up.sh postgres)
  --import-users 100000         users the import part fills and imports (--quick: 20000)
  --quick                       small sizes and short runs, for a smoke test
  --docs                        also write the results into docs/benchmarks.md
  --cpu-prof                    V8 CPU profiles of the servers and of the P6 projector into <out>/profiles
  --out bench-results  --work-dir <tmp>  --keep-data`;

export function parseOptions(argv: string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${HELP}\n`);
      process.exit(0);
    }
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n${HELP}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    const boolean = ['quick', 'docs', 'cpu-prof', 'keep-data'].includes(name);
    flags.set(name, boolean ? 'true' : (inline ?? argv[++i] ?? ''));
  }
  const quick = flags.has('quick');
  const number = (name: string, normal: number, forQuick = normal) => {
    const raw = flags.get(name);
    const value = raw === undefined ? (quick ? forQuick : normal) : Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number, got ${raw}`);
    return value;
  };
  const list = (name: string) =>
    flags
      .get(name)
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean);

  const users = (list('users')?.map(Number) ?? (quick ? [2_000, 20_000] : [10_000, 100_000, 1_000_000])).sort(
    (a, b) => a - b,
  );
  if (users.some((count) => !Number.isInteger(count) || count < 1000))
    throw new Error('--users takes whole numbers of at least 1000');
  const importUsers = number('import-users', 100_000, 20_000);
  if (!Number.isInteger(importUsers)) throw new Error('--import-users takes a whole number');
  const only = (list('only') ?? DEFAULT_SCENARIOS) as Scenario[];
  const unknown = only.filter((name) => !SCENARIOS.includes(name));
  if (unknown.length > 0) throw new Error(`--only knows ${SCENARIOS.join(', ')}, not ${unknown.join(', ')}`);
  // Checked before waiting for the machine: these parts cannot run without their server.
  if (only.includes('mongo') && !process.env.MONGO_URL)
    throw new Error('--only mongo needs MONGO_URL (e.g. `bash scripts/infra/up.sh ferretdb; . .infra/env`)');
  if (only.includes('p7') && !process.env.KAFKA_BROKERS)
    throw new Error('--only p7 needs KAFKA_BROKERS (e.g. `bash scripts/infra/up.sh kafka; . .infra/env`)');
  const outDir = resolve(flags.get('out') ?? 'bench-results');

  return {
    users,
    runs: number('runs', 3, 1),
    loadSeconds: number('load-seconds', 5, 3),
    rateSeconds: number('rate-seconds', 5, 3),
    querySeconds: number('query-seconds', 3, 2),
    connections: number('connections', 64),
    pipelining: number('pipelining', 4),
    rate: number('rate', 1000),
    queryRate: number('query-rate', 200),
    only,
    importUsers,
    writeDocs: flags.has('docs'),
    cpuProfile: flags.has('cpu-prof'),
    outDir,
    workDir: resolve(flags.get('work-dir') ?? join(tmpdir(), `roster-bench-${process.pid}`)),
    keepData: flags.has('keep-data'),
    quick,
  };
}
