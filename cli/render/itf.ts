// A replayed counterexample as an ITF trace (Informal Trace Format, Apalache ADR-015,
// docs/src/adr/015adr-trace.md): `#meta`, `vars`, and `states`, states[0] the initial state and
// states[i] the state after replay step i, each with the action taken (`mbt::actionTaken`, and
// `mbt::nondetPicks`, as Quint's model-based testing traces name them: quint/src/itf.ts), so Quint
// and Apalache tooling and model-based test drivers can read a copyspec counterexample.
//
// Encodings (ADR-015 "Expressions"): every integer as `{"#bigint": "…"}` (the ADR lets big and small
// integers take that form; Quint writes all integers so, and no reader has to care about 2^53);
// a function of devices or zones as `{"#map": [[key, value], …]}`; records as JSON objects whose
// field names never start with `#`; sequences as arrays.

import { createHash } from 'node:crypto';
import { match } from 'ts-pattern';
import type { ExtentMap } from '../../model/content/extent-map.js';
import type { NvmeNamespace } from '../../model/device/nvme/namespace.js';
import type { ScsiLu } from '../../model/device/scsi/lu.js';
import type { StackAction, StackState } from '../../model/stack/state.js';
import type { Replayed } from '../replay.js';
import { counterexampleTitle } from './from-replay.js';
import { opsOf } from '../../model/stack/ops.js';

export type ItfValue = string | boolean | readonly ItfValue[] | { readonly '#bigint': string } | { readonly '#map': readonly (readonly [ItfValue, ItfValue])[] } | { readonly '#tup': readonly ItfValue[] } | { readonly [field: string]: ItfValue };
/** A state: `#meta` (its index), then one value per variable. */
export type ItfState = { readonly [name: string]: ItfValue | { readonly index: number } };
export type ItfTrace = { readonly '#meta': Readonly<Record<string, unknown>>; readonly vars: readonly string[]; readonly states: readonly ItfState[] };

export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

const int = (n: number): ItfValue => ({ '#bigint': BigInt(n).toString() });
const itfMap = (pairs: readonly (readonly [ItfValue, ItfValue])[]): ItfValue => ({ '#map': pairs });
/** Quint's Option encoding for a nondeterministic pick that an action did not make. */
const some = (v: ItfValue): ItfValue => ({ tag: 'Some', value: v });
const NONE: ItfValue = { tag: 'None', value: { '#tup': [] } };

/** Any JSON value (a layer property's input) in ITF: numbers as integers, objects as records. */
export const itfOfJson = (v: unknown): ItfValue => {
  if (typeof v === 'number') return Number.isInteger(v) ? int(v) : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v === null || v === undefined) return { '#tup': [] };
  if (Array.isArray(v)) return v.map(itfOfJson);
  // A field name starting with `#` would read as an ITF construct: such keys go into a map.
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.some(([k]) => k.startsWith('#'))) return itfMap(entries.map(([k, x]) => [k, itfOfJson(x)]));
  return Object.fromEntries(entries.map(([k, x]) => [k, itfOfJson(x)]));
};

/** A short digest of symbolic content (its extents): equal content, equal digest. */
export const contentDigest = (m: ExtentMap): string => createHash('sha256').update(JSON.stringify(m)).digest('hex').slice(0, 16);

const nvmeZones = (ns: NvmeNamespace): ItfValue =>
  itfMap(Object.entries(ns.zones).map(([i, z]) => [int(Number(i)), { state: z.state, wp: int(z.wp) }]));

const scsiZones = (lu: ScsiLu): ItfValue =>
  itfMap(Object.entries(lu.zones).map(([i, z]) => [int(Number(i)), { condition: z.cond, wp: int(z.wp) }]));

const stackPicks = (a: StackAction | null): ItfValue => {
  const picked = (a ?? {}) as Partial<Record<'bio' | 'cmd' | 'fault', number>>;
  const pick = (k: 'bio' | 'cmd' | 'fault'): ItfValue => (picked[k] === undefined ? NONE : some(int(picked[k])));
  return { bio: pick('bio'), cmd: pick('cmd'), fault: pick('fault') };
};

const STACK_VARS = ['mbt::actionTaken', 'mbt::nondetPicks', 'action', 'effects', 'tags', 'plug', 'queued', 'zones', 'zoneWritePlugs', 'content', 'ops'] as const;

const stackState = (s: StackState, a: StackAction | null, action: string, effects: readonly string[]): Record<(typeof STACK_VARS)[number], ItfValue> => {
  const devs = s.cfg.devices.map((d) => d.name);
  return {
    'mbt::actionTaken': a ? a.kind : 'init',
    'mbt::nondetPicks': stackPicks(a),
    action,
    effects: [...effects],
    // Tags in use per device, out of its tag set depth (blk_mq_get_tag).
    tags: itfMap(devs.map((d) => [d, { inUse: int(s.tagsUsed[d] ?? 0), depth: int(s.cfg.tags) }])),
    // The task's plug (current->plug): started, and its request list, oldest first.
    plug: { started: s.plugged, requests: s.plugList.map(int) },
    // Commands in the device submission queues, with the requests each carries.
    queued: s.sq.map((q) => ({ cid: int(q.id), dev: q.dev, cmd: q.command.cmd, requests: q.rqs.map(int), retries: int(q.retries) })),
    // Zones that are not Empty, per namespace: state and write pointer (an LBA).
    zones: itfMap(devs.map((d) => [d, nvmeZones(s.ns[d]!)])),
    // Zone write plugs (blk_zone_wplug) by `dev:zone`: write pointer offset in 512-byte sectors.
    zoneWritePlugs: itfMap(Object.entries(s.zwplugs).map(([k, z]) => [k, { wpOffset: int(z.wpOffset), plugged: z.plugged, needWpUpdate: z.needWpUpdate, queued: z.queue.map(int) }])),
    content: itfMap(devs.map((d) => [d, contentDigest(s.ns[d]!.content)])),
    ops: opsOf(s).map((o) => ({ phase: o.phase, errno: int(o.errno), completions: int(o.completions), emulated: o.emulated })),
  };
};

const DEVICE_VARS = ['mbt::actionTaken', 'action', 'status', 'zones', 'resources', 'content'] as const;

const nvmeState = (all: ReadonlyMap<string, NvmeNamespace>, cmd: string, action: string, status: string): Record<(typeof DEVICE_VARS)[number], ItfValue> => ({
  'mbt::actionTaken': cmd,
  action,
  status,
  zones: itfMap([...all].map(([d, ns]) => [d, nvmeZones(ns)])),
  // Open and active resources (ZNS 1.1 §2.1.1.4) and Namespace Write Protection.
  resources: itfMap([...all].map(([d, ns]) => [d, { open: int(ns.nrOpen), active: int(ns.nrActive), writeProtected: ns.writeProtected }])),
  content: itfMap([...all].map(([d, ns]) => [d, contentDigest(ns.content)])),
});

const scsiState = (all: ReadonlyMap<string, ScsiLu>, cmd: string, action: string, status: string): Record<(typeof DEVICE_VARS)[number], ItfValue> => ({
  'mbt::actionTaken': cmd,
  action,
  status,
  zones: itfMap([...all].map(([d, lu]) => [d, scsiZones(lu)])),
  // ROD tokens held by the copy manager, and write protection.
  resources: itfMap([...all].map(([d, lu]) => [d, { tokens: int(Object.keys(lu.tokens).length), writeProtected: lu.writeProtected }])),
  content: itfMap([...all].map(([d, lu]) => [d, contentDigest(lu.content)])),
});

/** The ITF trace of a replay: one state for the start and one per replay step. */
export const itfOf = (r: Replayed): ItfTrace => {
  const lineAt = (step: number) => r.lines.find((l) => l.step === step && l.arrow);
  const raw: Record<string, ItfValue>[] = match(r.source)
    .with({ kind: 'stack' }, ({ run }) =>
      run.states.map((s, i) => {
        const l = i ? lineAt(i) : undefined;
        return stackState(s, i ? run.actions[i - 1]! : null, l?.action ?? '', l?.effect ?? []);
      }),
    )
    .with({ kind: 'device' }, ({ trace }) => {
      let all = new Map(trace.initial);
      const out = [nvmeState(all, 'init', '', '')];
      for (const st of trace.steps) {
        all = new Map(all).set(st.step.dev, st.after);
        out.push(nvmeState(all, st.step.cmd, lineAt(st.stepNo)?.action ?? '', st.record.status ?? ''));
      }
      return out;
    })
    .with({ kind: 'scsi' }, ({ trace }) => {
      let all = new Map(trace.initial);
      const out = [scsiState(all, 'init', '', '')];
      for (const st of trace.steps) {
        all = new Map(all).set(st.step.dev, st.after);
        out.push(scsiState(all, st.step.cmd, lineAt(st.stepNo)?.action ?? '', st.record.status ?? ''));
      }
      return out;
    })
    .with({ kind: 'layer' }, ({ input }) => [
      { 'mbt::actionTaken': 'init', action: '', input: itfOfJson(input), violation: '' },
      { 'mbt::actionTaken': r.cx.property, action: r.lines[0]?.action ?? '', input: itfOfJson(input), violation: r.violation ?? '' },
    ])
    .exhaustive();
  return {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_FORMAT_DESCRIPTION,
      source: r.file,
      description: `copyspec replay of ${counterexampleTitle(r)}: states[0] is the initial state, states[i] the state after replay step i`,
      property: r.cx.property,
      design: r.cx.design,
      variant: r.cx.variant,
      reproduces: r.violation !== null,
      violation: r.violation ?? r.cx.violation,
    },
    vars: Object.keys(raw[0]!),
    states: raw.map((s, index) => ({ '#meta': { index }, ...s })),
  };
};
