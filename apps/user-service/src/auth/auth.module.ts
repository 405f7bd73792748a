import { DynamicModule, Module } from '@nestjs/common';
import { loadServerSecret, RosterConfig } from '@roster/config';
import { Notifier } from '@roster/messaging';
import { Clock, SystemClock } from '../clock';
import { createNotifier } from './notifier-factory';
import { EventStoreOtpService } from './otp/event-store-otp-service';
import { Argon2idPasswordHasher } from './passwords/argon2id-password-hasher';
import { OtpService, PasswordHasher, RoleCatalogue, TokenService } from './ports';
import { FileRoleCatalogue } from './roles/file-role-catalogue';
import { PageCursors } from '../users/page-cursors';
import type { AuthKeys } from './secret/server-secret';
import { AUTH_KEYS, deriveAuthKeys } from './secret/server-secret';
import { HmacTokenService } from './tokens/hmac-token-service';

/**
 * Authentication building blocks: PasswordHasher, OtpService, TokenService, RoleCatalogue and Notifier.
 * Needs RosterConfig and EventStore (both global in every process that runs the user service). The
 * server secret is read (or created) and the role catalogue validated when the module is built, so a
 * problem with either stops start-up. In-process tests import `AuthModule.withNotifier(new CapturingNotifier())`
 * to read the codes; tests of a separate process use ROSTER_NOTIFIER=file.
 */
@Module({
  providers: [
    {
      provide: AUTH_KEYS,
      inject: [RosterConfig],
      useFactory: (config: RosterConfig) => deriveAuthKeys(loadServerSecret(config)),
    },
    { provide: PasswordHasher, useClass: Argon2idPasswordHasher },
    { provide: OtpService, useClass: EventStoreOtpService },
    { provide: TokenService, useClass: HmacTokenService },
    {
      provide: RoleCatalogue,
      inject: [RosterConfig],
      useFactory: (config: RosterConfig) => FileRoleCatalogue.fromConfig(config),
    },
    { provide: Notifier, inject: [RosterConfig], useFactory: createNotifier },
    { provide: PageCursors, inject: [AUTH_KEYS], useFactory: (keys: AuthKeys) => new PageCursors(keys.cursorKey) },
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [PasswordHasher, OtpService, TokenService, RoleCatalogue, Notifier, PageCursors],
})
export class AuthModule {
  /** This module with `notifier` in place of the configured one (Nest lets a dynamic provider replace a static one of the same token). */
  static withNotifier(notifier: Notifier): DynamicModule {
    return { module: AuthModule, providers: [{ provide: Notifier, useValue: notifier }] };
  }
}
