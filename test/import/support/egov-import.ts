import type { ImportReport } from '../../../apps/importer/src/report';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { GENDERS, isUserStream } from '@roster/domain';
import type { EgovUser } from '../../../apps/bench/src/egov-dataset';
import { EGOV_GENDER_CODES } from '../../../apps/bench/src/egov-dataset';
import { openEventLog } from '../../e2e/support/event-log';
import { ROOT } from '../../e2e/support/roster-harness';
import { EGOV_SECRET } from '../../e2e/support/egov-roster';

/** The embedded event store's file in DATA_DIR (what openEventLog opens). */
const EVENTS_FILE = 'events.sqlite';

/** The built import CLI, as `npm run import` runs it. */
const IMPORT_CLI = join(ROOT, 'dist/apps/importer/src/import.cli.js');

/**
 * The server the suite creates its databases on, from PG_URL (scripts/infra/up.sh postgres writes it to .infra/env).
 * Without it the suite cannot run: in CI that is a failure, elsewhere a skip that says why.
 */
export function pgUrlOrSkipReason(): { url: string } | { skip: string } {
  const url = process.env.PG_URL;
  if (url) return { url };
  const reason = 'PG_URL is not set (run scripts/infra/up.sh postgres, then `set -a; . .infra/env; set +a`)';
  if (process.env.CI === 'true') throw new Error(`the egov import suite must run in CI: ${reason}`);
  return { skip: reason };
}

export interface TemporaryDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the server of `serverUrl`, for one suite; `drop` removes it whoever is connected. */
export async function createTemporaryDatabase(serverUrl: string): Promise<TemporaryDatabase> {
  const name = `roster_import_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The environment of a process writing to the embedded store in `dataDir`, with no server of the int tier. */
export function embeddedStoreEnv(dataDir: string): Record<string, string> {
  // KAFKA_BROKERS, READ_MODEL and MONGO_URL of the int tier's environment would otherwise reach the child. The import
  // and the Roster started on its store share the secret that wraps the keys of personal data.
  return {
    EVENT_STORE: 'sqlite',
    READ_MODEL: 'sqlite',
    DATA_DIR: dataDir,
    ROSTER_SECRET: EGOV_SECRET,
    KAFKA_BROKERS: '',
    LOG_LEVEL: 'warn',
  };
}

export interface ImportRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Starts `import.cli.js --from egov <url> …args` on the embedded store in `dataDir`. */
export function spawnImport(
  dataDir: string,
  args: string[],
): { process: ChildProcess; output: () => string; done: Promise<ImportRun> } {
  const child = spawn(process.execPath, [IMPORT_CLI, ...args], {
    env: { ...process.env, ...embeddedStoreEnv(dataDir) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const done = new Promise<ImportRun>((resolveRun, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolveRun({ code, signal, output }));
  });
  return { process: child, output: () => output, done };
}

/** Runs an import to its end and answers its JSON report; a failed run fails with its output. */
export async function runImport(
  dataDir: string,
  pgUrl: string,
  reportFile: string,
  extra: string[] = [],
): Promise<{ report: ImportReport; output: string }> {
  const run = await spawnImport(dataDir, ['--from', 'egov', pgUrl, '--report', reportFile, ...extra]).done;
  if (run.code !== 0) throw new Error(`the import exited with ${run.code ?? run.signal}:\n${run.output}`);
  return { report: JSON.parse(readFileSync(reportFile, 'utf8')) as ImportReport, output: run.output };
}

/** Records read so far by every run of the import, from the checkpoint events in the store. */
export async function checkpointedReads(dataDir: string): Promise<number> {
  const watcher = new CheckpointWatcher(dataDir);
  try {
    return await watcher.read();
  } finally {
    await watcher.close();
  }
}

/**
 * Follows the checkpoint events of an import that is running in another process, reading only what was appended
 * since the last look, so that a test can stop the import after a given number of records, between two batches.
 */
export class CheckpointWatcher {
  private log: ReturnType<typeof openEventLog> | null = null;
  private position: bigint | null = null;
  private reads = 0;

  constructor(private readonly dataDir: string) {}

  /** Records read so far (0 until the import has created its store). */
  async read(): Promise<number> {
    if (!this.log) {
      if (!existsSync(join(this.dataDir, EVENTS_FILE))) return 0;
      this.log = openEventLog(this.dataDir, EGOV_SECRET);
    }
    for (let batch = await this.log.readAll(this.position, 5000); batch.length > 0;) {
      for (const event of batch) {
        if (event.stream.startsWith('import-') && event.type === 'ImportBatchWritten') {
          this.reads += (event.data as { read: number }).read;
        }
      }
      this.position = batch[batch.length - 1].position;
      batch = await this.log.readAll(this.position, 5000);
    }
    return this.reads;
  }

  async close(): Promise<void> {
    await this.log?.close();
  }
}

interface StoredEvent {
  stream: string;
  type: string;
  data: Record<string, unknown>;
}

async function allEvents(dataDir: string): Promise<StoredEvent[]> {
  const log = openEventLog(dataDir, EGOV_SECRET);
  const events: StoredEvent[] = [];
  try {
    let after: bigint | null = null;
    for (let batch = await log.readAll(after, 5000); batch.length > 0; batch = await log.readAll(after, 5000)) {
      for (const event of batch) events.push(event as unknown as StoredEvent);
      after = batch[batch.length - 1].position;
    }
  } finally {
    await log.close();
  }
  return events;
}

/** The events of one stream, oldest first. */
export async function eventsOf(dataDir: string, stream: string): Promise<StoredEvent[]> {
  return (await allEvents(dataDir)).filter((event) => event.stream === stream);
}

/**
 * Every user stream of the store, each as its events without `at` (when the import wrote them, which differs
 * between two runs over the same source): two stores answer the same users exactly when these are equal.
 */
export async function canonicalUsers(dataDir: string): Promise<Record<string, unknown[]>> {
  const users: Record<string, unknown[]> = {};
  for (const event of await allEvents(dataDir)) {
    if (!isUserStream(event.stream)) continue;
    const { at: _at, ...data } = event.data;
    (users[event.stream] ??= []).push({ type: event.type, data });
  }
  return users;
}

const BLOOD_GROUP_OF_NAME: Readonly<Record<string, string>> = {
  A_POSITIVE: 'A+',
  A_NEGATIVE: 'A-',
  B_POSITIVE: 'B+',
  B_NEGATIVE: 'B-',
  AB_POSITIVE: 'AB+',
  AB_NEGATIVE: 'AB-',
  O_POSITIVE: 'O+',
  O_NEGATIVE: 'O-',
};

/** `dd-MM-yyyy HH:mm:ss` in UTC, as the egov face writes times (ROSTER_EGOV_TIME_ZONE unset). */
function egovTime(iso: string): string {
  const [date, time] = iso.split('T');
  const [year, month, day] = date.split('-');
  return `${day}-${month}-${year} ${time.slice(0, 8)}`;
}

/**
 * What egov `/user/_search` should answer for a fixture user: every field the row, its addresses and its roles
 * hold, in the egov face's spellings (roles as a sorted set, since their order is not part of the contract).
 */
export function expectedEgovAnswer(user: EgovUser) {
  const [permanent, correspondence] = user.addresses;
  const gender = EGOV_GENDER_CODES[user.gender];
  if (gender !== null && !(GENDERS as readonly string[]).includes(gender)) throw new Error(`gender ${gender}`);
  return {
    id: user.id,
    uuid: user.uuid,
    userName: user.userName,
    name: user.name,
    type: user.type,
    tenantId: user.tenantId,
    salutation: user.salutation,
    locale: user.locale,
    gender,
    dob: user.dob,
    mobileNumber: user.mobileNumber,
    emailId: user.emailId,
    altContactNumber: user.altContactNumber,
    alternatemobilenumber: user.alternateMobileNumber,
    pan: user.pan,
    aadhaarNumber: user.aadhaarNumber,
    fatherOrHusbandName: user.guardian,
    relationship: user.guardianRelation === '' ? null : user.guardianRelation,
    bloodGroup: user.bloodGroup === '' ? null : BLOOD_GROUP_OF_NAME[user.bloodGroup],
    signature: user.signature,
    photo: user.photo,
    identificationMark: user.identificationMark,
    permanentAddress: permanent.address,
    permanentCity: permanent.city,
    permanentPinCode: permanent.pincode,
    correspondenceAddress: correspondence.address,
    correspondenceCity: correspondence.city,
    correspondencePinCode: correspondence.pincode,
    active: user.active,
    accountLocked: user.accountLocked,
    // Only a lock still in force is kept; the egov face answers when it began, as egov-user stored it.
    accountLockedDate: user.accountLocked ? user.accountLockedDate : null,
    roles: distinctRoles(user.roleRows.map((role) => ({ code: role.code, tenantId: role.tenantId }))),
    // The numeric ids of the users who created and last changed it: imported ids are kept as they were.
    createdBy: user.createdBy,
    lastModifiedBy: user.lastModifiedBy,
    createdDate: egovTime(user.createdDate),
    lastModifiedDate: egovTime(user.lastModifiedDate),
    pwdExpiryDate: egovTime(user.pwdExpiryDate),
  };
}

/** The fields of an egov answer that expectedEgovAnswer describes, roles reduced to sorted {code, tenantId}. */
export function comparableEgovAnswer(answer: Record<string, unknown>, expected: Record<string, unknown>) {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) picked[key] = answer[key];
  picked.roles = distinctRoles(
    ((answer.roles as Array<{ code: string; tenantId: string }>) ?? []).map(({ code, tenantId }) => ({
      code,
      tenantId,
    })),
  );
  return picked;
}

function distinctRoles(roles: Array<{ code: string; tenantId: string }>) {
  const byKey = new Map(roles.map((role) => [`${role.tenantId}|${role.code}`, role]));
  return [...byKey.keys()].sort().map((key) => byKey.get(key));
}
