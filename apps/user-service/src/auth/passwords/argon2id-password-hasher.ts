import type { OnModuleDestroy } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import type { Algorithm, Options } from '@node-rs/argon2';
import { PasswordHasher } from '../ports';
import { HashingThreads } from './hashing-threads';

/**
 * OWASP's argon2id parameters (19 MiB, 2 passes, 1 lane). Each hash runs on a hashing thread below the event
 * loop's priority (HashingThreads), so a login costs the event loop nothing while it waits, and the hashes do not
 * keep it from a core. The algorithm and parameters are in each stored PHC string, so raising them later still
 * verifies the hashes made before.
 */
export const ARGON2ID_OPTIONS: Options = {
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

/**
 * An argon2id hash of a password no one has, with the same parameters: verifying against it costs what
 * verifying a real user's hash costs, so an unknown user name answers as slowly as a wrong password.
 */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$QinVMbK0YJzwwNafktuExw$6Ymq5/fo0l3GtLpIg+78uUl/XaQ1NlhPhfMji4x5rj8';

/**
 * egov-user's hashes (Spring's BCryptPasswordEncoder: `$2a$10$…`, 60 characters), which users imported from it
 * keep until their first login (`npm run import`, docs/import.md). Verified on the hashing threads like argon2.
 */
const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

@Injectable()
export class Argon2idPasswordHasher extends PasswordHasher implements OnModuleDestroy {
  private readonly threads = new HashingThreads(ARGON2ID_OPTIONS);

  hash(password: string): Promise<string> {
    return this.threads.run('argon2Hash', password);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      if (BCRYPT_HASH.test(passwordHash)) return await this.threads.run('bcryptVerify', passwordHash, password);
      return await this.threads.run('argon2Verify', passwordHash, password);
    } catch {
      // A stored value that is not a PHC string matches no password.
      return false;
    }
  }

  needsRehash(passwordHash: string): boolean {
    return !passwordHash.startsWith('$argon2id$');
  }

  async verifyNothing(password: string): Promise<false> {
    await this.verify(DUMMY_HASH, password);
    return false;
  }

  onModuleDestroy(): Promise<void> {
    return this.threads.close();
  }
}
