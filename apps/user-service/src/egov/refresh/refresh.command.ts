export class EgovRefreshCommand {
  constructor(readonly refreshToken: string) {}
}
