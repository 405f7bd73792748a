/** The projector did not reach the position a client asked for within the configured wait. */
export class ConsistencyTimeoutError extends Error {
  constructor(readonly position: bigint) {
    super(`the read model has not yet caught up with position ${position}`);
    this.name = 'ConsistencyTimeoutError';
  }
}

/** The user-service is down or did not answer in time. */
export class UserServiceUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserServiceUnavailableError';
  }
}
