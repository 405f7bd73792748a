import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileRelayCheckpointStore } from './file-relay-checkpoint-store';

describe('FileRelayCheckpointStore', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'roster-relay-checkpoint-'));
    file = join(dir, 'data', 'relay-checkpoint.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has no checkpoint before the first save', async () => {
    expect(await new FileRelayCheckpointStore(file).load()).toBeNull();
  });

  it('keeps 64-bit positions exactly, across instances, and leaves no temporary file behind', async () => {
    await new FileRelayCheckpointStore(file).save(2n ** 63n - 1n);
    await new FileRelayCheckpointStore(file).save(18_446_744_073_709_551_000n);

    expect(await new FileRelayCheckpointStore(file).load()).toBe(18_446_744_073_709_551_000n);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ position: '18446744073709551000' });
    expect(readdirSync(join(dir, 'data'))).toEqual(['relay-checkpoint.json']);
  });

  it('refuses a file it did not write, naming it', async () => {
    await new FileRelayCheckpointStore(file).save(1n);
    writeFileSync(file, '{"position": 12}');

    await expect(new FileRelayCheckpointStore(file).load()).rejects.toThrow(
      `relay checkpoint ${file} is not {"position":"<digits>"}`,
    );
  });
});
