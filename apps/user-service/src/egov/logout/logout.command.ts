export class EgovLogoutCommand {
  constructor(readonly accessToken: string) {}
}
