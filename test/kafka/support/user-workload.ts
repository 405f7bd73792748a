import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpAnswer, HttpClient } from '../../e2e/support/http-client';
import type { ExpectedUserEvents } from './expected-user-events';
import { readExpectedUserEvents } from './expected-user-events';
import type { KafkaDeployment } from './kafka-deployment';

/**
 * Writes through the gateway the way a busy client does: creates roots and children, updates profiles,
 * re-parents children between roots and unlinks some. Only children ever move and only under roots, so
 * no write can be refused as a cycle; each worker keeps users of its own, so workers never collide.
 */
export class UserWorkload {
  /** Every acknowledged write. */
  writes = 0;
  private stopping = false;
  private failure: unknown = null;

  constructor(private readonly api: HttpClient) {}

  /** `rounds` rounds on each of `workers` concurrent workers. */
  async run(rounds: number, workers = 3): Promise<void> {
    await Promise.all(Array.from({ length: workers }, (_, worker) => this.work(worker, (round) => round < rounds)));
  }

  /** Writes until the returned function is called; that resolves once every worker has finished its round. */
  start(workers = 3): () => Promise<void> {
    const running = Promise.all(
      Array.from({ length: workers }, (_, worker) => this.work(worker, () => !this.stopping && !this.failure)),
    );
    running.catch((error: unknown) => (this.failure = error));
    return async () => {
      this.stopping = true;
      await running;
    };
  }

  /** Resolves once `count` writes were acknowledged in all; rejects as soon as a write failed. */
  async untilWrites(count: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.writes < count) {
      if (this.failure) throw this.failure;
      if (Date.now() > deadline) throw new Error(`only ${this.writes} of ${count} writes within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  private async work(worker: number, goOn: (round: number) => boolean): Promise<void> {
    const roots: string[] = [];
    const children: string[] = [];
    for (let round = 0; goOn(round); round++) {
      const name = `w${worker}r${round}`;
      roots.push(await this.create({ first_name: 'Root', last_name: name }));
      children.push(await this.create({ first_name: 'Child', last_name: name, parent_user_id: pick(roots) }));
      await this.update(pick(children), { middle_name: name });
      await this.update(pick(children), { parent_user_id: pick(roots) });
      if (round % 3 === 2) await this.update(pick(children), { parent_user_id: null });
    }
  }

  private async create(body: object): Promise<string> {
    return (await this.expect(201, this.api.post('/users', body))).body.id;
  }

  private async update(userId: string, body: object): Promise<void> {
    await this.expect(200, this.api.put(`/users/${userId}`, body));
  }

  private async expect(status: number, sending: Promise<HttpAnswer>): Promise<HttpAnswer> {
    const answer = await sending;
    if (answer.status !== status)
      throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    this.writes += 1;
    return answer;
  }
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/**
 * `rounds` rounds per worker for two tenants at once: `default` (the bootstrap key) and `acme` (a key the
 * operators' CLI issues). Answers acme's key and what the event store then holds.
 */
export async function writeUsersOfTwoTenants(
  deployment: KafkaDeployment,
  rounds: number,
): Promise<{ acmeKey: string; expected: ExpectedUserEvents }> {
  const acme = deployment.issueApiKey('acme');
  await Promise.all([new UserWorkload(deployment.api).run(rounds), new UserWorkload(acme.api).run(rounds)]);
  return { acmeKey: acme.key, expected: await readExpectedUserEvents(deployment.dataDir) };
}
