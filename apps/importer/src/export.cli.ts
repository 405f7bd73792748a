import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { loadConfigOrExit } from '@roster/config';
import { EGOV_FIELD_PATTERNS } from '@roster/domain';
import { connectEventStore } from '@roster/stores';
import type { ExportProgress, UserExport } from './roster/roster-exporter';
import { collectUsers, exportLines } from './roster/roster-exporter';

const HELP = `npm run export -- [--tenant <tenant>]... [--out <file>]
  Writes every user of the configured event store (EVENT_STORE, DATA_DIR / EVENTSTORE_URL, as Roster's own
  processes read them) as JSON lines, password hashes, ids and hierarchy included; read it back with
  \`npm run import -- --from roster <file>\`.
  --tenant pb    only tenant pb and its sub-tenants (pb.amritsar, ...); repeat for several; default: all
  --out <file>   where to write (default <DATA_DIR>/exports/roster-users-<time>.jsonl); "-" for stdout
  Progress and the summary go to stderr. The file is created readable by its owner only (mode 0600).
  Exit codes: 0 done, 1 failed (no partial file is left), 2 bad arguments. Details: docs/import.md`;

const REPORT_EVERY_MS = 1000;

/** Names the flag at fault; the usage follows it and the exit code is 2 (as the import's). */
class UsageError extends Error {}

export interface ExportArguments {
  tenants: string[];
  /** A file, "-" for stdout, or null for the default file under DATA_DIR. */
  out: string | null;
}

export function parseExportArguments(argv: readonly string[]): ExportArguments {
  const parsed: ExportArguments = { tenants: [], out: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (what: string) => {
      const given = argv[++i];
      // "-" alone is stdout; anything else starting with "-" is the next flag, not a value.
      if (given === undefined || given === '' || (given.startsWith('-') && given !== '-'))
        throw new UsageError(`${flag} needs ${what}`);
      return given;
    };
    if (flag === '--tenant') {
      const tenant = value('a tenant id');
      if (!EGOV_FIELD_PATTERNS.tenantId.test(tenant))
        throw new UsageError(`--tenant ${JSON.stringify(tenant)} is no tenant id (letters separated by dots)`);
      parsed.tenants.push(tenant);
    } else if (flag === '--out') parsed.out = value('a file, or - for stdout');
    else throw new UsageError(`unknown argument ${JSON.stringify(flag)}`);
  }
  return parsed;
}

/** `npm run export`: see HELP. */
async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  let args: ExportArguments;
  try {
    args = parseExportArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${HELP}\n`);
    return 2;
  }
  const config = loadConfigOrExit();
  const store = await connectEventStore(config);
  let userExport: UserExport;
  try {
    let lastReport = 0;
    userExport = await collectUsers(store, {
      tenants: args.tenants,
      onProgress: (progress) => {
        if (progress.elapsedMs - lastReport < REPORT_EVERY_MS) return;
        lastReport = progress.elapsedMs;
        process.stderr.write(`  ${describe(progress)}\n`);
      },
    });
  } finally {
    await store.close();
  }
  const which = args.tenants.length > 0 ? `tenants ${args.tenants.join(', ')} (and their sub-tenants)` : 'all tenants';
  const summary = `${userExport.users.length} users of ${which}, from ${userExport.events} events`;
  if (args.out === '-') {
    await writeToStdout(userExport);
    process.stderr.write(`exported ${summary} to stdout; it holds password hashes: keep it like a secret\n`);
    return 0;
  }
  const file = resolve(args.out ?? join(config.dataDir, 'exports', `roster-users-${fileTime(new Date())}.jsonl`));
  writeFileAtomically(file, userExport);
  process.stderr.write(
    `exported ${summary} to ${file}\n` +
      'it holds password hashes: the file is readable by its owner only (mode 0600); keep it like a secret\n',
  );
  return 0;
}

/**
 * Writes to a temporary file beside `file` and renames it into place once it is complete and on disk, so a
 * crash never leaves half an export under the final name. Created with mode 0600: it holds password hashes.
 */
function writeFileAtomically(file: string, userExport: UserExport): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  const fd = openSync(partial, 'wx', 0o600);
  let open = true;
  try {
    for (const chunk of exportLines(userExport)) writeSync(fd, chunk);
    fsyncSync(fd);
    closeSync(fd);
    open = false;
    renameSync(partial, file);
  } catch (error) {
    if (open) closeSync(fd);
    rmSync(partial, { force: true });
    throw error;
  }
}

async function writeToStdout(userExport: UserExport): Promise<void> {
  for (const chunk of exportLines(userExport)) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}

function describe({ events, users, elapsedMs }: ExportProgress): string {
  return `read ${events} events (${users} users) in ${(elapsedMs / 1000).toFixed(1)} s`;
}

/** An ISO time usable in a file name everywhere (no colons), spelled as the import names its reports. */
function fileTime(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`export failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
