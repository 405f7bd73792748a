import 'reflect-metadata';
import { CommandBus } from '@nestjs/cqrs';
import { loadConfigOrExit } from '@roster/config';
import type { RecordedEvent } from '@roster/event-store';
import { createHttpApp } from '@roster/gateway';
import type { ConnectedStores } from '@roster/stores';
import { connectStores, createEventStore } from '@roster/stores';
import { InstrumentedEventStore } from '@roster/observability';
import type { RosterConfig } from '@roster/config';
import { UserReadModel } from '@roster/read-model';
import { CreateUserCommand } from '@roster/user-service';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { UserRecord, Written } from '@roster/user-service-contract';
import { RosterModule } from '../../../roster/src/roster.module';

/**
 * The all-in-one Roster process exactly as main.ts builds it, plus two clocks for P2 (accepted → visible):
 * - accepted: the create command resolved, i.e. its events are committed and the answer goes out now;
 * - visible: the projector's read-model batch that covers the command's position has committed.
 * Both are read in this process (one clock), by wrapping the two instance methods; nothing else changes.
 * The benchmark asks for the latencies over IPC once its load is done.
 * For P9 it also watches the event loop: the longest delay since the last question (`bench:event-loop`).
 */

interface Mark {
  position: bigint;
  at: number;
}

export interface VisibilityReport {
  latenciesMs: number[];
  /** Accepted commands whose position the read model had not reached within the wait. */
  unseen: number;
}

const accepted: Mark[] = [];
const visible: Mark[] = [];

function recordAcceptedCreates(commands: CommandBus): void {
  const execute = commands.execute.bind(commands) as (command: unknown) => Promise<unknown>;
  commands.execute = (async (command: unknown) => {
    const result = await execute(command);
    if (command instanceof CreateUserCommand)
      accepted.push({ position: BigInt((result as Written<UserRecord>).position), at: performance.now() });
    return result;
  }) as CommandBus['execute'];
}

function recordVisibleBatches(readModel: UserReadModel): void {
  const apply = readModel.apply.bind(readModel);
  readModel.apply = async (events: RecordedEvent[]) => {
    await apply(events);
    if (events.length > 0) visible.push({ position: events[events.length - 1].position, at: performance.now() });
  };
}

/** Pairs every accepted command with the first committed batch at or past its position, then forgets both. */
async function report(waitMs: number): Promise<VisibilityReport> {
  const deadline = Date.now() + waitMs;
  const last = accepted.reduce((max, mark) => (mark.position > max ? mark.position : max), 0n);
  while ((visible.at(-1)?.position ?? -1n) < last && Date.now() < deadline) await sleep(10);
  const latenciesMs: number[] = [];
  let unseen = 0;
  for (const command of accepted) {
    const batch = firstBatchCovering(command.position);
    if (batch === undefined) unseen++;
    // A batch can commit in the same event-loop turn just before the command's continuation runs: 0, not negative.
    else latenciesMs.push(Math.max(0, batch.at - command.at));
  }
  accepted.length = 0;
  visible.length = 0;
  return { latenciesMs, unseen };
}

function firstBatchCovering(position: bigint): Mark | undefined {
  let low = 0;
  let high = visible.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (visible[middle].position < position) low = middle + 1;
    else high = middle;
  }
  return visible[low];
}

export interface EventLoopReport {
  maxDelayMs: number;
  p99DelayMs: number;
}

const eventLoop = monitorEventLoopDelay({ resolution: 5 });

function eventLoopReport(): EventLoopReport {
  const report = { maxDelayMs: eventLoop.max / 1e6, p99DelayMs: eventLoop.percentile(99) / 1e6 };
  eventLoop.reset();
  return report;
}

/**
 * The stores as main.ts connects them; with BENCH_PERSONAL_DATA=plain, the event store without the encryption of
 * personal data (the adapter opened a second time, the encrypting one left idle): what P1 measures its cost against.
 */
async function storesOf(config: RosterConfig): Promise<ConnectedStores> {
  const stores = await connectStores(config);
  if (process.env.BENCH_PERSONAL_DATA !== 'plain') return stores;
  return { ...stores, eventStore: new InstrumentedEventStore(createEventStore(config)) };
}

async function main(): Promise<void> {
  eventLoop.enable();
  const config = loadConfigOrExit();
  const app = await createHttpApp(RosterModule.forRoot(config, await storesOf(config)), config);
  recordAcceptedCreates(app.get(CommandBus));
  recordVisibleBatches(app.get(UserReadModel));
  await app.listen(config.port, config.host);
  process.on('message', (message) => {
    if (message === 'bench:visibility') void report(10_000).then((result) => process.send?.(result));
    if (message === 'bench:event-loop') process.send?.(eventLoopReport());
    if (message === 'bench:exit') void app.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Roster probe failed to start: ${String(error)}\n`);
  process.exit(1);
});
