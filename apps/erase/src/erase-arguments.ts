import { parseArgs } from 'node:util';
import { EGOV_FIELD_PATTERNS } from '@roster/domain';

export const ERASE_USAGE = `usage: npm run erase -- --tenant <t> --id <uuid> | --tenant <t> --file <ids.txt> [--yes]
  Erases users from the stores the environment configures (EVENT_STORE, DATA_DIR, EVENTSTORE_URL, READ_MODEL,
  MONGO_URL), as Roster's own processes read them: each user's data key is destroyed, its read-model entry removed
  and a UserErased event appended. It cannot be undone. Details: docs/data-protection.md
  --tenant <t>     the users' tenant; a user of another tenant is refused
  --id <uuid>      one user
  --file <file>    every user id in the file, one per line (blank lines and lines starting with # are skipped);
                   asks for the tenant to be typed as confirmation first
  --yes            erase the file's users without asking (needed when stdin is no terminal, as in CI)
  --help, -h       this text
  Prints one line per id (erased, already erased, not found, refused, failed) and a summary; ids only, never a
  user's data. Exit codes: 0 every user erased (or erased before), 1 some not, 2 bad arguments or no confirmation,
  130 interrupted (Ctrl-C stops after the user being erased).`;

/** A command line that cannot be acted on; the message names the flag at fault and the exit code is 2. */
export class UsageError extends Error {}

/** What the command line asks for: the usage, one user given with --id, or the users listed in a file. */
export type EraseArguments =
  | { kind: 'help' }
  | { kind: 'one'; tenantId: string; id: string }
  | { kind: 'file'; tenantId: string; file: string; yes: boolean };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseEraseArguments(argv: readonly string[]): EraseArguments {
  let values: { tenant?: string; id?: string[]; file?: string; yes?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        tenant: { type: 'string' },
        id: { type: 'string', multiple: true },
        file: { type: 'string' },
        yes: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { kind: 'help' };
  const tenantId = values.tenant;
  if (tenantId === undefined) throw new UsageError('--tenant is required');
  if (!EGOV_FIELD_PATTERNS.tenantId.test(tenantId)) {
    throw new UsageError(`--tenant ${JSON.stringify(tenantId)} is no tenant id (letters separated by dots)`);
  }
  const ids = values.id ?? [];
  if (ids.length > 0 && values.file !== undefined) throw new UsageError('give --id or --file, not both');
  if (values.file !== undefined) {
    if (values.file === '') throw new UsageError('--file needs a file');
    return { kind: 'file', tenantId, file: values.file, yes: values.yes === true };
  }
  if (ids.length === 0) throw new UsageError('--id or --file is required');
  if (ids.length > 1) throw new UsageError('--id takes one user; list several in a file for --file');
  // --yes confirms a batch read from a file; one id typed on the command line is already the operator's choice.
  if (values.yes) throw new UsageError('--yes applies to --file only');
  return { kind: 'one', tenantId, id: userId(ids[0], '--id') };
}

/**
 * The user ids of an ids file: one per line, blank lines and `#` comments skipped, duplicates kept once. Any other
 * line makes the whole file unusable (naming its line number, not its content), so a mangled file erases nobody.
 */
export function parseIdsFile(text: string): string[] {
  const ids: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    ids.push(userId(trimmed, `line ${index + 1}`));
  });
  if (ids.length === 0) throw new UsageError('the file holds no user id');
  return unique(ids);
}

function userId(given: string, where: string): string {
  if (!UUID.test(given)) throw new UsageError(`${where} is no user id (a UUID)`);
  return given.toLowerCase();
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
