import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { UserTopicNames } from '@roster/messaging';
import { userTopicNames } from '@roster/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { HttpClient } from '../../e2e/support/http-client';
import type { SpawnedRoster } from '../../e2e/support/roster-harness';
import {
  BOOTSTRAP_KEY,
  freePort,
  ROOT,
  killHard,
  makeDataDir,
  SHARED_SECRET,
  spawnApp,
  waitUntilHealthy,
} from '../../e2e/support/roster-harness';

type Spawned = Omit<SpawnedRoster, 'client'>;
type Role = 'user-service' | 'projector' | 'gateway' | 'relay' | 'consumer';

/** They cannot start while the broker is away, and the consumer exits when kafkajs gives up on it. */
const SUPERVISED: readonly Role[] = ['relay', 'consumer'];
const RESTART_DELAY_MS = 1000;

/**
 * The split deployment with Kafka: gateway, user-service, projector, relay and the example consumer as
 * separate built processes. The first three and the relay share one SQLite event store (WAL); the consumer
 * has its own data folder. Every deployment gets a fresh topic prefix, consumer group and data folders.
 */
export class KafkaDeployment {
  readonly prefix = `it-kafka-${randomUUID().slice(0, 8)}`;
  readonly topics: UserTopicNames = userTopicNames(this.prefix);
  readonly groupId = `${this.prefix}-consumer`;
  /** The event store's folder, shared by user-service, projector and relay. */
  readonly dataDir = makeDataDir();
  readonly consumerDataDir = makeDataDir();
  api: HttpClient;
  consumer: HttpClient;
  /** What a supervisor restarted, e.g. `consumer exited with 1`. */
  readonly restarts: string[] = [];
  private readonly running = new Map<Role, Spawned>();
  /** Every process ever started, for `output()`. */
  private readonly started: [Role, Spawned][] = [];
  private stopping = false;
  private readonly env: Record<Role, Record<string, string>>;

  private constructor(
    readonly brokers: string,
    ports: { http: number; userService: number; consumer: number },
  ) {
    const kafka = { KAFKA_BROKERS: brokers, KAFKA_TOPIC_PREFIX: this.prefix, KAFKA_TOPIC_PARTITIONS: '3' };
    // Every role that opens the stores unwraps the keys of personal data with the same secret.
    const store = { DATA_DIR: this.dataDir, EVENT_STORE: 'sqlite', READ_MODEL: 'sqlite', ROSTER_SECRET: SHARED_SECRET };
    this.env = {
      'user-service': { ...store, USER_SERVICE_PORT: String(ports.userService) },
      projector: store,
      gateway: { PORT: String(ports.http), USER_SERVICE_PORT: String(ports.userService), ROSTER_SECRET: SHARED_SECRET },
      relay: { ...store, ...kafka },
      consumer: {
        ...kafka,
        CONSUMER_GROUP_ID: this.groupId,
        CONSUMER_DATA_DIR: this.consumerDataDir,
        CONSUMER_PORT: String(ports.consumer),
      },
    };
    this.api = new HttpClient(`http://127.0.0.1:${ports.http}`, BOOTSTRAP_KEY);
    this.consumer = new HttpClient(`http://127.0.0.1:${ports.consumer}`, null);
  }

  static async start(brokers: string): Promise<KafkaDeployment> {
    const deployment = new KafkaDeployment(brokers, {
      http: await freePort(),
      userService: await freePort(),
      consumer: await freePort(),
    });
    for (const role of ['user-service', 'projector', 'relay', 'gateway'] as const) deployment.spawn(role);
    await deployment.waitUntilHealthy('gateway', deployment.api);
    await deployment.startConsumer();
    return deployment;
  }

  /** Another tenant's API key, issued with the operators' CLI (`npm run api-key`); a client that sends it. */
  issueApiKey(tenant: string): { key: string; api: HttpClient } {
    const cli = join(ROOT, 'dist/apps/roster/src/issue-api-key.cli.js');
    const key = execFileSync(process.execPath, [cli, '--tenant', tenant], {
      env: { ...process.env, DATA_DIR: this.dataDir },
      encoding: 'utf8',
    }).trim();
    return { key, api: this.api.withKey(key) };
  }

  startRelay(): void {
    this.spawn('relay');
  }

  /** Resolves once its HTTP endpoint answers; it subscribes once the relay has created the topic. */
  async startConsumer(): Promise<void> {
    this.spawn('consumer');
    await this.waitUntilHealthy('consumer', this.consumer);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
  async kill(role: Role): Promise<void> {
    const spawned = this.running.get(role);
    this.running.delete(role);
    if (spawned) await killHard(spawned.process);
  }

  /** What the processes printed (the end of it), for failure messages. */
  output(): string {
    const outputs = this.started.map(
      ([role, spawned]) => `--- ${role} (pid ${spawned.process.pid})\n${spawned.output().slice(-3000)}`,
    );
    return [...outputs, `--- restarts: ${this.restarts.join('; ') || 'none'}`].join('\n');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // SIGTERM first: a consumer that leaves its group lets the group be deleted now, not after its session times out.
    const consumer = this.running.get('consumer');
    if (consumer) await terminate(consumer.process);
    await Promise.all([...this.running.values()].map((spawned) => killHard(spawned.process)));
    await this.deleteTopicsAndGroup().catch(() => undefined); // the broker may be the thing that failed
    rmSync(this.dataDir, { recursive: true, force: true });
    rmSync(this.consumerDataDir, { recursive: true, force: true });
  }

  private spawn(role: Role): void {
    const spawned = spawnApp(role === 'consumer' ? 'user-events-consumer' : role, this.env[role]);
    this.running.set(role, spawned);
    this.started.push([role, spawned]);
    if (SUPERVISED.includes(role))
      spawned.process.once('exit', (code) => this.restartUnlessKilled(role, spawned, code));
  }

  // As Kubernetes or systemd would: a process the test did not kill is started again.
  private restartUnlessKilled(role: Role, spawned: Spawned, code: number | null): void {
    if (this.stopping || this.running.get(role) !== spawned) return;
    this.restarts.push(`${role} exited with ${code}`);
    setTimeout(() => {
      if (!this.stopping && this.running.get(role) === spawned) this.spawn(role);
    }, RESTART_DELAY_MS);
  }

  private async waitUntilHealthy(role: Role, client: HttpClient): Promise<void> {
    await waitUntilHealthy(client, this.running.get(role)!.process, () => this.output());
  }

  private async deleteTopicsAndGroup(): Promise<void> {
    const admin = new Kafka({ brokers: this.brokers.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await admin.deleteTopics({
        topics: (await admin.listTopics()).filter((topic) => topic.startsWith(`${this.prefix}.`)),
      });
      await admin.deleteGroups([this.groupId]);
    } finally {
      await admin.disconnect();
    }
  }
}

/** SIGTERM, and SIGKILL if the process has not exited after `graceMs`. */
async function terminate(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const deadline = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(deadline);
}

/** For a describe block: `start()` gives each test a fresh deployment, stopped after the test. */
export function deploymentPerTest(brokers: string): { start(): Promise<KafkaDeployment> } {
  let deployment: KafkaDeployment | null = null;
  afterEach(async () => {
    await deployment?.stop();
    deployment = null;
  });
  return { start: async () => (deployment = await KafkaDeployment.start(brokers)) };
}
