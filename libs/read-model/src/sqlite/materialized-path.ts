/**
 * A user's place in the hierarchy as one string: every ancestor id followed by "/", root first
 * ("root/…/parent/"; "" for a root user). The whole subtree below a user is then every row whose path starts
 * with that user's subtree prefix — one anchored range scan on an index over the path.
 * User ids are UUIDs, so they never contain the separator.
 */
const SEPARATOR = '/';

export function pathOf(ancestors: readonly string[]): string {
  return ancestors.map((id) => id + SEPARATOR).join('');
}

export function ancestorsOfPath(path: string): string[] {
  return path === '' ? [] : path.slice(0, -SEPARATOR.length).split(SEPARATOR);
}

/** The path every descendant of the user has as its prefix. */
export function subtreePrefix(user: { id: string; ancestors: readonly string[] }): string {
  return pathOf(user.ancestors) + user.id + SEPARATOR;
}
