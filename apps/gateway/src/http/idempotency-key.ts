import { createHash } from 'node:crypto';
import { RequestRejectedError } from '@roster/domain';
import type { IdempotencyKey } from '@roster/user-service-contract';
import type { FastifyRequest } from 'fastify';

export const IDEMPOTENCY_KEY = 'Idempotency-Key';

/** Visible ASCII, as the IETF draft's examples and Stripe's keys are; long enough for a UUID or a hash. */
const KEY = /^[\x21-\x7e]{1,255}$/;

export const idempotencyHeaderDoc = {
  name: IDEMPOTENCY_KEY,
  required: false,
  description:
    'Makes the write safe to retry: the same key with the same request (within ROSTER_IDEMPOTENCY_TTL_HOURS, 24) ' +
    'answers the first answer again and writes nothing; with another request it is refused',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
};

/**
 * The request's Idempotency-Key, scoped to its `caller`, with a fingerprint of everything the request asks
 * (method, path, If-Match, body) so the same key with another request is told apart; undefined without one.
 */
export function idempotencyKeyOf(request: FastifyRequest, caller: string): IdempotencyKey | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new RequestRejectedError(
      'invalid',
      'invalid_idempotency_key',
      `${IDEMPOTENCY_KEY} must be 1 to 255 visible ASCII characters`,
      IDEMPOTENCY_KEY,
    );
  }
  const asked = [request.method, request.url.split('?')[0], request.headers['if-match'] ?? null, request.body ?? null];
  return { key, caller, fingerprint: createHash('sha256').update(JSON.stringify(asked)).digest('base64url') };
}
