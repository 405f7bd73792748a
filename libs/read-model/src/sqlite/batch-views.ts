import type { UserView } from '../user-view';

/**
 * The views one batch reads and changes: each is read from the database at most once and written once, at
 * the end of the batch, however many of the batch's events touch it (a rebuild sees a user's creation and
 * its parent link side by side).
 */
export class BatchViews {
  private readonly views = new Map<string, UserView>();
  private readonly changed = new Set<string>();
  /** Users erased in this batch: their stored rows are to be deleted, and no later read in the batch sees them. */
  private readonly erased = new Set<string>();
  /** Ids that are an ancestor of some held view (a superset): most moves then skip the scan of the held views. */
  private readonly heldAncestors = new Set<string>();

  constructor(private readonly load: (id: string) => UserView | null) {}

  get(id: string): UserView | null {
    if (this.erased.has(id)) return null;
    const cached = this.views.get(id);
    if (cached !== undefined) return cached;
    const loaded = this.load(id);
    if (loaded !== null) this.hold(loaded);
    return loaded;
  }

  put(view: UserView): void {
    this.erased.delete(view.id);
    this.hold(view);
    this.changed.add(view.id);
  }

  /** Forgets a user that was erased: it is written nowhere at the end of the batch, but deleted. */
  erase(id: string): void {
    this.views.delete(id);
    this.changed.delete(id);
    this.erased.add(id);
  }

  /**
   * Re-roots the held descendants of a user whose parent changed, as the database update does for the
   * stored rows; otherwise a held copy would write the old path back at the end of the batch.
   */
  moveDescendants(moved: UserView): void {
    if (!this.heldAncestors.has(moved.id)) return;
    for (const view of this.views.values()) {
      const at = view.ancestors.indexOf(moved.id);
      if (at < 0) continue;
      const ancestors = [...moved.ancestors, ...view.ancestors.slice(at)];
      this.hold({ ...view, ancestors, depth: ancestors.length });
    }
  }

  changedViews(): UserView[] {
    return [...this.changed].map((id) => this.views.get(id) as UserView);
  }

  /** The users erased in the batch, whose stored rows (if any) are to be deleted. */
  erasedIds(): string[] {
    return [...this.erased];
  }

  private hold(view: UserView): void {
    this.views.set(view.id, view);
    for (const ancestor of view.ancestors) this.heldAncestors.add(ancestor);
  }
}
