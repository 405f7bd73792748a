export class AuthenticateEgovQuery {
  constructor(readonly accessToken: string) {}
}
