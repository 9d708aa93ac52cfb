// The zone condition and write pointer each SCSI command or fault leaves each zone in (ZONE-08),
// derived from the LU before the step, the command and its completion — ZBC-2's zone condition
// state machine written out again, independent of model/device/scsi/zone.ts. Every zone the step
// does not act on keeps its condition and write pointer.

import type { ScsiLu, ZoneCondition } from '../../../model/device/scsi/lu.js';
import { writesOf } from './facts.js';
import type { ScsiTraceStep } from './trace.js';

type Zone = { cond: ZoneCondition; wp: number };
type Sim = { readonly lu: ScsiLu; readonly zones: Map<number, Zone>; implicit: number[] };

const hasWp = (c: ZoneCondition): boolean => c === 'IMPLICITLY_OPENED' || c === 'EXPLICITLY_OPENED' || c === 'CLOSED';
const opened = (c: ZoneCondition): boolean => c === 'IMPLICITLY_OPENED' || c === 'EXPLICITLY_OPENED';

const start = (s: Sim, z: number): number => z * s.lu.config.zoned!.zoneSize;
const get = (s: Sim, z: number): Zone => s.zones.get(z) ?? { cond: 'EMPTY', wp: start(s, z) };
const set = (s: Sim, z: number, cond: ZoneCondition, wp: number): void => {
  s.zones.set(z, { cond, wp });
  s.implicit = s.implicit.filter((i) => i !== z);
  if (cond === 'IMPLICITLY_OPENED') s.implicit.push(z);
};

/**
 * Opening an EMPTY or CLOSED zone at MAXIMUM NUMBER OF OPEN SEQUENTIAL WRITE REQUIRED ZONES first
 * closes an implicitly opened zone (ZBC-2 §4.5.3.4.2 lets the device choose which): the least
 * recently written one, the policy model/device/scsi/lu.ts documents; the order is this sim's own.
 */
const open = (s: Sim, z: number, cond: 'IMPLICITLY_OPENED' | 'EXPLICITLY_OPENED'): void => {
  const was = get(s, z);
  const max = s.lu.config.zoned!.maxOpen;
  const open = [...s.zones.values()].filter((v) => opened(v.cond)).length;
  if (max && open >= max && s.implicit.length) set(s, s.implicit[0]!, 'CLOSED', get(s, s.implicit[0]!).wp);
  set(s, z, cond, was.wp);
};

/** A write of n > 0 blocks at the write pointer of zone z (ZBC-2 §4.5.3.2): open it implicitly, advance, FULL at the zone end. */
const write = (s: Sim, lba: number, n: number): void => {
  const cfg = s.lu.config.zoned!;
  const z = Math.floor(lba / cfg.zoneSize);
  if (z < cfg.conventionalZones) return;
  const c = get(s, z).cond;
  if (c === 'EMPTY' || c === 'CLOSED') open(s, z, 'IMPLICITLY_OPENED');
  const now = get(s, z);
  const end = lba + n;
  if (end >= start(s, z) + cfg.zoneSize) set(s, z, 'FULL', end);
  else set(s, z, now.cond, end);
};

/** The zones ALL acts on (ZBC-2 §5.3–5.6): OPEN: CLOSED; CLOSE: open; FINISH: open and CLOSED; RESET: open, CLOSED and FULL. */
const ALL: Record<'open' | 'close' | 'finish' | 'reset', readonly ZoneCondition[]> = {
  open: ['CLOSED'],
  close: ['IMPLICITLY_OPENED', 'EXPLICITLY_OPENED'],
  finish: ['IMPLICITLY_OPENED', 'EXPLICITLY_OPENED', 'CLOSED'],
  reset: ['IMPLICITLY_OPENED', 'EXPLICITLY_OPENED', 'CLOSED', 'FULL'],
};

/** ZONE MANAGEMENT OUT that succeeded, on one zone (ZBC-2 §5.3 CLOSE, §5.4 FINISH, §5.5 OPEN, §5.6 RESET WRITE POINTER). */
const act = (s: Sim, z: number, action: 'open' | 'close' | 'finish' | 'reset'): void => {
  const { cond, wp } = get(s, z);
  const size = s.lu.config.zoned!.zoneSize;
  // An implicitly opened zone is open already: it becomes explicitly opened without a new resource.
  if (action === 'open' && (cond === 'EMPTY' || cond === 'CLOSED')) open(s, z, 'EXPLICITLY_OPENED');
  if (action === 'open' && cond === 'IMPLICITLY_OPENED') set(s, z, 'EXPLICITLY_OPENED', wp);
  if (action === 'close' && opened(cond)) set(s, z, wp === start(s, z) ? 'EMPTY' : 'CLOSED', wp);
  if (action === 'finish' && cond !== 'FULL') set(s, z, 'FULL', start(s, z) + size);
  if (action === 'reset' && cond !== 'EMPTY') set(s, z, 'EMPTY', start(s, z));
};

/** The zones the LU should hold after the step, and its implicitly opened zones in order. */
export const expectedZones = (st: ScsiTraceStep): Sim | null => {
  const lu = st.before;
  const cfg = lu.config.zoned;
  if (!cfg) return null;
  const s: Sim = { lu, zones: new Map(Object.entries(lu.zones).map(([k, v]) => [Number(k), { ...v }])), implicit: [...lu.implicitOpen] };
  const step = st.step;
  if (step.cmd === 'inject' && (step.fault === 'zone-read-only' || step.fault === 'zone-offline') && step.lba! < lu.config.capacity) {
    const z = Math.floor(step.lba! / cfg.zoneSize);
    if (z >= cfg.conventionalZones) set(s, z, step.fault === 'zone-offline' ? 'OFFLINE' : 'READ_ONLY', get(s, z).wp);
    return s;
  }
  const c = st.command;
  if (!c || !st.result) return s;
  if (c.cmd === 'write16' || c.cmd === 'xcopy' || c.cmd === 'write-using-token') for (const w of writesOf(st)) write(s, w.lba, w.blocks);
  if (c.cmd === 'zone-out' && st.result.completion.status === 'GOOD') {
    const targets = c.all ? [...s.zones.entries()].filter(([, v]) => ALL[c.action].includes(v.cond)).map(([k]) => k).sort((a, b) => a - b) : [Math.floor(c.lba / cfg.zoneSize)];
    for (const z of targets) act(s, z, c.action);
  }
  return s;
};

/** The first zone the step left in a condition or at a write pointer ZBC-2 does not give it, or null. */
export const checkScsiZoneTransitions = (st: ScsiTraceStep): string | null => {
  const want = expectedZones(st);
  if (!want) return null;
  const after = st.after;
  const keys = new Set([...want.zones.keys(), ...Object.keys(after.zones).map(Number)]);
  for (const z of [...keys].sort((a, b) => a - b)) {
    const w = get(want, z);
    const g = after.zones[z] ?? { cond: 'EMPTY' as const, wp: start(want, z) };
    if (g.cond !== w.cond) return `zone ${z} is ${g.cond} after the step (was ${st.before.zones[z]?.cond ?? 'EMPTY'}); ZBC-2 gives ${w.cond}`;
    if (hasWp(w.cond) && g.wp !== w.wp) return `zone ${z} (${g.cond}) has its write pointer at ${g.wp}, not ${w.wp}`;
  }
  if (want.implicit.join() !== after.implicitOpen.join()) return `implicitly opened zones, least recently written first, are [${after.implicitOpen.join(', ')}], not [${want.implicit.join(', ')}]`;
  return null;
};
