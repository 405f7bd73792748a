import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { registry } from './metrics';

/**
 * The metrics of an all-in-one Roster with several workers are those of all its processes together: a scrape lands
 * on one worker, which asks the primary; the primary collects every worker's metrics and its own (projector, relay)
 * and sums them (prom-client's aggregation: counters and histograms add up, each gauge as prom-client defines).
 */
type ProcessMetrics = MetricObjectWithValues<MetricValue<string>>[];

type MetricsMessage =
  | { type: 'roster:metrics:ask'; id: string }
  | { type: 'roster:metrics:answer'; id: string; text: string }
  | { type: 'roster:metrics:collect'; id: string }
  | { type: 'roster:metrics:collected'; id: string; metrics: ProcessMetrics };

/**
 * The Prometheus text exposition of every metric, and its content type: of this process, or in a worker of the
 * all-in-one Roster, of all its processes together.
 */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const body = cluster.isWorker ? await metricsOfAllProcesses() : await registry.metrics();
  return { contentType: registry.contentType, body };
}

/** A worker that does not answer within this is left out of a scrape rather than holding it up. */
const COLLECT_TIMEOUT_MS = 2000;

function isMetricsMessage(message: unknown): message is MetricsMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { type?: unknown }).type === 'string' &&
    (message as { type: string }).type.startsWith('roster:metrics:')
  );
}

const pending = new Map<string, (value: never) => void>();

function settle(id: string, value: unknown): void {
  pending.get(id)?.(value as never);
  pending.delete(id);
}

/** In a worker: hands its own metrics to the primary when asked, and takes the whole tree's answer back. */
export function shareMetricsWithPrimary(): void {
  process.on('message', (message: unknown) => {
    if (!isMetricsMessage(message)) return;
    if (message.type === 'roster:metrics:collect') {
      void registry.getMetricsAsJSON().then((metrics) => {
        const reply: MetricsMessage = {
          type: 'roster:metrics:collected',
          id: message.id,
          metrics: metrics as ProcessMetrics,
        };
        process.send?.(reply);
      });
    } else if (message.type === 'roster:metrics:answer') settle(message.id, message.text);
  });
}

/** In a worker: the Prometheus text of every process of the all-in-one Roster. */
export function metricsOfAllProcesses(): Promise<string> {
  const id = randomUUID();
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error('the primary process did not answer with the metrics'));
    }, COLLECT_TIMEOUT_MS * 2);
    pending.set(id, (text: string) => {
      clearTimeout(timer);
      resolve(text);
    });
    const ask: MetricsMessage = { type: 'roster:metrics:ask', id };
    process.send?.(ask);
  });
}

/** In the primary: answers the workers' scrapes with the sum of all processes' metrics. */
export function aggregateMetricsOfWorkers(): void {
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isMetricsMessage(message)) return;
    if (message.type === 'roster:metrics:collected') settle(message.id, message.metrics);
    else if (message.type === 'roster:metrics:ask') {
      void aggregated().then((text) => {
        const answer: MetricsMessage = { type: 'roster:metrics:answer', id: message.id, text };
        if (worker.isConnected()) worker.send(answer);
      });
    }
  });
}

async function aggregated(): Promise<string> {
  const workers = Object.values(cluster.workers ?? {}).filter(
    (worker): worker is Worker => worker?.isConnected() === true,
  );
  const collected = await Promise.all([
    registry.getMetricsAsJSON() as Promise<ProcessMetrics>,
    ...workers.map((worker) => collectFrom(worker)),
  ]);
  return AggregatorRegistry.aggregate(
    collected.filter((metrics): metrics is ProcessMetrics => metrics !== null),
  ).metrics();
}

function collectFrom(worker: Worker): Promise<ProcessMetrics | null> {
  const id = randomUUID();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      resolve(null);
    }, COLLECT_TIMEOUT_MS);
    pending.set(id, (metrics: ProcessMetrics) => {
      clearTimeout(timer);
      resolve(metrics);
    });
    const collect: MetricsMessage = { type: 'roster:metrics:collect', id };
    worker.send(collect);
  });
}
