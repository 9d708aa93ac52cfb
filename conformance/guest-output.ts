// Reading what nvme-batch printed on the guest's console (format in conformance/guest/nvme-batch.c)
// into one observation per step and namespace. The console carries firmware and kernel noise too:
// only the text from an `@` that starts a record is read.

import type { ZoneState } from '../model/device/nvme/namespace.js';
import { wpValid } from '../model/device/nvme/namespace.js';
import { ZONE_STATE_BY_ZS, type StepObservation, type ZoneView } from './observation.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type RawStep = Mutable<StepObservation>;

/** Per namespace id, per step number: what the guest reported. */
export type GuestOutput = { readonly steps: ReadonlyMap<number, ReadonlyMap<number, RawStep>>; readonly errors: readonly string[]; readonly done: boolean };

const zoneState = (zs: number): ZoneState => {
  const s = ZONE_STATE_BY_ZS[zs];
  if (!s) throw new Error(`guest reported zone state ${zs}, not a ZNS 1.1 value`);
  return s;
};

const zoneView = (zs: number, wp: number): ZoneView => {
  const state = zoneState(zs);
  return { state, wp: wpValid(state) ? wp : null };
};

export const parseGuestOutput = (text: string): GuestOutput => {
  const steps = new Map<number, Map<number, RawStep>>();
  const errors: string[] = [];
  let done = false;
  const at = (ns: number, step: number): RawStep | undefined => steps.get(ns)?.get(step);
  for (const raw of text.split(/\r?\n/)) {
    const m = /@([A-Z]+)(?: (.*))?$/.exec(raw);
    if (!m) continue;
    const [tag, rest = ''] = [m[1]!, m[2]];
    const f = rest.trim().split(/\s+/);
    const ns = Number(f[0]);
    const step = Number(f[1]);
    switch (tag) {
      case 'R': {
        const r = Number(f[2]);
        const rec: RawStep = { step, cmd: '', sct: 0, sc: 0, dnr: false, dw0: Number(f[3]), dw1: Number(f[4]) };
        // The CQE Status Field less the phase bit (Linux nvme_passthru: status >> 1): SC 7:0, SCT 10:8, DNR 14.
        if (r < 0) rec.failure = `ioctl failed (errno ${-r})`;
        else Object.assign(rec, { sc: r & 0xff, sct: (r >> 8) & 7, dnr: ((r >> 14) & 1) === 1 });
        if (!steps.has(ns)) steps.set(ns, new Map());
        steps.get(ns)!.set(step, rec);
        break;
      }
      case 'D': {
        const rec = at(ns, step);
        if (rec) rec.blocks = f.slice(2);
        break;
      }
      case 'Q': {
        const rec = at(ns, step);
        if (rec) {
          rec.report = {
            nzones: Number(f[2]),
            zones: f.slice(3).map((d) => {
              const [zs, zcap, zslba, wp] = d.split(':').map(Number) as [number, number, number, number];
              return { ...zoneView(zs, wp), zcap, zslba };
            }),
          };
        }
        break;
      }
      case 'Z': {
        const rec = at(ns, step);
        if (rec && f[2] !== 'error') {
          rec.zonesAfter = f.slice(2).map((d) => {
            const [zs, wp] = d.split(':').map(Number) as [number, number];
            return zoneView(zs, wp);
          });
        }
        break;
      }
      case 'E':
        errors.push(rest);
        break;
      case 'DONE':
        done = true;
        break;
      default:
        break;
    }
  }
  return { steps, errors, done };
};
