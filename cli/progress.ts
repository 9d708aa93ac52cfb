// Progress on stderr while a long command works. On a terminal: one line rewritten in place, at
// most ten times a second. Elsewhere (a CI log, a file, a pipe): a whole line at most once every
// PROGRESS_INTERVAL_MS, the first one only after that long, so a short run prints nothing. `--quiet`
// prints none. The clock is read here, for these lines only: no verdict, count or output on stdout
// depends on it.

import { performance } from 'node:perf_hooks';

/** At most one progress line per this many milliseconds when stderr is not a terminal. */
export const PROGRESS_INTERVAL_MS = 10_000;
/** At most one redraw per this many milliseconds on a terminal. */
const TTY_INTERVAL_MS = 100;

export type ProgressSink = { readonly isTTY?: boolean; readonly write: (text: string) => unknown };

export type Progress = {
  /** Offer a line; `line` is called (and the line written) only when one is due. */
  readonly tick: (line: (elapsedMs: number) => string) => void;
  /** Clear the terminal line (nothing to clear elsewhere). */
  readonly done: () => void;
};

const SILENT: Progress = { tick: () => {}, done: () => {} };

export const progressReporter = (o: { quiet: boolean; sink?: ProgressSink; now?: () => number }): Progress => {
  if (o.quiet) return SILENT;
  const sink = o.sink ?? process.stderr;
  const now = o.now ?? (() => performance.now());
  const start = now();
  const tty = sink.isTTY === true;
  const interval = tty ? TTY_INTERVAL_MS : PROGRESS_INTERVAL_MS;
  let last = start;
  let drawn = false;
  return {
    tick: (line) => {
      const t = now();
      if (t - last < interval) return;
      last = t;
      if (tty) {
        drawn = true;
        sink.write(`\r${line(t - start)}\x1b[K`);
      } else sink.write(`${line(t - start)}\n`);
    },
    done: () => {
      if (drawn) sink.write('\r\x1b[K');
      drawn = false;
    },
  };
};

/** `95 s`, `12 min 5 s`, `2 h 3 min`: for progress lines. */
export const duration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
};
