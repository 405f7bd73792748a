import { EGOV_FIELD_PATTERNS } from '@roster/domain';
import { Client } from 'pg';
import type { ImportSource, SourceBatch } from '../import-source';
import type { EgovAddressRow, EgovRoleRow, EgovUserRow } from './egov-mapping';
import { egovRecordOf, egovSourceId, ENCRYPTABLE_ADDRESS_COLUMNS, ENCRYPTABLE_USER_COLUMNS } from './egov-mapping';
import { EncryptedValuesError, EncService, isCiphertext } from './enc-service';

export interface EgovSourceOptions {
  /** Tenants to import, each with its sub-tenants (`pb` selects `pb` and `pb.*`); empty: every tenant. */
  tenants: string[];
  /** Base URL of the egov-enc-service that encrypted the PII, or null when the data is plaintext. */
  encService: string | null;
  lockMs: number;
  passwordExpiryDays: number;
  /** The mobile number rule (ROSTER_MOBILE_PATTERN); egov-user's 10 digits when not given. */
  mobilePattern?: RegExp;
}

/** egov-user's own mobile number rule, the default of ROSTER_MOBILE_PATTERN. */
const EGOV_MOBILE_PATTERN = /^[0-9]{10}$/;

type ColumnKind = 'text' | 'int' | 'boolean' | 'bigint' | 'timestamp' | 'date';

/** The eg_user columns the import reads and how each is selected: as text where node-postgres would round or shift it. */
const USER_COLUMNS: Readonly<Record<keyof EgovUserRow, ColumnKind>> = {
  id: 'bigint',
  tenantid: 'text',
  uuid: 'text',
  username: 'text',
  password: 'text',
  type: 'text',
  name: 'text',
  salutation: 'text',
  dob: 'date',
  locale: 'text',
  mobilenumber: 'text',
  altcontactnumber: 'text',
  alternatemobilenumber: 'text',
  emailid: 'text',
  pan: 'text',
  aadhaarnumber: 'text',
  guardian: 'text',
  guardianrelation: 'text',
  bloodgroup: 'text',
  gender: 'int',
  signature: 'text',
  photo: 'text',
  identificationmark: 'text',
  active: 'boolean',
  accountlocked: 'boolean',
  accountlockeddate: 'bigint',
  pwdexpirydate: 'timestamp',
  createddate: 'timestamp',
  lastmodifieddate: 'timestamp',
  createdby: 'bigint',
  lastmodifiedby: 'bigint',
};

/** Without these there is no user to read; every other column is read when the schema version has it. */
const REQUIRED_USER_COLUMNS = ['id', 'tenantid', 'username', 'type'] as const;
const REQUIRED_TABLES = ['eg_user', 'eg_user_address', 'eg_userrole_v1'] as const;

/**
 * egov-user's PostgreSQL database as an import source: eg_user in its primary key's order (id, tenantid), one
 * page per batch, with each page's addresses (eg_user_address), roles (eg_userrole_v1) and creators' uuids in one
 * query each, PII decrypted through egov-enc-service where it is encrypted.
 */
export class EgovSource implements ImportSource {
  readonly kind = 'egov' as const;
  readonly identity: string;
  private readonly client: Client;
  private readonly tenants: string[];
  private readonly encService: EncService | null;
  private connected: Promise<Set<string>> | null = null;
  private open = false;

  constructor(
    url: string,
    private readonly options: EgovSourceOptions,
  ) {
    for (const tenant of options.tenants) {
      if (!EGOV_FIELD_PATTERNS.tenantId.test(tenant)) {
        throw new Error(`tenant "${tenant}" is not a tenant id (letters separated by dots)`);
      }
    }
    this.tenants = [...new Set(options.tenants)].sort();
    this.identity = identityOf(url, this.tenants);
    this.client = new Client({ connectionString: url });
    // An idle connection dropped by the server surfaces at the next query; without a listener it would crash the process.
    this.client.on('error', () => {});
    this.encService = options.encService === null ? null : new EncService(options.encService);
  }

  async count(): Promise<number> {
    await this.columns();
    const filter = this.tenantFilter(1);
    const { rows } = await this.client.query<{ count: string }>(
      `SELECT count(*)::text AS count FROM eg_user u ${filter.sql ? `WHERE ${filter.sql}` : ''}`,
      filter.values,
    );
    return Number(rows[0].count);
  }

  async maxNumericId(): Promise<number | null> {
    await this.columns();
    const filter = this.tenantFilter(1);
    const { rows } = await this.client.query<{ max: string | null }>(
      `SELECT max(u.id)::text AS max FROM eg_user u ${filter.sql ? `WHERE ${filter.sql}` : ''}`,
      filter.values,
    );
    return rows[0].max === null ? null : Number(rows[0].max);
  }

  async *batches(after: string | null, size: number): AsyncIterable<SourceBatch> {
    const columns = await this.columns();
    let next = this.readPage(columns, after === null ? null : parsePosition(after), size);
    for (;;) {
      const page = await next;
      if (page === null) return;
      const { users, addresses, roles, uuids, position } = page;
      // The next page is read while the importer writes this one.
      next = users.length < size ? Promise.resolve(null) : this.readPage(columns, position, size);
      // An abandoned read (the importer stopped) must not surface as an unhandled rejection; awaited, it still throws.
      next.catch(() => {});
      await this.decrypt(users, addresses);
      const context = {
        lockMs: this.options.lockMs,
        passwordExpiryDays: this.options.passwordExpiryDays,
        mobilePattern: this.options.mobilePattern ?? EGOV_MOBILE_PATTERN,
        now: new Date(),
        uuidOfEgovId: (id: string) => uuids.get(id) ?? null,
      };
      const records = users.map((user) =>
        egovRecordOf(user, addresses.get(egovSourceId(user)) ?? [], roles.get(egovSourceId(user)) ?? [], context),
      );
      yield { records, resumeAfter: JSON.stringify([position.id, position.tenantid]) };
    }
  }

  /** One page of users after `position`, with their addresses, roles and creators' uuids; null past the end. */
  private async readPage(columns: Set<string>, position: Position | null, size: number) {
    const users = await this.page(columns, position, size);
    if (users.length === 0) return null;
    const last = users[users.length - 1];
    // One query at a time: a pg Client runs its queries in turn anyway.
    const addresses = await this.addressesOf(users);
    const roles = await this.rolesOf(users);
    const uuids = await this.uuidsOf(users, columns);
    return { users, addresses, roles, uuids, position: { id: last.id, tenantid: last.tenantid } };
  }

  async close(): Promise<void> {
    if (this.open) await this.client.end();
    this.open = false;
  }

  /** The eg_user columns present (schema versions differ); connects on first use and checks the tables. */
  private columns(): Promise<Set<string>> {
    this.connected ??= (async () => {
      await this.client.connect();
      this.open = true;
      const { rows } = await this.client.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = ANY($1::text[])`,
        [REQUIRED_TABLES],
      );
      const tables = new Set(rows.map((row) => row.table_name));
      const missingTable = REQUIRED_TABLES.find((table) => !tables.has(table));
      if (missingTable) {
        throw new Error(
          `the database has no table ${missingTable} in its current schema: not an egov-user database of 2019 or later`,
        );
      }
      const userColumns = new Set(rows.filter((row) => row.table_name === 'eg_user').map((row) => row.column_name));
      const missingColumn = REQUIRED_USER_COLUMNS.find((column) => !userColumns.has(column));
      if (missingColumn) throw new Error(`eg_user has no column ${missingColumn}`);
      return userColumns;
    })();
    return this.connected;
  }

  private async page(columns: Set<string>, after: Position | null, size: number): Promise<EgovUserRow[]> {
    const select = (Object.entries(USER_COLUMNS) as Array<[keyof EgovUserRow, ColumnKind]>)
      .map(([column, kind]) => `${columns.has(column) ? expression(column, kind) : absent(kind)} AS ${column}`)
      .join(', ');
    const values: unknown[] = [size];
    const conditions: string[] = [];
    if (after) {
      conditions.push(`(u.id, u.tenantid) > ($2::bigint, $3::text)`);
      values.push(after.id, after.tenantid);
    }
    const filter = this.tenantFilter(values.length + 1);
    if (filter.sql) {
      conditions.push(filter.sql);
      values.push(...filter.values);
    }
    const { rows } = await this.client.query<EgovUserRow>(
      `SELECT ${select} FROM eg_user u ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY u.id, u.tenantid LIMIT $1`,
      values,
    );
    return rows;
  }

  /** The page's users as two parallel arrays, for `unnest` joins on the (id, tenantid) key. */
  private keysOf(users: readonly EgovUserRow[]): [string[], string[]] {
    return [users.map((user) => user.id), users.map((user) => user.tenantid)];
  }

  private async addressesOf(users: readonly EgovUserRow[]): Promise<Map<string, EgovAddressRow[]>> {
    const { rows } = await this.client.query<EgovAddressRow>(
      `SELECT a.userid::text AS userid, a.tenantid, a.type, a.address, a.city, a.pincode
         FROM eg_user_address a JOIN unnest($1::bigint[], $2::text[]) AS k(id, tenantid)
           ON a.userid = k.id AND a.tenantid = k.tenantid`,
      this.keysOf(users),
    );
    return groupBy(rows, (row) => egovSourceId({ id: row.userid, tenantid: row.tenantid }));
  }

  /** eg_userrole_v1 has no key: the same grant may be there twice. */
  private async rolesOf(users: readonly EgovUserRow[]): Promise<Map<string, EgovRoleRow[]>> {
    const { rows } = await this.client.query<EgovRoleRow>(
      `SELECT DISTINCT r.user_id::text AS user_id, r.user_tenantid, r.role_code, r.role_tenantid
         FROM eg_userrole_v1 r JOIN unnest($1::bigint[], $2::text[]) AS k(id, tenantid)
           ON r.user_id = k.id AND r.user_tenantid = k.tenantid
        ORDER BY r.role_code, r.role_tenantid`,
      this.keysOf(users),
    );
    return groupBy(rows, (row) => egovSourceId({ id: row.user_id, tenantid: row.user_tenantid }));
  }

  /** The uuids of the egov users the page names as creators and last modifiers, by numeric id, in any tenant. */
  private async uuidsOf(users: readonly EgovUserRow[], columns: Set<string>): Promise<Map<string, string>> {
    const ids = [
      ...new Set(users.flatMap((user) => [user.createdby, user.lastmodifiedby]).filter((id) => id && id !== '0')),
    ];
    if (ids.length === 0 || !columns.has('uuid')) return new Map();
    const { rows } = await this.client.query<{ id: string; uuid: string | null }>(
      `SELECT DISTINCT ON (id) id::text AS id, uuid FROM eg_user
        WHERE id = ANY($1::bigint[]) AND uuid IS NOT NULL ORDER BY id, tenantid`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, (row.uuid as string).trim()]));
  }

  /**
   * Replaces every ciphertext of the page with its plaintext, in one call to the enc-service. Without one, the
   * first ciphertext stops the run before anything of the batch is written.
   */
  private async decrypt(users: EgovUserRow[], addresses: Map<string, EgovAddressRow[]>): Promise<void> {
    const encrypted: Array<{ ciphertext: string; replace: (plaintext: string | null) => void; where: string }> = [];
    for (const user of users) {
      for (const column of ENCRYPTABLE_USER_COLUMNS) {
        const value = user[column];
        if (!isCiphertext(value)) continue;
        const where = `eg_user.${column} of user ${egovSourceId(user)}`;
        encrypted.push({ ciphertext: value, replace: (plaintext) => (user[column] = plaintext), where });
      }
    }
    for (const address of [...addresses.values()].flat()) {
      for (const column of ENCRYPTABLE_ADDRESS_COLUMNS) {
        const value = address[column];
        if (!isCiphertext(value)) continue;
        const where = `eg_user_address.${column} of user ${egovSourceId({ id: address.userid, tenantid: address.tenantid })}`;
        encrypted.push({ ciphertext: value, replace: (plaintext) => (address[column] = plaintext), where });
      }
    }
    if (encrypted.length === 0) return;
    if (this.encService === null) throw new EncryptedValuesError(encrypted[0].where);
    const plaintexts = await this.encService.decrypt(encrypted.map((field) => field.ciphertext));
    for (const field of encrypted) field.replace(plaintexts.get(field.ciphertext) ?? null);
  }

  /** `tenantid` in the selected tenants or their sub-tenants; no condition when every tenant is imported. */
  private tenantFilter(firstParameter: number): { sql: string; values: unknown[] } {
    if (this.tenants.length === 0) return { sql: '', values: [] };
    return {
      sql: `(u.tenantid = ANY($${firstParameter}::text[]) OR u.tenantid LIKE ANY($${firstParameter + 1}::text[]))`,
      // Tenant ids are letters and dots, so they carry no LIKE wildcard.
      values: [this.tenants, this.tenants.map((tenant) => `${tenant}.%`)],
    };
  }
}

function expression(column: string, kind: ColumnKind): string {
  switch (kind) {
    case 'text':
      return `u.${column}::text`;
    case 'int':
      return `u.${column}::int`;
    case 'boolean':
      return `u.${column}`;
    case 'bigint':
      return `u.${column}::text`;
    // egov-user writes UTC wall-clock times into `timestamp` columns: read as such, whatever the session's zone.
    case 'timestamp':
      return `to_char(u.${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'date':
      return `to_char(u.${column}, 'YYYY-MM-DD')`;
  }
}

function absent(kind: ColumnKind): string {
  return kind === 'int' ? 'NULL::int' : kind === 'boolean' ? 'NULL::boolean' : 'NULL::text';
}

/** Where a page ends: the primary key of its last row. */
interface Position {
  id: string;
  tenantid: string;
}

function parsePosition(after: string): Position {
  const parsed: unknown = JSON.parse(after);
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') {
    throw new Error(`not an egov source position: ${after}`);
  }
  return { id: parsed[0], tenantid: parsed[1] };
}

/**
 * Names the database (host, port, database) and the tenant selection, never the credentials: the same import
 * run again finds its checkpoints under it.
 */
function identityOf(url: string, tenants: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('the egov database must be given as a URL: postgres://user:password@host:port/database');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error('the egov database must be given as a postgres:// or postgresql:// URL');
  }
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return `egov:${host}:${parsed.port || '5432'}/${database}${tenants.length ? `?tenants=${tenants.join(',')}` : ''}`;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
