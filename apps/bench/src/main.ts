import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { resolve } from 'node:path';
import { Bench } from './bench';
import { describeMachine, machineLine } from './machine';
import { lockMachine } from './machine-lock';
import { parseOptions } from './options';
import { noiseLine, textTable, writeDocs, writeSummary } from './report';
import { verdictOf } from './results';
import { c16SideBySide } from './scenarios/c16-side-by-side';
import { p1CreateUsers } from './scenarios/p1-create';
import { p2Visibility } from './scenarios/p2-visibility';
import { p3GetUser } from './scenarios/p3-get';
import { p4Search } from './scenarios/p4-search';
import { p5Descendants } from './scenarios/p5-descendants';
import { growDataSet, reportGrowth } from './scenarios/p6-rebuild';
import { importScenario } from './scenarios/import';
import { mongoReadModel } from './scenarios/mongo-read-model';
import { p7Relay } from './scenarios/p7-relay';
import { p8Memory } from './scenarios/p8-memory';
import { p9Passwords } from './scenarios/p9-passwords';
import { p10ChangeFeed } from './scenarios/p10-change-feed';
import type { FastifyReference } from './scenarios/ref-fastify';
import { measureBareFastify } from './scenarios/ref-fastify';
import type { SqliteReference } from './scenarios/ref-sqlite';
import { measureRawSqlite } from './scenarios/ref-sqlite';

/**
 * `npm run bench`: the performance targets (P1–P10, listed in docs/benchmarks.md), measured against the real
 * all-in-one server (a child process) with references taken in the same run on the same machine.
 */
async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const bench = new Bench(options);
  const machine = describeMachine();
  Logger.overrideLogger(['error', 'warn']); // the in-process projector of P6 logs like the server does
  process.once('SIGINT', () => {
    bench.cleanUp();
    process.exit(130);
  });
  bench.log(`${machineLine(machine)}; work folder ${options.workDir}`);
  const unlock = await lockMachine(30, (message) => bench.log(message));
  const started = performance.now();
  try {
    let fastify: FastifyReference | null = null;
    let sqlite: SqliteReference | null = null;
    if (options.only.includes('ref')) {
      fastify = await measureBareFastify(bench);
      sqlite = await measureRawSqlite(bench);
    }
    if (options.only.includes('p1')) await p1CreateUsers(bench, fastify, sqlite);
    if (options.only.includes('c16')) await c16SideBySide(bench);
    if (options.only.includes('p2')) await p2Visibility(bench);
    if (options.only.includes('data')) await scalePoints(bench, fastify, sqlite);
    if (options.only.includes('p9')) await p9Passwords(bench);
    if (options.only.includes('mongo')) await mongoReadModel(bench);
    if (options.only.includes('p7')) await p7Relay(bench);
    if (options.only.includes('import')) await importScenario(bench);
  } finally {
    bench.cleanUp();
    unlock();
  }

  const summary = { machine, options, seconds: (performance.now() - started) / 1000, results: bench.results };
  const written = writeSummary(summary);
  if (options.writeDocs) writeDocs(summary, resolve('docs/benchmarks.md'));
  const missed = bench.results.figures.filter((figure) => verdictOf(figure) === 'MISS').length;
  const met = bench.results.figures.filter((figure) => verdictOf(figure) === 'PASS').length;
  process.stdout.write(`\n${textTable(bench.results.figures)}\n\n`);
  process.stdout.write(`${noiseLine()}\n`);
  process.stdout.write(
    `${met} targets met, ${missed} missed; ${(summary.seconds / 60).toFixed(1)} min. Summary: ${written.json}\n`,
  );
}

/**
 * P3–P6 and P8 at each scale point, growing one data set from the smallest size to the largest; at the largest
 * the read model is rebuilt from the whole log instead of caught up (P6).
 */
async function scalePoints(
  bench: Bench,
  fastify: FastifyReference | null,
  sqlite: SqliteReference | null,
): Promise<void> {
  const dataDir = bench.freshDir('data');
  const largest = bench.options.users.at(-1);
  let stored = 0;
  for (const users of bench.options.users) {
    reportGrowth(bench, await growDataSet(bench, dataDir, stored, users, users === largest), sqlite);
    stored = users;
    await bench.withServer('roster', `data-${users}`, dataDir, async (server) => {
      await p3GetUser(bench, server, users, fastify);
      await p4Search(bench, server, users);
      await p5Descendants(bench, server, users);
      p8Memory(bench, server, users);
      if (users === largest) await p10ChangeFeed(bench, server, users);
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
