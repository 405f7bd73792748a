import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RosterConfig } from './roster-config';

export const SECRET_FILE_NAME = 'roster.secret';
const SECRET_BYTES = 32;

/**
 * ROSTER_SECRET when set (the choice for several user-service processes: they must share it). Otherwise
 * `<DATA_DIR>/roster.secret`, created on first start with 32 random bytes, readable only by the owner, so
 * tokens, pending OTPs and the keys of personal data survive a restart. With the in-memory event store nothing survives a restart
 * anyway, so the secret is random per process and nothing is written.
 */
export function loadServerSecret(config: RosterConfig): Buffer {
  if (config.egov.secret !== null) return secretBytes(config.egov.secret);
  if (config.eventStore === 'memory') return randomBytes(SECRET_BYTES);
  return readOrCreateSecretFile(join(config.dataDir, SECRET_FILE_NAME));
}

function readOrCreateSecretFile(path: string): Buffer {
  mkdirSync(dirname(path), { recursive: true });
  try {
    // `wx`: of two processes starting at once, exactly one creates the file; the other reads it below.
    writeFileSync(path, randomBytes(SECRET_BYTES).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (secret.length < SECRET_BYTES) {
    throw new Error(
      `cannot start: ${path} must hold at least ${SECRET_BYTES} bytes, base64-encoded (delete it to have a new one made)`,
    );
  }
  return secret;
}

const BASE64_PREFIX = 'base64:';

/**
 * The bytes of a secret given in the environment (ROSTER_SECRET, ROSTER_PREVIOUS_SECRET): the text as it is, or,
 * written `base64:<…>`, the bytes it encodes — which is how a deployment that ran on `<DATA_DIR>/roster.secret` hands
 * that file's secret on (`ROSTER_SECRET=base64:$(cat data/roster.secret)`).
 */
export function secretBytes(secret: string): Buffer {
  return secret.startsWith(BASE64_PREFIX)
    ? Buffer.from(secret.slice(BASE64_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}
