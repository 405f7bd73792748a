import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ApiKeyIssued, apiKeyStream, ApiKeyPrincipal, principalOf } from '@roster/domain';
import { EventStore } from '@roster/event-store';
import { hashApiKey } from './api-key-secret';
import { AuthenticateApiKeyQuery } from './authenticate-api-key.query';

/** Keys cannot be revoked yet, so a key once found stays valid; unknown keys are never cached. */
const MAX_CACHED_KEYS = 10_000;

@QueryHandler(AuthenticateApiKeyQuery)
export class AuthenticateApiKeyHandler implements IQueryHandler<AuthenticateApiKeyQuery, ApiKeyPrincipal | null> {
  private readonly known = new Map<string, ApiKeyPrincipal>();

  constructor(private readonly store: EventStore) {}

  async execute({ key }: AuthenticateApiKeyQuery): Promise<ApiKeyPrincipal | null> {
    const keyHash = hashApiKey(key);
    const cached = this.known.get(keyHash);
    if (cached) return cached;
    const principal = principalOf(await this.store.readStream<ApiKeyIssued>(apiKeyStream(keyHash)));
    if (principal && this.known.size < MAX_CACHED_KEYS) this.known.set(keyHash, principal);
    return principal;
  }
}
