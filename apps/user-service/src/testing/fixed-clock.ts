import { Clock } from '../clock';

export class FixedClock extends Clock {
  constructor(private readonly at = new Date('2026-01-01T00:00:00Z')) {
    super();
  }

  now(): Date {
    return this.at;
  }
}
