import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import type { SourceBatch, SourceRecord } from '../import-source';
import { EgovSource } from './egov-source';
import type { EgovSourceOptions } from './egov-source';

/**
 * EgovSource against a real PostgreSQL (PG_URL, e.g. from scripts/infra/up.sh postgres): an older egov-user
 * schema (no uuid-less rows, but no alternatemobilenumber, accountlockeddate or countrycode columns), rows whose
 * primary keys share an id across tenants, encrypted and plaintext values side by side, and a stand-in
 * egov-enc-service.
 */
const pgUrl = process.env.PG_URL;
if (!pgUrl) console.warn('EgovSource suite skipped: PG_URL is not set (scripts/infra/up.sh postgres)');
const describeWithPostgres = pgUrl ? describe : describe.skip;

// egov-user's schema before 2021: no alternatemobilenumber, accountlockeddate or countrycode.
const OLD_SCHEMA = `
CREATE TABLE eg_user (
  title varchar(8), salutation varchar(5), dob timestamp, locale varchar(16), username varchar(180) NOT NULL,
  password varchar(64) NOT NULL, pwdexpirydate timestamp, mobilenumber varchar(150), altcontactnumber varchar(150),
  emailid varchar(300), createddate timestamp, lastmodifieddate timestamp, createdby bigint, lastmodifiedby bigint,
  active boolean, name varchar(250), gender smallint, pan varchar(65), aadhaarnumber varchar(85), type varchar(50),
  version numeric DEFAULT 0, guardian varchar(250), guardianrelation varchar(32), signature varchar(36),
  accountlocked boolean DEFAULT false, bloodgroup varchar(32), photo varchar(36), identificationmark varchar(300),
  tenantid varchar(256) NOT NULL, id bigint NOT NULL, uuid character(36),
  CONSTRAINT eg_user_pkey PRIMARY KEY (id, tenantid)
);
CREATE TABLE eg_user_address (
  id bigint PRIMARY KEY, version numeric DEFAULT 0, createddate timestamp NOT NULL, lastmodifieddate timestamp,
  createdby bigint NOT NULL, lastmodifiedby bigint, type varchar(50) NOT NULL, address varchar(440), city varchar(300),
  pincode varchar(10), userid bigint NOT NULL, tenantid varchar(256) NOT NULL
);
CREATE TABLE eg_userrole_v1 (
  role_code varchar(50), role_tenantid varchar(256), user_id bigint, user_tenantid varchar(256), lastmodifieddate timestamp
);`;

const BCRYPT = '$2a$10$' + 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0';
const uuidOf = (id: number) => `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`;
/** The stand-in enc-service's "encryption": keyId 1, the plaintext in base64. */
const encrypt = (plaintext: string) => `1|${Buffer.from(plaintext).toString('base64')}`;

interface Row {
  id: number;
  tenantid: string;
  username: string;
  type: string;
  name: string;
  mobilenumber: string | null;
  createdby?: number | null;
}

describeWithPostgres('EgovSource', () => {
  let admin: Client;
  let database: string;
  let url: string;
  let encServer: Server;
  let encUrl: string;
  let encCalls: unknown[][];
  let encFails = false;

  beforeAll(async () => {
    admin = new Client({ connectionString: pgUrl });
    await admin.connect();
    database = `roster_egov_source_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${database}`);
    const parsed = new URL(pgUrl as string);
    parsed.pathname = `/${database}`;
    url = parsed.toString();
    const db = new Client({ connectionString: url });
    await db.connect();
    await db.query(OLD_SCHEMA);
    const rows: Row[] = [
      { id: 1, tenantid: 'pb', username: 'ADMIN', type: 'EMPLOYEE', name: 'State Admin', mobilenumber: null },
      // The same id in two tenants: the primary key is (id, tenantid).
      {
        id: 5,
        tenantid: 'pb',
        username: encrypt('9876543210'),
        type: 'CITIZEN',
        name: encrypt('Asha Kaur'),
        mobilenumber: encrypt('9876543210'),
        createdby: 1,
      },
      {
        id: 5,
        tenantid: 'pb.amritsar',
        username: 'EMP5',
        type: 'EMPLOYEE',
        name: 'Ravi Singh',
        mobilenumber: '9876500000',
      },
      { id: 6, tenantid: 'pbx', username: 'OTHER', type: 'EMPLOYEE', name: 'Other State', mobilenumber: null },
      {
        id: 7,
        tenantid: 'pb',
        username: '9000000007',
        type: 'CITIZEN',
        name: 'Plain Citizen',
        mobilenumber: '9000000007',
      },
    ];
    for (const row of rows) {
      await db.query(
        `INSERT INTO eg_user (id, tenantid, uuid, username, password, type, name, mobilenumber, active, gender,
           createddate, lastmodifieddate, pwdexpirydate, dob, createdby)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true, 2, '2020-01-01 08:39:35.276', '2021-02-03 04:05:06.007',
           '2099-04-01 00:00:00', '1990-04-01 00:00:00', $9)`,
        [
          row.id,
          row.tenantid,
          uuidOf(row.id * 10 + row.tenantid.length),
          row.username,
          BCRYPT,
          row.type,
          row.name,
          row.mobilenumber,
          row.createdby ?? null,
        ],
      );
    }
    await db.query(
      `INSERT INTO eg_user_address (id, createddate, createdby, type, address, city, pincode, userid, tenantid)
       VALUES (1, now(), 5, 'PERMANENT', $1, 'Amritsar', '143001', 5, 'pb')`,
      [encrypt('12 Mall Road')],
    );
    await db.query(
      `INSERT INTO eg_userrole_v1 (role_code, role_tenantid, user_id, user_tenantid)
       VALUES ('CITIZEN', 'pb', 5, 'pb'), ('CITIZEN', 'pb', 5, 'pb'), ('EMPLOYEE', 'pb.amritsar', 5, 'pb.amritsar')`,
    );
    await db.end();

    encCalls = [];
    encServer = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        const body = JSON.parse(text) as string[];
        encCalls.push(body);
        if (encFails) {
          response.statusCode = 500;
          response.end('{}');
          return;
        }
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(body.map((value) => Buffer.from(value.split('|')[1], 'base64').toString())));
      });
    });
    await new Promise<void>((resolve) => encServer.listen(0, '127.0.0.1', resolve));
    encUrl = `http://127.0.0.1:${(encServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => encServer?.close(resolve));
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
  });

  beforeEach(() => {
    encCalls = [];
    encFails = false;
  });

  const options = (overrides: Partial<EgovSourceOptions> = {}): EgovSourceOptions => ({
    tenants: [],
    encService: encUrl,
    lockMs: 3_600_000,
    passwordExpiryDays: 90,
    ...overrides,
  });

  async function readAll(source: EgovSource, after: string | null = null, size = 2): Promise<SourceBatch[]> {
    const batches: SourceBatch[] = [];
    try {
      for await (const batch of source.batches(after, size)) batches.push(batch);
    } finally {
      await source.close();
    }
    return batches;
  }

  const ids = (batches: SourceBatch[]) => batches.flatMap((batch) => batch.records.map((record) => record.sourceId));
  const record = (batches: SourceBatch[], sourceId: string) =>
    batches.flatMap((batch) => batch.records).find((each) => each.sourceId === sourceId) as SourceRecord;

  it('reads every user in (id, tenantid) order, decrypting each page in one call, exact to the millisecond', async () => {
    const source = new EgovSource(url, options());
    expect(await source.count()).toBe(5);
    expect(await source.maxNumericId()).toBe(7);
    const batches = await readAll(source);

    expect(ids(batches)).toEqual(['1@pb', '5@pb', '5@pb.amritsar', '6@pbx', '7@pb']);
    expect(encCalls).toHaveLength(1);
    expect(encCalls[0]).toHaveLength(3); // the name, the number (as username and mobile) and the address, once each
    const citizen = record(batches, '5@pb').candidate;
    expect(citizen).toMatchObject({
      userId: uuidOf(52),
      userName: '9876543210',
      numericId: 5,
      profile: {
        firstName: 'Asha',
        lastName: 'Kaur',
        mobile: '9876543210',
        permanentAddress: '12 Mall Road',
        gender: 'MALE',
        dateOfBirth: '1990-04-01',
      },
      roles: [{ code: 'CITIZEN', tenantId: 'pb' }],
      createdBy: uuidOf(12),
      createdAt: '2020-01-01T08:39:35.276Z',
      updatedAt: '2021-02-03T04:05:06.007Z',
      passwordChangedAt: '2099-01-01T00:00:00.000Z',
      lockedUntil: null,
    });
    expect(record(batches, '5@pb.amritsar').candidate?.roles).toEqual([{ code: 'EMPLOYEE', tenantId: 'pb.amritsar' }]);
  });

  it('selects a tenant with its sub-tenants, not a tenant that merely starts alike', async () => {
    const source = new EgovSource(url, options({ tenants: ['pb'] }));
    expect(await source.count()).toBe(4);
    expect(ids(await readAll(source))).toEqual(['1@pb', '5@pb', '5@pb.amritsar', '7@pb']);
  });

  it('resumes after a position between two rows of the same id', async () => {
    const source = new EgovSource(url, options());
    const first = (await readAll(source, null, 2))[0];
    expect(first.resumeAfter).toBe(JSON.stringify(['5', 'pb']));
    expect(ids(await readAll(new EgovSource(url, options()), first.resumeAfter, 2))).toEqual([
      '5@pb.amritsar',
      '6@pbx',
      '7@pb',
    ]);
  });

  it('without --enc-service stops at the first ciphertext, naming the column and the user but no value', async () => {
    const failure = readAll(new EgovSource(url, options({ encService: null })));
    await expect(failure).rejects.toThrow(/eg_user\.username of user 5@pb .*--enc-service/);
    await expect(failure).rejects.not.toThrow(/\d\|/);
  });

  it('stops when the enc-service fails, before yielding the batch', async () => {
    encFails = true;
    const yielded: SourceBatch[] = [];
    const source = new EgovSource(url, options());
    await expect(
      (async () => {
        for await (const batch of source.batches(null, 10)) yielded.push(batch);
      })(),
    ).rejects.toThrow(/answered HTTP 500/);
    await source.close();
    expect(yielded).toEqual([]);
  });

  it('names the database, never its credentials, in its identity', () => {
    const source = new EgovSource('postgres://egov:hunter2@db.example:6432/egov', options({ tenants: ['pb', 'hp'] }));
    expect(source.identity).toBe('egov:db.example:6432/egov?tenants=hp,pb');
  });
});
