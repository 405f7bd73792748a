import { PLAIN_EVERY_MS, progressBar, progressFigures, progressLine, ProgressDisplay } from './progress';

describe('progress figures', () => {
  it('measures the rate from where the run started, and the time left from it', () => {
    const figures = progressFigures({ read: 30_000, imported: 29_000, total: 100_000 }, 10_000, 2_000);
    expect(figures).toEqual({ read: 30_000, total: 100_000, usersPerSecond: 10_000, etaSeconds: 7 });
    expect(progressBar(figures)).toBe('[#######.................] 30,000/100,000  30.0%  10,000 users/s  ETA 0:07');
    expect(progressLine(figures)).toBe('read 30,000 of 100,000 (30.0%), 10,000 users/s, about 0:07 left');
  });

  it('shows no ETA without a total or before anything was read', () => {
    expect(progressBar(progressFigures({ read: 5, imported: 5, total: null }, 0, 1000))).toBe(
      '5  5 users/s  ETA --:--',
    );
    expect(progressFigures({ read: 0, imported: 0, total: 10 }, 0, 0).etaSeconds).toBeNull();
  });
});

describe('ProgressDisplay', () => {
  function recorder(isTTY: boolean) {
    const written: string[] = [];
    return { written, output: { isTTY, write: (text: string) => written.push(text) } };
  }

  it('on a terminal redraws one line in place and ends it with a newline', () => {
    const { written, output } = recorder(true);
    let now = 0;
    const display = new ProgressDisplay(output, () => now);
    display.update({ read: 0, imported: 0, total: 2000 });
    now = 1000;
    display.update({ read: 1000, imported: 1000, total: 2000 });
    now = 1050;
    display.update({ read: 2000, imported: 2000, total: 2000 });
    display.finish();

    expect(written.every((text) => text === '\n' || text.startsWith('\r\u001b[2K'))).toBe(true);
    expect(written.at(-2)).toContain('2,000/2,000  100.0%');
    expect(written.at(-1)).toBe('\n');
  });

  it('elsewhere writes a plain line every two seconds and one at the end', () => {
    const { written, output } = recorder(false);
    let now = 0;
    const display = new ProgressDisplay(output, () => now);
    for (let read = 0; read <= 5000; read += 500) {
      display.update({ read, imported: read, total: 5000 });
      now += 500;
    }
    display.finish();

    expect(written.every((text) => text.startsWith('read ') && text.endsWith('\n'))).toBe(true);
    // 11 updates over 5.5 s: at 0, 2 and 4 s, then the last one at the end.
    expect(written).toHaveLength(Math.floor(5000 / PLAIN_EVERY_MS) + 2);
    expect(written.at(-1)).toContain('read 5,000 of 5,000 (100.0%)');
  });
});
