/**
 * Tenants form families: `pb.amritsar` and `pb.jalandhar` belong to the state-level tenant `pb`, the part
 * before the first dot. Citizens live at the state level; a caller sees only users of its own family.
 */
export function stateTenantOf(tenantId: string): string {
  const dot = tenantId.indexOf('.');
  return dot === -1 ? tenantId : tenantId.slice(0, dot);
}

export function sameTenantFamily(a: string, b: string): boolean {
  return stateTenantOf(a) === stateTenantOf(b);
}
