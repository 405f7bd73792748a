export class CheckHealthQuery {}
