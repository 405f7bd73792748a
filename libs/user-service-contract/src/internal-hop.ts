import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { RequestRejectedError } from '@roster/domain';

/**
 * The hop from a gateway process to the user-service over TCP carries callers, tenants and permissions that
 * the user-service acts on. So that nothing else that reaches the port can claim them, every request is
 * signed by the gateway with a key derived from the secret both processes share (ROSTER_SECRET), and the
 * user-service refuses any request without a valid, recent signature.
 */

/** A request is one round trip; a minute covers clock skew between machines without making a replay useful for long. */
export const HOP_SIGNATURE_TTL_MS = 60_000;

/** The signature beside the payload's own fields. */
export interface HopSignature {
  exp: number;
  sig: string;
}

const HOP_FIELD = 'hop';

/**
 * The ids of the gateway's request, beside the payload's fields and so covered by its signature: the
 * user-service's log lines and spans carry them too (`@roster/observability`).
 */
export interface HopContext {
  requestId?: string;
  correlationId?: string;
  traceparent?: string;
}

const HOP_CONTEXT_FIELD = 'ctx';

/** The payload with the request's ids, to be signed with it. */
export function withHopContext(payload: object, context: HopContext): object {
  return { ...payload, [HOP_CONTEXT_FIELD]: context };
}

/** The ids a (verified) payload carries; the receiver still checks each is sane before it uses it. */
export function hopContextOf(data: unknown): HopContext {
  const context = (data as Record<string, unknown> | null)?.[HOP_CONTEXT_FIELD];
  return typeof context === 'object' && context !== null ? (context as HopContext) : {};
}

export function internalHopKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), 'roster', 'roster internal-hop v1', 32));
}

/** The payload as sent: its fields and `hop` (the pattern, the expiry and the payload's JSON, signed). */
export function signHop(key: Buffer, pattern: string, payload: object, now: number): object {
  const exp = now + HOP_SIGNATURE_TTL_MS;
  return { ...payload, [HOP_FIELD]: { exp, sig: signatureOf(key, pattern, exp, payload) } satisfies HopSignature };
}

/** Refuses (kind unauthorized) a payload that is unsigned, signed with another key, altered, for another pattern, or expired. */
export function verifyHop(key: Buffer, pattern: string, data: unknown, now: number): void {
  if (typeof data !== 'object' || data === null) throw hopRefused();
  const { [HOP_FIELD]: hop, ...payload } = data as Record<string, unknown>;
  const { exp, sig } = (hop ?? {}) as Partial<HopSignature>;
  if (typeof exp !== 'number' || typeof sig !== 'string' || exp < now || exp > now + 2 * HOP_SIGNATURE_TTL_MS)
    throw hopRefused();
  const expected = Buffer.from(signatureOf(key, pattern, exp, payload), 'base64url');
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw hopRefused();
}

function signatureOf(key: Buffer, pattern: string, exp: number, payload: object): string {
  return createHmac('sha256', key)
    .update(`${pattern}\n${exp}\n${JSON.stringify(payload)}`)
    .digest('base64url');
}

function hopRefused(): RequestRejectedError {
  return new RequestRejectedError(
    'unauthorized',
    'INTERNAL_HOP_REFUSED',
    'the request to the user-service is not signed by a gateway of this deployment',
  );
}
