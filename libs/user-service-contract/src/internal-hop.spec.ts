import { HOP_SIGNATURE_TTL_MS, hopContextOf, internalHopKey, signHop, verifyHop, withHopContext } from './internal-hop';

describe('internal hop signatures', () => {
  const key = internalHopKey('s'.repeat(40));
  const now = Date.parse('2026-12-03T10:00:00Z');
  const payload = { caller: { userId: 'u-1', permissions: ['user:read'], trusted: false }, inputs: [{ name: 'Asha' }] };
  // What the TCP transport does to a payload on its way: JSON out, JSON in.
  const overTheWire = (value: object) => JSON.parse(JSON.stringify(value));

  it('accepts what a gateway with the shared secret signed, as it arrives over the wire', () => {
    expect(() =>
      verifyHop(key, 'egov.create-users', overTheWire(signHop(key, 'egov.create-users', payload, now)), now + 1000),
    ).not.toThrow();
  });

  it("carries the request's ids, covered by the signature", () => {
    const context = {
      requestId: 'r-1',
      correlationId: 'c-1',
      traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
    };
    const sent = overTheWire(signHop(key, 'users.create', withHopContext(payload, context), now));
    expect(() => verifyHop(key, 'users.create', sent, now)).not.toThrow();
    expect(hopContextOf(sent)).toEqual(context);
    expect(hopContextOf(payload)).toEqual({});
  });

  it.each([
    ['unsigned', () => payload, 'egov.create-users', now],
    [
      'signed with another secret',
      () => signHop(internalHopKey('t'.repeat(40)), 'egov.create-users', payload, now),
      'egov.create-users',
      now,
    ],
    [
      'a forged caller under a real signature',
      () => ({ ...signHop(key, 'egov.create-users', payload, now), caller: { userId: null, trusted: true } }),
      'egov.create-users',
      now,
    ],
    [
      "another request's ids under a real signature",
      () => ({
        ...signHop(key, 'egov.create-users', withHopContext(payload, { requestId: 'r-1' }), now),
        ctx: { requestId: 'forged' },
      }),
      'egov.create-users',
      now,
    ],
    ['signed for another pattern', () => signHop(key, 'egov.search-users', payload, now), 'egov.create-users', now],
    [
      'expired',
      () => signHop(key, 'egov.create-users', payload, now),
      'egov.create-users',
      now + HOP_SIGNATURE_TTL_MS + 1,
    ],
  ])('refuses a request %s', (_case, request, pattern, at) => {
    expect(() => verifyHop(key, pattern, overTheWire(request()), at)).toThrow(
      expect.objectContaining({ kind: 'unauthorized', code: 'INTERNAL_HOP_REFUSED' }),
    );
  });
});
