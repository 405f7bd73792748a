import { PageRequest, UserSearchCriteria } from '@roster/read-model';
import { NewUserInput, UserChangesInput } from './user-service-api';
import { Relation } from './user-record';

/** Request payloads as they travel (JSON): consistency tokens are decimal strings. */
export interface WireRequests {
  health: Record<string, never>;
  authenticateApiKey: { key: string };
  createUser: { tenantId: string; input: NewUserInput };
  updateUser: { tenantId: string; userId: string; input: UserChangesInput };
  getUser: { tenantId: string; userId: string; minPosition?: string };
  listUsers: { tenantId: string; page: PageRequest; minPosition?: string };
  searchUsers: { tenantId: string; criteria: UserSearchCriteria; page: PageRequest; minPosition?: string };
  listRelatives: { tenantId: string; relation: Relation; userId: string; page: PageRequest; minPosition?: string };
}

export function tokenToWire(position: bigint | undefined): string | undefined {
  return position === undefined ? undefined : position.toString();
}

export function tokenFromWire(position: string | undefined): bigint | undefined {
  return position === undefined ? undefined : BigInt(position);
}
