import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../auth/ports';
import { weakPassword } from './egov-errors';

/** Hashes egov passwords after the password policy, checked here as well as at the gateway: no weak password reaches a hash. */
@Injectable()
export class EgovPasswords {
  constructor(private readonly hasher: PasswordHasher) {}

  /** Refuses a password that breaks the policy (`passwordPolicyViolations`), naming `field`. */
  hash(password: string, field = 'password'): Promise<string> {
    const weak = weakPassword(password, field);
    if (weak) return Promise.reject(weak);
    return this.hasher.hash(password);
  }
}
