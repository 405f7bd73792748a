import { RosterError } from '@roster/domain';

/**
 * Input the gateway refuses before any controller reads it (a body too deep or not JSON, a control character, a
 * `__proto__` key, a malformed URL), for both faces. `field` is the path in the body (`address.line1`,
 * `users[1].name`), a query parameter's name, or `body` / `url` / `request` for the whole; `message` says what is
 * wrong with it and never quotes the input.
 */
export class RequestInputError extends RosterError {
  constructor(code: string, field: string, message: string) {
    super('invalid', code, message, field);
    this.name = 'RequestInputError';
  }
}
