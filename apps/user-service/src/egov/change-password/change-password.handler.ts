import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PasswordHasher } from '../../auth/ports';
import { callingUser } from '../egov-access';
import { invalid, invalidAccessToken, userNotFound } from '../egov-errors';
import { Clock } from '../../clock';
import { EgovPasswords } from '../egov-passwords';
import { EgovUserLookup } from '../egov-user-lookup';
import { EgovUserUpdates } from '../egov-user-updates';
import { EgovChangePasswordCommand } from './change-password.command';

/**
 * `/user/password/_update`: the logged-in user replaces its password, proving the existing one. The change
 * revokes every token issued before it (the domain's credentialsChangedAt), the caller's own included.
 */
@CommandHandler(EgovChangePasswordCommand)
export class EgovChangePasswordHandler implements ICommandHandler<EgovChangePasswordCommand, void> {
  constructor(
    private readonly lookup: EgovUserLookup,
    private readonly passwords: EgovPasswords,
    private readonly clock: Clock,
    private readonly updates: EgovUserUpdates,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute({ caller, request }: EgovChangePasswordCommand): Promise<void> {
    const user = (await this.lookup.find(callingUser(caller)))?.state;
    // A token's holder that vanished is a bad token; a user the gateway vouched for but Roster lacks is unknown.
    if (!user) throw caller.trusted ? userNotFound() : invalidAccessToken();
    const proved =
      user.passwordHash === null
        ? await this.hasher.verifyNothing(request.existingPassword)
        : await this.hasher.verify(user.passwordHash, request.existingPassword);
    if (!proved) throw invalid('INVALID_EXISTING_PASSWORD', 'the existing password is not correct', 'existingPassword');
    const passwordHash = await this.passwords.hash(request.newPassword, 'newPassword');
    const at = this.clock.now().toISOString();
    await this.updates.update(user.id, [
      (current) => ({
        type: 'ChangePassword',
        data: { userId: current.id, tenantId: current.tenantId, passwordHash, reason: 'change', by: caller.userId, at },
      }),
    ]);
  }
}
