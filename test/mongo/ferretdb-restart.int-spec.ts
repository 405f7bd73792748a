import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { rebuildReadModel } from '@roster/projector';
import type { UserReadModel, UserView } from '@roster/read-model';
import { MongoUserReadModel } from '@roster/read-model/mongodb';
import { openEventLog } from '../e2e/support/event-log';
import type { HttpClient } from '../e2e/support/http-client';
import type { SpawnedRoster } from '../e2e/support/roster-harness';
import { freePort, killHard, makeDataDir, ROOT, spawnRoster } from '../e2e/support/roster-harness';
import { mongoStoreEnv } from '../e2e/support/store-env';

const MONGO_URL = process.env.MONGO_URL;

/**
 * Restarts the MongoDB-protocol server (FerretDB from scripts/infra) while users are being created:
 * commands keep working (they only need the event store), nothing answers 500, the projector resumes from
 * its checkpoint, and the read model then equals a rebuild from the event log — no gap, no duplicate.
 */
describe('read model on FerretDB across a server restart under load', () => {
  if (!MONGO_URL) {
    it('needs MONGO_URL', () => {
      throw new Error(
        'MONGO_URL is not set: start FerretDB with `bash scripts/infra/up.sh ferretdb` and `. .infra/env`',
      );
    });
    return;
  }

  const dataDir = makeDataDir();
  const live = mongoStoreEnv(MONGO_URL);
  const rebuilt = mongoStoreEnv(MONGO_URL);
  let roster: SpawnedRoster | undefined;

  afterAll(async () => {
    if (roster) await killHard(roster.process);
    await Promise.all([live.drop(), rebuilt.drop()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing and ends equal to a rebuild', async () => {
    roster = await spawnRoster(dataDir, await freePort(), live.env);
    const api = roster.client;
    const statuses: number[] = [];
    let created = 0;
    let stop = false;
    const writer = async () => {
      while (!stop) {
        const answer = await api.post('/users', {
          first_name: 'Fault',
          last_name: `T${created}`,
          email: `t${created}@example.com`,
        });
        statuses.push(answer.status);
        if (answer.status === 201) created++;
        statuses.push((await api.get(`/users/${answer.body.id ?? '00000000-0000-4000-8000-000000000000'}`)).status);
      }
    };
    const writers = [writer(), writer(), writer()];
    await until(() => created >= 30, 30_000);
    const beforeRestart = created;
    execFileSync('bash', [join(ROOT, 'scripts/infra/restart-ferretdb.sh'), '2'], { stdio: 'inherit' });
    await until(() => created >= beforeRestart + 30, 60_000);
    stop = true;
    await Promise.all(writers);

    expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([]);
    await untilProjected(api, 120_000);

    const liveModel = new MongoUserReadModel({ url: live.env.MONGO_URL });
    const rebuiltModel = new MongoUserReadModel({ url: rebuilt.env.MONGO_URL });
    const log = openEventLog(dataDir);
    try {
      await rebuildReadModel(log, rebuiltModel);
      const [liveUsers, rebuiltUsers] = [await allUsers(liveModel), await allUsers(rebuiltModel)];
      expect(liveUsers.length).toBeGreaterThanOrEqual(created);
      expect(liveUsers).toEqual(rebuiltUsers);
      expect(await liveModel.checkpoint()).toBe(await log.headPosition());
    } finally {
      await Promise.all([liveModel.close(), rebuiltModel.close(), log.close()]);
    }
  });
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Waits until /health reports the read model's checkpoint at the event store's head. */
async function untilProjected(api: HttpClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = (await api.get('/health')).body;
    if (health.readModel?.checkpoint !== undefined && health.readModel.checkpoint === health.eventStore?.head) return;
    if (Date.now() > deadline) throw new Error(`the projector did not catch up: ${JSON.stringify(health)}`);
    await sleep(200);
  }
}

async function allUsers(readModel: UserReadModel): Promise<UserView[]> {
  const users: UserView[] = [];
  let after: string | null = null;
  do {
    const page = await readModel.listUsers('default', { limit: 100, after });
    users.push(...page.items);
    after = page.after;
  } while (after);
  return users;
}
