export type DomainErrorCode =
  | 'user_not_found'
  | 'user_already_exists'
  | 'parent_not_found'
  | 'parent_in_other_tenant'
  | 'self_parent'
  | 'parent_cycle'
  | 'user_name_taken';

/** A command the domain refuses. `field` names the input that caused it, in domain terms. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
