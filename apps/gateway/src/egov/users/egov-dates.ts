/**
 * Dates as egov-user's Jackson writes and reads them: times as `dd-MM-yyyy HH:mm:ss` in one configured zone
 * (DIGIT's clients parse exactly that pattern), days of birth as `yyyy-MM-dd` or `dd/MM/yyyy` by endpoint.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClock(instant: string | number, timeZone: string): Record<string, string> {
  return Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
}

/** An instant (ISO text or epoch ms) as `dd-MM-yyyy HH:mm:ss` in `timeZone`; null stays null. */
export function egovDateTime(instant: string | number | null, timeZone: string): string | null {
  if (instant === null) return null;
  const { day, month, year, hour, minute, second } = wallClock(instant, timeZone);
  return `${day}-${month}-${year} ${hour}:${minute}:${second}`;
}

/** The calendar day (`YYYY-MM-DD`) an epoch-ms instant falls on in `timeZone`. */
export function egovDay(epochMs: number, timeZone: string): string {
  const { day, month, year } = wallClock(epochMs, timeZone);
  return `${year}-${month}-${day}`;
}
