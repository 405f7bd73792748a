/**
 * A stand-in for a port or a framework object that has only the members a test exercises. Typed as the whole
 * thing, so the code under test takes it; a member the test did not give is undefined and fails loudly when used.
 */
export function testDouble<T extends object>(members: Partial<T>): T {
  return members as T;
}
