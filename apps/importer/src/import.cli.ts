import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, loadConfig, redactCredentials } from '@roster/config';
import type { RosterConfig } from '@roster/config';
import { EGOV_FIELD_PATTERNS } from '@roster/domain';
import type { EventStore } from '@roster/event-store';
import { connectEventStore } from '@roster/stores';
import { EgovSource } from './egov/egov-source';
import type { ImportSource } from './import-source';
import { DEFAULT_BATCH_SIZE, runImport } from './importer';
import { ProgressDisplay } from './progress';
import type { ImportReport } from './report';
import { formatReport } from './report';
import { RosterExportSource } from './roster/roster-export-source';

const HELP = `npm run import -- --from egov <postgres-url> | --from roster <file> [options]
  Imports users into the configured event store (EVENT_STORE, DATA_DIR / EVENTSTORE_URL, as Roster's own
  processes read them). Safe to run again: it resumes after the last batch written and never writes a user twice.
  --from egov <url>      an egov-user PostgreSQL database, postgres://user:password@host:port/database
  --from roster <file>   a file written by \`npm run export\`
  --tenant <t>           only tenant <t> and its sub-tenants (<t>.*); repeat for several; default: all
  --enc-service <url>    egov-enc-service to decrypt egov-user's encrypted PII (needed when it is encrypted)
  --batch-size <n>       users per atomic batch (default ${DEFAULT_BATCH_SIZE})
  --report <file>        where the JSON report goes (default <DATA_DIR>/import-reports/<kind>-<time>.json)
  Exit codes: 0 done (skipped users are listed, not failures), 1 failed, 2 bad arguments, 130 interrupted.
  Details: docs/import.md`;

/** Names the flag at fault; the usage follows it and the exit code is 2. */
class UsageError extends Error {}

interface ImportArguments {
  from: { kind: 'egov'; url: string } | { kind: 'roster'; file: string };
  tenants: string[];
  encService: string | null;
  batchSize: number;
  report: string | null;
}

export function parseImportArguments(argv: readonly string[]): ImportArguments {
  let from: ImportArguments['from'] | null = null;
  const parsed: Omit<ImportArguments, 'from'> = {
    tenants: [],
    encService: null,
    batchSize: DEFAULT_BATCH_SIZE,
    report: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (what: string) => {
      const given = argv[++i];
      if (given === undefined || given === '' || given.startsWith('--')) {
        throw new UsageError(`${flag} needs ${what}`);
      }
      return given;
    };
    switch (flag) {
      case '--from': {
        const kind = value('egov or roster');
        if (kind === 'egov') from = { kind, url: value('the egov-user database URL (postgres://…)') };
        else if (kind === 'roster') from = { kind, file: value('the export file') };
        else throw new UsageError(`--from takes egov or roster, not ${JSON.stringify(kind)}`);
        break;
      }
      case '--tenant': {
        const tenant = value('a tenant id');
        if (!EGOV_FIELD_PATTERNS.tenantId.test(tenant)) {
          throw new UsageError(`--tenant ${JSON.stringify(tenant)} is no tenant id (letters separated by dots)`);
        }
        parsed.tenants.push(tenant);
        break;
      }
      case '--enc-service': {
        const url = value('the enc-service URL');
        if (!/^https?:\/\//.test(url)) throw new UsageError('--enc-service must be an http:// or https:// URL');
        parsed.encService = url;
        break;
      }
      case '--batch-size': {
        const size = Number(value('a number'));
        if (!Number.isInteger(size) || size < 1 || size > 100_000) {
          throw new UsageError('--batch-size must be a whole number from 1 to 100000');
        }
        parsed.batchSize = size;
        break;
      }
      case '--report':
        parsed.report = value('a file');
        break;
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(flag)}`);
    }
  }
  if (from === null) throw new UsageError('--from is required');
  if (from.kind === 'roster' && parsed.encService !== null) {
    throw new UsageError('--enc-service applies to --from egov only');
  }
  return { from, ...parsed };
}

function sourceOf(args: ImportArguments, config: RosterConfig): ImportSource {
  if (args.from.kind === 'roster') return new RosterExportSource(args.from.file, { tenants: args.tenants });
  return new EgovSource(args.from.url, {
    tenants: args.tenants,
    encService: args.encService,
    lockMs: config.egov.lockout.lockMs,
    passwordExpiryDays: config.egov.passwordExpiryDays,
    mobilePattern: config.egov.mobilePattern,
  });
}

/** `npm run import`: see HELP and docs/import.md. */
async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  let args: ImportArguments;
  let config: RosterConfig;
  try {
    args = parseImportArguments(argv);
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n${error instanceof UsageError ? `\n${HELP}\n` : ''}`);
    return 2;
  }
  const secrets = args.from.kind === 'egov' ? [args.from.url] : [];
  if (args.encService) secrets.push(args.encService);
  const safe = (text: string) =>
    secrets.reduce((shown, secret) => shown.split(secret).join(redactCredentials(secret)), text);

  let source: ImportSource | null = null;
  let store: EventStore | null = null;
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      // A second Ctrl-C: leave now. The batch being appended commits whole or not at all.
      process.stderr.write(`\n${signal} again: stopping now; run the import again to resume\n`);
      process.exit(130);
    }
    process.stderr.write(`\n${signal}: stopping after the batch being written (Ctrl-C again to stop at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const display = new ProgressDisplay(process.stderr);
  try {
    source = sourceOf(args, config);
    store = await connectEventStore(config);
    const where = args.from.kind === 'egov' ? redactCredentials(args.from.url) : resolve(args.from.file);
    process.stderr.write(`importing from ${args.from.kind} ${where} into the ${config.eventStore} event store\n`);
    const report = await runImport({
      store,
      source,
      config,
      batchSize: args.batchSize,
      signal: controller.signal,
      onProgress: (progress) => display.update(progress),
    });
    display.finish();
    const file = resolve(
      args.report ??
        join(
          config.dataDir,
          'import-reports',
          `${args.from.kind}-${report.thisRun.startedAt.replace(/[:.]/g, '-')}.json`,
        ),
    );
    writeReport(file, report);
    process.stdout.write(formatReport(report));
    process.stdout.write(`JSON report: ${file}\n`);
    return report.status === 'interrupted' ? 130 : 0;
  } catch (error) {
    display.finish();
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`import failed: ${safe(message)}\n`);
    process.stderr.write('every batch written so far is complete; run the import again to resume after the last one\n');
    return 1;
  } finally {
    await source?.close().catch(() => {});
    await store?.close().catch(() => {});
  }
}

/** Owner-only: the report lists userNames (often mobile numbers) of skipped users. */
function writeReport(file: string, report: ImportReport): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
