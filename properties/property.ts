// What every copyspec property carries (DESIGN.md §4): a stable ID that is never renumbered, a
// statement, the layers it constrains, its sources, and the known-bad variants it must refute.

import type { DeviceBug } from '../model/device/nvme/bugs.js';
import type { DeviceTrace } from './device/trace.js';

export type PropertyFamily = 'DATA' | 'LIMIT' | 'ZONE' | 'CMPL' | 'ERR' | 'LIVE' | 'MODEL';

export type Layer = 'device' | 'driver' | 'blk-mq' | 'zoned' | 'dm' | 'plug' | 'bio';

export type PropertyMeta = {
  /** `FAMILY-NN`, stable forever; a retired property keeps its ID. */
  readonly id: string;
  readonly title: string;
  readonly statement: string;
  readonly layers: readonly Layer[];
  readonly sources: readonly string[];
  /** Known-bad variants this property must refute within the ci profile (a test asserts it). */
  readonly refutes: readonly DeviceBug[];
};

/** A property over device traces: returns a one-line description of the first violation, or null. */
export type DeviceProperty = PropertyMeta & { readonly check: (trace: DeviceTrace) => string | null };
