import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ExistingUser, ProfileChanges, RequestRejectedError } from '@roster/domain';
import { EgovCaller, EgovUpdateMode, EgovUserInput, EgovUserRecord } from '@roster/user-service-contract';
import { RoleCatalogue } from '../../auth/ports';
import { Reservations } from '../../users/reservations';
import { callingUser, requireMayChange } from '../egov-access';
import { invalid, userNotFound } from '../egov-errors';
import { profileChangesOf, required, rolesOf } from '../egov-input';
import { Clock } from '../../clock';
import { EgovPasswords } from '../egov-passwords';
import { EgovUserLookup } from '../egov-user-lookup';
import { EgovUserPresenter } from '../egov-user-presenter';
import { EgovUserUpdates, NextCommand } from '../egov-user-updates';
import { EgovUpdateUserCommand } from './update-user.command';

/** What the profile endpoint never changes, whatever is sent: egov's rule, and what a user must not grant itself. */
const NOT_BY_PROFILE_UPDATE: readonly (keyof ProfileChanges)[] = ['mobile'];

/**
 * The three egov update endpoints, one rule set each (docs/egov-api.md):
 * - `citizen` (`/user/citizen/_update`): a user changes itself, or an operator with `user:update:<type>` changes a user;
 * - `novalidate` (`/user/users/_updatenovalidate`): an operator with the permission; roles required and non-empty;
 * - `profile` (`/user/profile/_update`): only the caller itself, only demographic fields; never `active`.
 * Activation, unlocking and roles are for operators only, never for a user about itself. A password may be
 * set here only while the user has none (registration's second step); changing one needs the old one or an OTP.
 * Every event of one update is written in one append.
 */
@CommandHandler(EgovUpdateUserCommand)
export class EgovUpdateUserHandler implements ICommandHandler<EgovUpdateUserCommand, EgovUserRecord> {
  constructor(
    private readonly lookup: EgovUserLookup,
    private readonly clock: Clock,
    private readonly updates: EgovUserUpdates,
    private readonly presenter: EgovUserPresenter,
    private readonly passwords: EgovPasswords,
    private readonly roles: RoleCatalogue,
    private readonly reservations: Reservations,
  ) {}

  async execute({ caller, input, mode }: EgovUpdateUserCommand): Promise<EgovUserRecord> {
    const userId = required(input.uuid, 'uuid');
    // Refused before the lookup, so the answer is the same whether or not another user with that uuid exists.
    if (mode === 'profile' && userId !== callingUser(caller)) throw onlyOwnProfile();
    const target = (await this.lookup.find(userId))?.state;
    if (!target) throw userNotFound();
    const operator = this.authorize(caller, target, mode);
    if (mode === 'novalidate' && !input.roles?.length)
      throw invalid('MISSING_FIELD', 'roles are required and must not be empty', 'roles');
    const changes = profileChangesOf(input);
    if (mode === 'profile') for (const field of NOT_BY_PROFILE_UPDATE) delete changes[field];
    const passwordHash =
      mode !== 'profile' && input.password ? await this.initialPasswordHash(target, input.password) : null;
    const by = caller.userId;
    const at = this.clock.now().toISOString();
    const decisions: NextCommand[] = [
      (user) => ({ type: 'UpdateProfile', data: { userId, tenantId: user.tenantId, changes, by, at } }),
    ];
    if (operator) decisions.push(...this.operatorDecisions(input, target, by, at));
    if (passwordHash)
      decisions.push((user) => ({
        type: 'ChangePassword',
        data: { userId, tenantId: user.tenantId, passwordHash, reason: 'set', by, at },
      }));
    const updated = await this.updates.update(userId, decisions, (after) =>
      this.reservations.move(target, after, this.clock.now()),
    );
    return this.presenter.record(updated);
  }

  /** True when the caller acts as an operator (with the permission), false when a user changes itself. */
  private authorize(caller: EgovCaller, target: ExistingUser, mode: EgovUpdateMode): boolean {
    const self = caller.userId === target.id;
    if (mode === 'profile') {
      if (!self) throw onlyOwnProfile();
      return false;
    }
    if (mode === 'citizen' && self) return false;
    requireMayChange(caller, target);
    return true;
  }

  private operatorDecisions(input: EgovUserInput, target: ExistingUser, by: string | null, at: string): NextCommand[] {
    const decisions: NextCommand[] = [];
    const { active, accountLocked } = input;
    if (active !== undefined)
      decisions.push((user) => ({
        type: 'SetActive',
        data: { userId: user.id, tenantId: user.tenantId, active, by, at },
      }));
    if (accountLocked === false)
      decisions.push((user) => ({ type: 'UnlockAccount', data: { userId: user.id, tenantId: user.tenantId, by, at } }));
    if (input.roles?.length) {
      const roles = rolesOf(input.roles, target.tenantId, this.roles);
      decisions.push((user) => ({
        type: 'ChangeRoles',
        data: { userId: user.id, tenantId: user.tenantId, roles, by, at },
      }));
    }
    return decisions;
  }

  private initialPasswordHash(target: ExistingUser, password: string): Promise<string> {
    if (target.passwordHash !== null) {
      return Promise.reject(
        invalid(
          'PASSWORD_ALREADY_SET',
          'change a password with /user/password/_update or reset it with an OTP',
          'password',
        ),
      );
    }
    return this.passwords.hash(password);
  }
}

function onlyOwnProfile(): RequestRejectedError {
  return new RequestRejectedError('forbidden', 'ACCESS_DENIED', 'a user may update only its own profile');
}
