export class EgovDetailsQuery {
  constructor(readonly accessToken: string) {}
}
