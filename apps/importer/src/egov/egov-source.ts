import { EGOV_FIELD_PATTERNS, MAX_NUMERIC_USER_ID } from '@roster/domain';
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

/** A row of a page: the user's columns with its addresses, roles and actors' uuids (see `page`). */
interface EgovPageRow extends EgovUserRow {
  addresses: EgovAddressRow[];
  roles: EgovRoleRow[];
  createdby_uuid: string | null;
  lastmodifiedby_uuid: string | null;
}

/** Without these there is no user to read; every other column is read when the schema version has it. */
const REQUIRED_USER_COLUMNS = ['id', 'tenantid', 'username', 'type'] as const;
const REQUIRED_TABLES = ['eg_user', 'eg_user_address', 'eg_userrole_v1'] as const;

/**
 * egov-user's PostgreSQL database as an import source: eg_user in its primary key's order (id, tenantid), one
 * page per batch, each user with its addresses (eg_user_address), roles (eg_userrole_v1) and creators' uuids, in
 * one query per page; PII decrypted through egov-enc-service where it is encrypted.
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

  /**
   * The highest id a user can keep: an id above MAX_NUMERIC_USER_ID is refused (DIGIT's clients cannot read it), and
   * counting it would reserve every id left, so Roster could create no user after the import.
   */
  async maxNumericId(): Promise<number | null> {
    await this.columns();
    const filter = this.tenantFilter(2);
    const { rows } = await this.client.query<{ max: string | null }>(
      `SELECT max(u.id)::text AS max FROM eg_user u WHERE u.id <= $1 ${filter.sql ? `AND ${filter.sql}` : ''}`,
      [MAX_NUMERIC_USER_ID, ...filter.values],
    );
    return rows[0].max === null ? null : Number(rows[0].max);
  }

  async *batches(after: string | null, size: number): AsyncIterable<SourceBatch> {
    const columns = await this.columns();
    let next = this.page(columns, after === null ? null : parsePosition(after), size);
    for (;;) {
      const users = await next;
      if (users.length === 0) return;
      const last = users[users.length - 1];
      const position = { id: last.id, tenantid: last.tenantid };
      // The next page is computed by PostgreSQL while the importer writes this one.
      next = users.length < size ? Promise.resolve([]) : this.page(columns, position, size);
      // An abandoned read (the importer stopped) must not surface as an unhandled rejection; awaited, it still throws.
      next.catch(() => {});
      await this.decrypt(users);
      const uuids = new Map<string, string | null>();
      for (const user of users) {
        if (user.createdby !== null) uuids.set(user.createdby, user.createdby_uuid);
        if (user.lastmodifiedby !== null) uuids.set(user.lastmodifiedby, user.lastmodifiedby_uuid);
      }
      const context = {
        lockMs: this.options.lockMs,
        passwordExpiryDays: this.options.passwordExpiryDays,
        mobilePattern: this.options.mobilePattern ?? EGOV_MOBILE_PATTERN,
        now: new Date(),
        uuidOfEgovId: (id: string) => uuids.get(id) ?? null,
      };
      const records = users.map((user) => egovRecordOf(user, user.addresses, user.roles, context));
      yield { records, resumeAfter: JSON.stringify([position.id, position.tenantid]) };
    }
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

  /**
   * One page of users after `position`, each with its addresses, its distinct roles and the uuids of its creator and
   * last modifier (egov numeric ids, looked up in any tenant), in one query: one round trip per page.
   */
  private async page(columns: Set<string>, after: Position | null, size: number): Promise<EgovPageRow[]> {
    const select = (Object.entries(USER_COLUMNS) as Array<[keyof EgovUserRow, ColumnKind]>)
      .map(([column, kind]) => `${columns.has(column) ? expression(column, kind) : absent(kind)} AS ${column}`)
      .join(', ');
    const uuidOf = (column: string) =>
      columns.has(column) && columns.has('uuid')
        ? `(SELECT trim(c.uuid) FROM eg_user c WHERE c.id = u.${column} AND c.uuid IS NOT NULL ORDER BY c.tenantid LIMIT 1)`
        : 'NULL::text';
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
    const { rows } = await this.client.query<EgovPageRow>(
      `SELECT ${select},
         (SELECT coalesce(json_agg(json_build_object('type', a.type, 'address', a.address, 'city', a.city,
                    'pincode', a.pincode)), '[]')
            FROM eg_user_address a WHERE a.userid = u.id AND a.tenantid = u.tenantid) AS addresses,
         (SELECT coalesce(json_agg(json_build_object('role_code', r.role_code, 'role_tenantid', r.role_tenantid)
                    ORDER BY r.role_code, r.role_tenantid), '[]')
            FROM (SELECT DISTINCT role_code, role_tenantid FROM eg_userrole_v1
                   WHERE user_id = u.id AND user_tenantid = u.tenantid) r) AS roles,
         ${uuidOf('createdby')} AS createdby_uuid,
         ${uuidOf('lastmodifiedby')} AS lastmodifiedby_uuid
       FROM eg_user u ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY u.id, u.tenantid LIMIT $1`,
      values,
    );
    return rows;
  }

  /**
   * Replaces every ciphertext of the page with its plaintext, in one call to the enc-service. Without one, the
   * first ciphertext stops the run before anything of the batch is written.
   */
  private async decrypt(users: EgovPageRow[]): Promise<void> {
    const encrypted: Array<{ ciphertext: string; replace: (plaintext: string | null) => void; where: string }> = [];
    for (const user of users) {
      for (const column of ENCRYPTABLE_USER_COLUMNS) {
        const value = user[column];
        if (!isCiphertext(value)) continue;
        const where = `eg_user.${column} of user ${egovSourceId(user)}`;
        encrypted.push({ ciphertext: value, replace: (plaintext) => (user[column] = plaintext), where });
      }
      for (const address of user.addresses) {
        for (const column of ENCRYPTABLE_ADDRESS_COLUMNS) {
          const value = address[column];
          if (!isCiphertext(value)) continue;
          const where = `eg_user_address.${column} (${address.type}) of user ${egovSourceId(user)}`;
          encrypted.push({ ciphertext: value, replace: (plaintext) => (address[column] = plaintext), where });
        }
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
