export class AuthenticateApiKeyQuery {
  constructor(readonly key: string) {}
}
