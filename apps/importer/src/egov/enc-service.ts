import { redactCredentials } from '@roster/config';

/**
 * egov-enc-service's ciphertext, `<keyId>|<base64>`. egov-user encrypts its PII columns since 1.2.0, but rows
 * written before (or columns its security policy misses) are plaintext, so each value is judged on its own.
 */
const CIPHERTEXT = /^\d+\|[A-Za-z0-9+/]+=*$/;

export function isCiphertext(value: string | null | undefined): value is string {
  return typeof value === 'string' && CIPHERTEXT.test(value);
}

/** The source holds encrypted values and no enc-service was named: nothing of the batch is written. */
export class EncryptedValuesError extends Error {
  constructor(where: string) {
    super(
      `${where} holds a value encrypted by egov-enc-service; pass --enc-service <url> (the enc-service egov-user ` +
        'uses, e.g. http://egov-enc-service:8080) so the importer can decrypt it. Nothing of this batch was written; ' +
        'run the import again with the flag to resume.',
    );
    this.name = 'EncryptedValuesError';
  }
}

/** The enc-service failed to decrypt: the run stops before the batch is written, and can be resumed. */
export class EncServiceError extends Error {
  constructor(url: string, problem: string) {
    super(`egov-enc-service at ${redactCredentials(url)} could not decrypt the batch: ${problem}`);
    this.name = 'EncServiceError';
  }
}

const DECRYPT_PATH = '/egov-enc-service/crypto/v1/_decrypt';
const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * egov-enc-service's decrypt endpoint: a JSON array of ciphertexts in, the same-shaped array of plaintexts out.
 * One failing value fails the whole call, so only values that look like ciphertexts are sent. Error answers are
 * not repeated: egov's messages quote the ciphertext they refused.
 */
export class EncService {
  constructor(
    readonly url: string,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  /** Each distinct ciphertext mapped to its plaintext (null when the service answers null for it). */
  async decrypt(ciphertexts: readonly string[]): Promise<Map<string, string | null>> {
    const distinct = [...new Set(ciphertexts)];
    const plaintexts = new Map<string, string | null>();
    if (distinct.length === 0) return plaintexts;
    let response: Response;
    try {
      // Appended, not resolved: an enc-service behind a path prefix keeps its prefix.
      response = await fetch(`${this.url.replace(/\/+$/, '')}${DECRYPT_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(distinct),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new EncServiceError(this.url, `no answer (${error instanceof Error ? error.name : 'error'})`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new EncServiceError(this.url, `it answered HTTP ${response.status}`);
    }
    let answer: unknown;
    try {
      answer = await response.json();
    } catch {
      throw new EncServiceError(this.url, 'its answer is not JSON');
    }
    if (
      !Array.isArray(answer) ||
      answer.length !== distinct.length ||
      answer.some((value) => value !== null && typeof value !== 'string')
    ) {
      throw new EncServiceError(this.url, `its answer is not an array of ${distinct.length} strings`);
    }
    distinct.forEach((ciphertext, index) => plaintexts.set(ciphertext, answer[index] as string | null));
    return plaintexts;
  }
}
