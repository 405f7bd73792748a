import { randomInt, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { HttpClient } from './support/http-client';
import type { MarkerHit } from './support/marker-scan';
import { findMarkers } from './support/marker-scan';
import type { SpawnedRoster } from './support/roster-harness';
import { freePort, killHard, makeDataDir, spawnRoster } from './support/roster-harness';

/**
 * What Roster writes to disk about a person, read from the raw bytes of every file under DATA_DIR: a user's name,
 * e-mail, userName and mobile number carry markers found nowhere else. The event store and the key store never hold
 * them (personal data is encrypted before it is appended); the read model does (so the scan demonstrably finds what is
 * there); once the user is erased and the projector has caught up, no file holds them any more — also when the
 * process is SIGKILLed right after the erasure was acknowledged and started again on the same files.
 *
 * The markers are ASCII letters and digits, so their UTF-8 bytes, their JSON-escaped form and their form in any
 * ASCII-compatible text are the same bytes: one search per marker covers JSON documents, SQLite text columns and
 * stream names. Encodings that spread or transform the bytes (UTF-16, base64, compression) are not searched; Roster's
 * SQLite files are UTF-8 and compress nothing.
 */
describe('personal data at rest', () => {
  // The embedded stores whatever the suite's environment says: this test reads their files.
  const EMBEDDED = {
    EVENT_STORE: 'sqlite',
    READ_MODEL: 'sqlite',
    EVENTSTORE_URL: '',
    MONGO_URL: '',
    KAFKA_BROKERS: '',
  };
  const dataDirs: string[] = [];
  const running: SpawnedRoster[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((roster) => killHard(roster.process)));
    for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function start(dataDir: string, port: number): Promise<SpawnedRoster> {
    const roster = await spawnRoster(dataDir, port, EMBEDDED);
    running.push(roster);
    return roster;
  }

  it('keeps the person out of the event and key stores, and out of every file once erased', async () => {
    const dataDir = makeDataDir();
    dataDirs.push(dataDir);
    const roster = await start(dataDir, await freePort());
    const person = newPerson();
    const id = await createAndChange(roster.client, person);

    expect(inStores(dataDir, person)).toEqual([]);
    // The read model keeps plain values: the scan finds the markers where they are.
    const inReadModel = findMarkers(dataDir, person.markers, isReadModelFile);
    expect(new Set(inReadModel.map((hit) => hit.marker))).toEqual(new Set(person.markers));

    const erased = await roster.client.send('DELETE', `/users/${id}`);
    expect(erased.status).toBe(204);
    expect(inStores(dataDir, person)).toEqual([]);

    await untilErasedEverywhere(roster.client, id, person, erased.headers.get('x-consistency-token'));
    expect(await nowhereWithin(dataDir, person)).toEqual([]);
    expect(inStores(dataDir, person)).toEqual([]);
  });

  it('leaves the person in no file after a SIGKILL right after the erasure and a restart', async () => {
    const dataDir = makeDataDir();
    dataDirs.push(dataDir);
    const port = await freePort();
    const first = await start(dataDir, port);
    const person = newPerson();
    const id = await createAndChange(first.client, person);
    expect(inStores(dataDir, person)).toEqual([]);

    const erased = await first.client.send('DELETE', `/users/${id}`);
    await killHard(first.process);
    expect(erased.status).toBe(204);
    expect(inStores(dataDir, person)).toEqual([]);

    const second = await start(dataDir, port);
    await untilErasedEverywhere(second.client, id, person, erased.headers.get('x-consistency-token'));
    expect(await nowhereWithin(dataDir, person)).toEqual([]);
  });
});

interface Person {
  /** Letters and digits found nowhere else: in the names, the e-mail address and the userName. */
  token: string;
  /** A valid 10-digit mobile number, as unique, searched for as text. */
  mobileDigits: string;
  markers: string[];
}

function newPerson(): Person {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const token = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('');
  const mobileDigits = `9${String(randomInt(1_000_000_000)).padStart(9, '0')}`;
  return { token, mobileDigits, markers: [token, mobileDigits] };
}

/**
 * A citizen written with every kind of event that carries personal data here: its creation under an Idempotency-Key
 * (the answer kept for a retry holds the record), a userName and a mobile number (reservation streams) and a change
 * of its profile. Answers the user's id once the read model holds the change.
 */
async function createAndChange(api: HttpClient, person: Person): Promise<string> {
  const created = await api.post(
    '/users',
    {
      first_name: `Ann${person.token}`,
      last_name: `Doe${person.token}`,
      email: `${person.token}@example.com`,
      mobile: `+91${person.mobileDigits}`,
      user_name: `user.${person.token}`,
    },
    { 'idempotency-key': randomUUID() },
  );
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const changed = await api.put(`/users/${id}`, { middle_name: `Mid${person.token}` });
  expect(changed.status).toBe(200);
  const read = await api.get(`/users/${id}`, { 'x-consistency-token': changed.headers.get('x-consistency-token')! });
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ middle_name: `Mid${person.token}`, email: `${person.token}@example.com` });
  return id;
}

function isReadModelFile(file: string): boolean {
  return file.startsWith('read-model.sqlite');
}

/** Hits in every file but the read model's: the event store (with its -wal and -shm), the key store, the secret… */
function inStores(dataDir: string, person: Person): MarkerHit[] {
  return findMarkers(dataDir, person.markers, (file) => !isReadModelFile(file));
}

/**
 * Waits until Roster answers as if the person had never been there: 410 for the user (after the erasure's consistency
 * token, when the answer carried one), and no search by name, e-mail or mobile number finds it.
 */
async function untilErasedEverywhere(api: HttpClient, id: string, person: Person, token: string | null): Promise<void> {
  const after: Record<string, string> = token ? { 'x-consistency-token': token } : {};
  const deadline = Date.now() + 20_000;
  let seen = '';
  while (Date.now() < deadline) {
    const one = await api.get(`/users/${id}`, after);
    const found = await Promise.all(
      [{ email: person.token }, { name: `Ann${person.token}` }, { mobile: `+91${person.mobileDigits}` }].map(
        async (query) => {
          const answer = await api.post('/users:search', query, after);
          expect(answer.status).toBe(200);
          return (answer.body.data as unknown[]).length;
        },
      ),
    );
    seen = `GET ${one.status}, searches found ${found.join('/')}`;
    if (one.status === 410 && found.every((count) => count === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the erased user is still visible: ${seen}`);
}

/**
 * Every hit under DATA_DIR once the erasure has settled. The read model truncates its write-ahead log (which still
 * holds earlier copies of the deleted row) right after the batch that deleted the user commits — after the checkpoint
 * a consistency token waits for — and retries it a few times 100 ms apart while another connection's checkpoint holds
 * the log. Five seconds cover those retries many times over; a log left untruncated after them keeps the person's
 * data until a later checkpoint happens to overwrite it, and fails here.
 */
async function nowhereWithin(dataDir: string, person: Person): Promise<MarkerHit[]> {
  const deadline = Date.now() + 5_000;
  let hits = findMarkers(dataDir, person.markers);
  while (hits.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    hits = findMarkers(dataDir, person.markers);
  }
  return hits;
}
