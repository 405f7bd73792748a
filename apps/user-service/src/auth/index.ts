export * from './ports';
export { AuthModule } from './auth.module';
export { createNotifier } from './notifier-factory';
export { Argon2idPasswordHasher } from './passwords/argon2id-password-hasher';
export { EventStoreOtpService, otpMessage } from './otp/event-store-otp-service';
export { HmacTokenService, sessionStream } from './tokens/hmac-token-service';
export { FileRoleCatalogue, RoleCatalogueError } from './roles/file-role-catalogue';
export { AUTH_KEYS, deriveAuthKeys } from './secret/server-secret';
export type { AuthKeys } from './secret/server-secret';
