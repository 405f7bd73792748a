import { egovDateTime, egovDay } from './egov-dates';

describe('egovDateTime', () => {
  it('writes dd-MM-yyyy HH:mm:ss in UTC by default zone name', () => {
    expect(egovDateTime('2026-03-09T04:05:06.789Z', 'UTC')).toBe('09-03-2026 04:05:06');
    expect(egovDateTime(Date.parse('2026-12-31T23:59:59Z'), 'UTC')).toBe('31-12-2026 23:59:59');
  });

  it('writes the wall clock of the configured zone, past midnight included', () => {
    expect(egovDateTime('2026-12-31T20:00:00Z', 'Asia/Kolkata')).toBe('01-01-2027 01:30:00');
    expect(egovDateTime('2026-01-01T00:00:00Z', 'Asia/Kolkata')).toBe('01-01-2026 05:30:00');
  });

  it('keeps null', () => {
    expect(egovDateTime(null, 'UTC')).toBeNull();
  });
});

describe('egovDay', () => {
  it('is the day an epoch-ms date of birth falls on in the zone (HRMS sends local midnight as a Long)', () => {
    const istMidnight = Date.parse('1990-03-12T00:00:00+05:30');
    expect(egovDay(istMidnight, 'Asia/Kolkata')).toBe('1990-03-12');
    expect(egovDay(istMidnight, 'UTC')).toBe('1990-03-11');
    expect(egovDay(Date.parse('1990-03-12T00:00:00Z'), 'UTC')).toBe('1990-03-12');
  });
});
