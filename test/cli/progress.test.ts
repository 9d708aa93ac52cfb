// Progress lines (cli/progress.ts), on a clock the test drives: at most one line per interval
// away from a terminal, none before the first interval, none with --quiet, one line redrawn in
// place on a terminal.

import { describe, expect, it } from 'vitest';
import { duration, progressReporter, PROGRESS_INTERVAL_MS } from '../../cli/progress.js';

const drive = (isTTY: boolean, quiet: boolean, times: readonly number[]): string[] => {
  const written: string[] = [];
  let now = 0;
  const p = progressReporter({ quiet, sink: { isTTY, write: (t) => written.push(t) }, now: () => now });
  for (const t of times) {
    now = t;
    p.tick((ms) => `at ${ms}`);
  }
  p.done();
  return written;
};

describe('progress lines', () => {
  const everySecond = Array.from({ length: 35 }, (_, i) => i * 1000);
  it('away from a terminal: a whole line at most once per interval, the first after one interval', () => {
    expect(PROGRESS_INTERVAL_MS).toBe(10_000);
    expect(drive(false, false, everySecond)).toEqual(['at 10000\n', 'at 20000\n', 'at 30000\n']);
    expect(drive(false, false, [0, 500, 9999])).toEqual([]);
  });
  it('--quiet: nothing', () => {
    expect(drive(false, true, everySecond)).toEqual([]);
    expect(drive(true, true, everySecond)).toEqual([]);
  });
  it('on a terminal: one line redrawn, cleared at the end', () => {
    const w = drive(true, false, [0, 50, 150, 200, 400]);
    expect(w).toEqual(['\rat 150\x1b[K', '\rat 400\x1b[K', '\r\x1b[K']);
  });
  it('says durations in s, min and h', () => {
    expect([duration(4_400), duration(65_000), duration(7_380_000)]).toEqual(['4 s', '1 min 5 s', '2 h 3 min']);
  });
});
