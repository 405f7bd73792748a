import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './roster-config';
import { loadServerSecret, SECRET_FILE_NAME, secretBytes } from './server-secret';

describe('server secret', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'roster-secret-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses ROSTER_SECRET when it is set and writes no file', () => {
    const secret = 'x'.repeat(40);
    const config = loadConfig({ ROSTER_SECRET: secret, DATA_DIR: dataDir });

    expect(loadServerSecret(config)).toEqual(Buffer.from(secret));
    expect(() => statSync(join(dataDir, SECRET_FILE_NAME))).toThrow();
  });

  it('creates <DATA_DIR>/roster.secret on first start, owner-only, and reads the same secret after', () => {
    const config = loadConfig({ DATA_DIR: join(dataDir, 'new') });

    const first = loadServerSecret(config);
    const second = loadServerSecret(config);

    const path = join(dataDir, 'new', SECRET_FILE_NAME);
    expect(first).toHaveLength(32);
    expect(second).toEqual(first);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(first.toString('base64'));
  });

  it('refuses a secret file that holds too little', () => {
    writeFileSync(join(dataDir, SECRET_FILE_NAME), 'c2hvcnQ=');
    expect(() => loadServerSecret(loadConfig({ DATA_DIR: dataDir }))).toThrow(
      /roster\.secret must hold at least 32 bytes/,
    );
  });

  it('is random per process with the in-memory event store', () => {
    const config = loadConfig({ DATA_DIR: dataDir, EVENT_STORE: 'memory' });
    expect(loadServerSecret(config)).not.toEqual(loadServerSecret(config));
    expect(() => statSync(join(dataDir, SECRET_FILE_NAME))).toThrow();
  });

  it('takes a base64: secret as the bytes it encodes, so the secret file of an embedded deployment can be handed on', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    const fileSecret = loadServerSecret(config);
    const handedOn = `base64:${readFileSync(join(dataDir, SECRET_FILE_NAME), 'utf8')}`;

    expect(loadServerSecret(loadConfig({ DATA_DIR: dataDir, ROSTER_SECRET: handedOn }))).toEqual(fileSecret);
    expect(secretBytes('x'.repeat(32))).toEqual(Buffer.from('x'.repeat(32)));
  });
});
