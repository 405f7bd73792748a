/*
 * Run in a child process by read-model-compaction.spec.ts: projects the marked log into a read model, applies the
 * batch erasing the marked users, and is SIGKILLed by itself at once, while the compaction that batch started runs.
 * Arguments: the database file, the stem, the mobile stem, the number of marked users.
 */
import { SqliteUserReadModel } from '../sqlite-user-read-model';
import { markedLog } from './marked-users';

async function main(): Promise<void> {
  const [file, stem, mobileStem, count] = process.argv.slice(2);
  const log = markedLog({ stem, mobileStem }, Number(count));
  const readModel = new SqliteUserReadModel({ file });
  for (const batch of log.batches) await readModel.apply(batch);
  await readModel.whenCompacted();
  await readModel.apply(log.erasure);
  process.kill(process.pid, 'SIGKILL');
}

void main();
