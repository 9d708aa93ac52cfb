// The naive reference for a stack trace (DESIGN.md §3): each host op applied to a flat per-sector
// map of the block device it names — a copy reads all its sources, then writes its destination; a
// zone reset deallocates the zone. The workloads are conflict-free, so any completion order gives
// the same result; a failed op's destination may hold, sector by sector, its old or its new content.

import { tokenKey, type Run } from '../../model/content/token.js';
import { readRuns } from '../../model/content/extent-map.js';
import { bdevSectors, readThrough } from '../../model/stack/read-through.js';
import type { StackState } from '../../model/stack/state.js';
import type { StackTrace } from './trace.js';
import { opAt } from '../../model/stack/ops.js';

/** Token keys of a run list, one per sector (fine for the small devices the generators make). */
export const sectorKeys = (runs: readonly Run[]): string[] => {
  const out: string[] = [];
  for (const r of runs) for (let j = 0; j < r.len; j++) out.push(tokenKey(r.src, r.off + (r.src.kind === 'unwritten' ? 0 : j)));
  return out;
};

// The verdict below reads the trace's configuration, first state and final state only; traces that
// share them (the explorer's leaves that end in one state) share it, remembered per final state.
const verdicts = new WeakMap<StackState, { readonly cfg: StackTrace['cfg']; readonly init: StackState; readonly verdict: string | null }>();

/** First sector where the stack's final content cannot be explained by the reference, or null. */
export const checkStackAgainstReference = (t: StackTrace): string | null => {
  if (!t.quiescent) return null; // completion is CMPL-01's and LIVE-01's business
  const known = verdicts.get(t.final);
  if (known && known.cfg === t.cfg && known.init === t.states[0]) return known.verdict;
  const verdict = againstReference(t.cfg, t.states[0]!, t.final);
  verdicts.set(t.final, { cfg: t.cfg, init: t.states[0]!, verdict });
  return verdict;
};

const againstReference = (cfg: StackTrace['cfg'], init: StackState, fin: StackState): string | null => {
  const byBdev = new Map<string, { ok: string[]; alt: (string | undefined)[] }>();
  const initial = (bdev: string): string[] => sectorKeys(readThrough(init, bdev, 0, bdevSectors(init, bdev)));
  const ref = (bdev: string): { ok: string[]; alt: (string | undefined)[] } => {
    let r = byBdev.get(bdev);
    if (!r) {
      const ok = initial(bdev);
      r = { ok, alt: ok.map(() => undefined) };
      byBdev.set(bdev, r);
    }
    return r;
  };
  for (const [i, op] of cfg.ops.entries()) {
    const r = ref(op.bdev);
    const failed = opAt(fin, i).errno !== 0;
    let at: number;
    let data: string[];
    if (op.op === 'read') {
      if (!failed) {
        const want = r.ok.slice(op.sector, op.sector + op.nr);
        const got = sectorKeys(readRuns(opAt(fin, i).buffers[0]!, 0, op.nr));
        const k = got.findIndex((g, j) => g !== want[j]);
        if (k >= 0) return `op ${i} (read ${op.bdev} sector ${op.sector}+${op.nr}) returned ${got[k]} at sector ${op.sector + k}, the reference holds ${want[k]}`;
      }
      continue;
    } else if (op.op === 'write') {
      at = op.sector;
      data = Array.from({ length: op.nr }, (_, j) => tokenKey({ kind: 'data', tag: `w${i}` }, j));
    } else if (op.op === 'copy') {
      at = op.dst.sector;
      data = op.src.flatMap((s) => r.ok.slice(s.sector, s.sector + s.nr));
    } else {
      const zoneSectors = (cfg.devices.find((d) => d.name === op.bdev)?.zoned?.zoneSize ?? 0) * ((cfg.devices.find((d) => d.name === op.bdev)?.lbaBytes ?? 512) / 512);
      at = op.sector;
      data = Array.from({ length: zoneSectors }, () => tokenKey({ kind: 'unwritten' }, 0));
    }
    data.forEach((key, j) => {
      if (at + j >= r.ok.length) return;
      if (failed) r.alt[at + j] = key;
      else r.ok[at + j] = key;
    });
  }
  for (const [bdev, r] of byBdev) {
    const got = sectorKeys(readThrough(fin, bdev, 0, bdevSectors(fin, bdev)));
    for (let s = 0; s < got.length; s++) {
      if (got[s] !== r.ok[s] && got[s] !== r.alt[s]) {
        return `${bdev} sector ${s} holds ${got[s]}, the reference holds ${r.ok[s]}${r.alt[s] ? ` (or ${r.alt[s]}, the failed op's data)` : ''}`;
      }
    }
  }
  return null;
};
