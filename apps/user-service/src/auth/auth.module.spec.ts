import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfig } from '@roster/config';
import { EventStore } from '@roster/event-store';
import { InMemoryEventStore } from '@roster/event-store/memory';
import { CapturingNotifier, FileNotifier, KafkaNotifier, LoggingNotifier, Notifier } from '@roster/messaging';
import { AuthModule } from './auth.module';
import { createNotifier } from './notifier-factory';
import { EventStoreOtpService } from './otp/event-store-otp-service';
import { Argon2idPasswordHasher } from './passwords/argon2id-password-hasher';
import { OtpService, PasswordHasher, RoleCatalogue, TokenService } from './ports';
import { FileRoleCatalogue } from './roles/file-role-catalogue';
import { HmacTokenService } from './tokens/hmac-token-service';

@Global()
@Module({ providers: [{ provide: EventStore, useValue: new InMemoryEventStore() }], exports: [EventStore] })
class MemoryStoreModule {}

/** The module as a process imports it (the context starts it: a Kafka notifier would connect). */
async function contextWith(env: Record<string, string>, auth: Type | DynamicModule = AuthModule) {
  @Module({ imports: [ConfigModule.forRoot(loadConfig({ EVENT_STORE: 'memory', ...env })), MemoryStoreModule, auth] })
  class Root {}
  return NestFactory.createApplicationContext(Root, { logger: false, abortOnError: false });
}

describe('AuthModule', () => {
  it('provides the adapters, with the logging notifier by default', async () => {
    const app = await contextWith({});

    expect(app.get(PasswordHasher)).toBeInstanceOf(Argon2idPasswordHasher);
    expect(app.get(OtpService)).toBeInstanceOf(EventStoreOtpService);
    expect(app.get(TokenService)).toBeInstanceOf(HmacTokenService);
    expect(app.get(RoleCatalogue)).toBeInstanceOf(FileRoleCatalogue);
    expect(app.get(Notifier)).toBeInstanceOf(LoggingNotifier);
    await app.close();
  });

  it.each([
    [{}, LoggingNotifier],
    [{ ROSTER_NOTIFIER: 'file', ROSTER_NOTIFIER_FILE: '/tmp/roster-notifications.jsonl' }, FileNotifier],
    [{ KAFKA_BROKERS: '127.0.0.1:1' }, KafkaNotifier],
    [{ KAFKA_BROKERS: '127.0.0.1:1', ROSTER_NOTIFIER: 'log' }, LoggingNotifier],
  ])('selects the notifier from the configuration (%o)', (env, notifier) => {
    expect(createNotifier(loadConfig(env))).toBeInstanceOf(notifier);
  });

  it('lets an in-process test capture the codes the OTP service sends', async () => {
    const captured = new CapturingNotifier();
    const app = await contextWith({ KAFKA_BROKERS: '127.0.0.1:1' }, AuthModule.withNotifier(captured));
    const otps = app.get(OtpService);

    await otps.send({ tenantId: 'pb', mobileNumber: '9876543210', purpose: 'login', userType: 'CITIZEN' });
    await otps.consume({
      tenantId: 'pb',
      mobileNumber: '9876543210',
      purpose: 'login',
      code: captured.lastOtp('9876543210'),
    });

    expect(app.get(Notifier)).toBe(captured);
    const tokens = app.get(TokenService);
    const issued = await tokens.issue({ userId: 'u1', tenantId: 'pb', userType: 'CITIZEN' }, new Date());
    expect(await tokens.verifyAccess(issued.accessToken, new Date())).toEqual(issued.claims);
    await app.close();
  });

  it('stops start-up on a broken role catalogue, naming the file', async () => {
    await expect(contextWith({ ROSTER_ROLES_FILE: '/nonexistent/roles.json' })).rejects.toThrow(
      'invalid role catalogue /nonexistent/roles.json: cannot be read (ENOENT)',
    );
  });
});
