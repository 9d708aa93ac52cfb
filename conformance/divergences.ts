// Known divergences between QEMU's NVMe emulation and the specifications the model follows,
// keyed by id and by the QEMU versions that show them. Each one explains some differing fields of
// one step's comparison, names the clause the model follows, and says whether the two sides'
// states part ways (then the rest of the scenario is not compared). spec/qemu-divergences.md
// documents the same ids (a test keeps the two in step). Sources: QEMU 7.2 hw/nvme/ctrl.c
// nvme_copy / nvme_do_copy / nvme_aio_err / nvme_zrm_auto / nvme_zrm_open_flags, and the runs recorded in that page.

import type { DeviceStep } from '../model/scenario/schema.js';
import { copyEntries } from '../model/device/nvme/copy.js';
import type { NvmeNamespace } from '../model/device/nvme/namespace.js';
import { zoneAt, zoneIndex } from '../model/device/nvme/namespace.js';
import { zoneCount } from '../model/device/nvme/config.js';
import { NVME_STATUS, type NvmeStatusName } from '../model/device/nvme/status.js';
import type { Field } from './fields.js';
import type { StepObservation } from './observation.js';

/** One step on which the two sides differ. */
export type DivergenceContext = {
  readonly step: DeviceStep;
  /** The model's namespace before the step. */
  readonly before: NvmeNamespace;
  readonly model: StepObservation;
  readonly qemu: StepObservation;
  readonly differs: readonly Field[];
};

export type Explanation = { readonly fields: readonly Field[]; readonly stateDiverges: boolean };

export type KnownDivergence = {
  readonly id: string;
  /** QEMU versions showing it, `major.minor`, inclusive; `to` absent: still in the latest read. */
  readonly from: string;
  readonly to?: string;
  readonly qemuDoes: string;
  /** The clause the model follows instead. */
  readonly spec: string;
  /** The fields of this step it accounts for, or null when it does not apply. */
  readonly explains: (c: DivergenceContext) => Explanation | null;
};

const is = (o: StepObservation, s: NvmeStatusName): boolean => o.sct === NVME_STATUS[s].sct && o.sc === NVME_STATUS[s].sc;
const failed = (o: StepObservation): boolean => !is(o, 'SUCCESS');
const copyOf = (c: DivergenceContext): Extract<DeviceStep, { cmd: 'copy' }> | null => (c.step.cmd === 'copy' ? c.step : null);
const only = (c: DivergenceContext, fields: readonly Field[], stateDiverges = false): Explanation | null => {
  const claimed = c.differs.filter((f) => fields.includes(f));
  return claimed.length ? { fields: claimed, stateDiverges } : null;
};

/** The Copy's destination zone, when the namespace is zoned and SDLBA lies in a zone. */
const destinationZone = (c: DivergenceContext, s: Extract<DeviceStep, { cmd: 'copy' }>): number | null => {
  if (!c.before.config.zoned) return null;
  const z = zoneIndex(c.before, s.sdlba);
  return z < zoneCount(c.before.config) ? z : null;
};

/** Statuses the model raises while processing one Source Range entry (model/device/nvme/copy.ts checkRange). */
const RANGE_STATUSES: readonly NvmeStatusName[] = ['CMD_SIZE_LIMIT_EXCEEDED', 'LBA_OUT_OF_RANGE', 'ZONE_BOUNDARY_ERROR', 'ZONE_IS_FULL', 'ZONE_INVALID_WRITE', 'UNRECOVERED_READ_ERROR'];

export const KNOWN_DIVERGENCES: readonly KnownDivergence[] = [
  {
    id: 'Q-COPY-INTERNAL',
    from: '7.2',
    to: '8.0',
    qemuDoes: 'a Copy failure found while processing a Source Range entry completes with Internal Error (SCT 0h SC 06h, no DNR); Dword 0 still names the entry (nvme_aio_err maps Copy to Internal Error)',
    spec: 'the specific status: NVMCS 1.0 §3.2.2; ZNS 1.1 Fig. 14',
    explains: (c) => {
      const s = copyOf(c);
      if (!s || !is(c.qemu, 'INTERNAL_ERROR') || c.model.dw0 !== c.qemu.dw0) return null;
      return RANGE_STATUSES.some((r) => is(c.model, r)) ? only(c, ['status', 'dnr']) : null;
    },
  },
  {
    id: 'Q-COPY-MCL',
    from: '7.2',
    to: '8.0',
    qemuDoes: 'MCL is not checked: a Copy of more than MCL blocks in all goes ahead range by range',
    spec: 'Σ(NLB+1) > MCL → Command Size Limit Exceeded, nothing copied: NVMCS 1.0 §3.2.2',
    explains: (c) => {
      const s = copyOf(c);
      const lim = c.before.config.copy;
      if (!s || !lim || !is(c.model, 'CMD_SIZE_LIMIT_EXCEEDED') || c.model.dw0 !== 0) return null;
      const nr = s.nr ?? s.ranges.length - 1;
      const total = copyEntries({ cmd: 'copy', sdlba: s.sdlba, desfmt: s.desfmt, nr, ranges: s.ranges }).reduce((n, e) => n + e.nlb + 1, 0);
      if (nr > lim.msrc || total <= lim.mcl) return null;
      return only(c, ['status', 'dnr', 'dw0', 'data', 'zones'], !failed(c.qemu) || c.qemu.dw0 > 0);
    },
  },
  {
    id: 'Q-COPY-FORMAT',
    from: '7.2',
    qemuDoes: 'DESFMT 1h on a namespace without protection information → Invalid Format (SCT 1h SC 0Ah, DNR) before any Source Range entry is read (nvme_copy: pif == 0 and format != 0)',
    spec: 'format 1h executes on a namespace without PI, its tag fields ignored: NVMCS 1.0 §3.2.2, Fig. 35 (the DESFMT rule constrains only namespaces formatted with PI)',
    explains: (c) => {
      const s = copyOf(c);
      const lim = c.before.config.copy;
      if (!s || s.desfmt !== 1 || !lim?.formats.includes(1) || c.qemu.sct !== 1 || c.qemu.sc !== 0x0a) return null;
      // QEMU changed nothing; the model's states part ways if it copied any entry or opened the zone.
      const modelActed = !failed(c.model) || c.model.dw0 > 0 || c.differs.includes('zones') || c.differs.includes('data');
      return only(c, ['status', 'dnr', 'dw0', 'data', 'zones'], modelActed);
    },
  },
  {
    id: 'Q-OCFS',
    from: '7.2',
    qemuDoes: 'OCFS is fixed at 3h (formats 0h and 1h) and Copy is always supported (ONCS bit 8)',
    spec: 'OCFS and ONCS as the scenario sets them: NVMCS 1.0 §3.2.2 (DESFMT not in OCFS → Invalid Field in Command; no ONCS bit 8 → Invalid Command Opcode)',
    explains: (c) => {
      const s = copyOf(c);
      if (!s) return null;
      const lim = c.before.config.copy;
      if (!lim && is(c.model, 'INVALID_OPCODE')) return only(c, ['status', 'dnr', 'dw0', 'data', 'zones'], !failed(c.qemu));
      // Format 1h, which the model's OCFS lacks: QEMU accepts it and fails a later check of nvme_copy's
      // first phase (NR > MSRC, or the PI check of Q-COPY-FORMAT), before the zone is opened: no effect.
      if (lim && s.desfmt === 1 && !lim.formats.includes(1) && is(c.model, 'INVALID_FIELD') && failed(c.qemu) && c.qemu.dw0 === 0) return only(c, ['status', 'dnr']);
      return null;
    },
  },
  {
    id: 'Q-COPY-ZONE-STATE',
    from: '7.2',
    qemuDoes: 'a Copy whose destination zone is Full, Read Only or Offline → Invalid Zone State Transition (SCT 1h SC BFh, no DNR), from nvme_zrm_auto before any Source Range entry is looked at',
    spec: 'Zone Is Full / Read Only / Offline, or whatever the first entry fails first: ZNS 1.1 §2.1.1.2.1.1, Fig. 14',
    explains: (c) => {
      const s = copyOf(c);
      const z = s && destinationZone(c, s);
      if (!s || z === null || !is(c.qemu, 'INVALID_ZONE_STATE_TRANSITION') || !failed(c.model) || c.model.dw0 !== 0) return null;
      const state = zoneAt(c.before, z).state;
      return state === 'ZSF' || state === 'ZSRO' || state === 'ZSO' ? only(c, ['status', 'dnr']) : null;
    },
  },
  {
    id: 'Q-COPY-DEST-ZONE',
    from: '7.2',
    qemuDoes: 'on a zoned namespace, a Copy whose SDLBA lies past the last zone fails with LBA Out of Range (DNR, Dword 0 = 0) before any Source Range entry is checked (nvme_copy looks the destination zone up first)',
    spec: 'NVMCS 1.0 §3.2.2 leaves the order of checks open; the model checks each entry\'s source, then its destination (QEMU nvme_do_copy order), so an entry that fails first reports its own status',
    explains: (c) => {
      const s = copyOf(c);
      if (!s || !c.before.config.zoned || s.sdlba < c.before.config.nsze) return null;
      if (!is(c.qemu, 'LBA_OUT_OF_RANGE') || c.qemu.dw0 !== 0 || !failed(c.model) || c.model.dw0 !== 0) return null;
      return only(c, ['status', 'dnr']);
    },
  },
  {
    id: 'Q-COPY-OPEN-FIRST',
    from: '7.2',
    qemuDoes: 'the destination zone is implicitly opened (closing the oldest implicitly opened zone at the open limit) before any Source Range entry is checked, and stays open when the Copy then fails; a shortage of open or active resources fails the Copy before the entries are checked',
    spec: 'the zone opens with the first block written: ZNS 1.1 §2.1.1.3 (ZSE/ZSC → ZSIO on a write)',
    explains: (c) => {
      const s = copyOf(c);
      const z = s && destinationZone(c, s);
      if (!s || z === null || !failed(c.model) || !failed(c.qemu) || c.model.dw0 !== 0) return null;
      const before = zoneAt(c.before, z).state;
      if (before !== 'ZSE' && before !== 'ZSC') return null;
      // A resource shortage seen before the entries: QEMU's status is the resource one.
      if (is(c.qemu, 'TOO_MANY_ACTIVE_ZONES') || is(c.qemu, 'TOO_MANY_OPEN_ZONES')) return only(c, ['status', 'dnr', 'zones'], c.differs.includes('zones'));
      const m = c.model.zonesAfter ?? [];
      const q = c.qemu.zonesAfter ?? [];
      const changed = m.flatMap((mz, i) => (mz.state !== q[i]?.state || mz.wp !== q[i]?.wp ? [i] : []));
      const openedHere = q[z]?.state === 'ZSIO' && m[z]?.state === before && q[z]?.wp === m[z]?.wp;
      const autoClosed = (i: number): boolean => m[i]?.state === 'ZSIO' && q[i]?.state === 'ZSC' && m[i]?.wp === q[i]?.wp;
      const rest = changed.filter((i) => i !== z);
      if (!openedHere || rest.length > 1 || !rest.every(autoClosed)) return null;
      return only(c, ['zones'], true);
    },
  },
  {
    id: 'Q-OPEN-TMA-AUTOCLOSE',
    from: '7.2',
    qemuDoes: 'an explicit Open Zone that fails with Too Many Active Zones has first closed the oldest implicitly opened zone (auto transition), and that close stays (nvme_zrm_open_flags calls nvme_zrm_auto_transition_zone before nvme_aor_check)',
    spec: 'an Open Zone aborted with Too Many Active Zones makes no zone state transition: ZNS 1.1 §3.4.3.1.3',
    explains: (c) => {
      if (c.step.cmd !== 'zone-mgmt-send' || c.step.action !== 'open' || c.step.all) return null;
      if (!is(c.model, 'TOO_MANY_ACTIVE_ZONES') || !is(c.qemu, 'TOO_MANY_ACTIVE_ZONES')) return null;
      const m = c.model.zonesAfter ?? [];
      const q = c.qemu.zonesAfter ?? [];
      const changed = m.flatMap((mz, i) => (mz.state !== q[i]?.state || mz.wp !== q[i]?.wp ? [i] : []));
      const autoClosed = (i: number): boolean => m[i]?.state === 'ZSIO' && q[i]?.state === 'ZSC' && m[i]?.wp === q[i]?.wp;
      if (changed.length !== 1 || !autoClosed(changed[0]!)) return null;
      return only(c, ['zones'], true);
    },
  },
  {
    id: 'Q-ZONE-STALE',
    from: '7.2',
    qemuDoes: 'zone state is not persistent: every zone is Empty at start while the backing image keeps its data, so an Empty zone reads stale data (nvme_ns_zoned_init_state)',
    spec: 'Empty zones are deallocated: ZNS 1.1 §2.1.1.5. Not exercised: the harness gives every scenario a fresh, zeroed image',
    explains: () => null,
  },
  {
    id: 'Q-RO-OFFLINE',
    from: '7.2',
    qemuDoes: 'no way to make a zone Read Only or Offline, nor to write-protect a namespace',
    spec: 'faults injected by the explorer (ZNS 1.1 §2.1.1.3 "by mechanisms outside the scope"). Scenarios with inject steps are not run on QEMU',
    explains: () => null,
  },
];

const versionKey = (v: string): number => {
  const [a = 0, b = 0] = v.split('.').map(Number);
  return a * 1000 + b;
};

/** The divergences a QEMU of this version (`7.2.22` or `7.2`) shows. */
export const divergencesFor = (version: string): KnownDivergence[] =>
  KNOWN_DIVERGENCES.filter((d) => versionKey(d.from) <= versionKey(version) && (d.to === undefined || versionKey(version) <= versionKey(d.to)));
