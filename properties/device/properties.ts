// Properties of the NVMe namespace model. Each judges a whole device trace and names the first step
// that violates it.

import { checkReducerSound } from './reducer-sound.js';
import { NVME_STATUS } from '../../model/device/nvme/status.js';
import type { DeviceProperty } from '../property.js';
import { expectedOutcome, zoneFacts } from './expected-status.js';
import { checkAgainstReference } from './reference-check.js';
import { checkZoneInvariants } from './zone-invariants.js';
import { checkZoneTransitions } from './zone-transitions.js';
import { noteInjected, noteWritten } from './latent-errors.js';

const statusText = (s: keyof typeof NVME_STATUS): string => `${NVME_STATUS[s].name} (SCT ${NVME_STATUS[s].sct}h SC ${NVME_STATUS[s].sc.toString(16).toUpperCase().padStart(2, '0')}h)`;

export const DATA_01: DeviceProperty = {
  id: 'DATA-01',
  title: 'The namespace agrees with the naive reference',
  statement:
    'After every command, every sector of every namespace holds what the naive reference holds after applying each successful Write, Zone Append and Copy (read all sources, then write the destination), each Zone Reset (deallocate), and each failed Copy\'s documented partial effect (entries below Dword 0 copied; the destination of later entries old-or-new); every successful Read returns the reference\'s content.',
  layers: ['device'],
  sources: ['NVMCS 1.0 §3.2.2 Copy and §3.2.2.1 completion (Dword 0)', 'ZNS 1.1 §2.1.1.5 (Empty zones deallocated)', 'DESIGN.md §3 naive reference'],
  refutes: ['copy-reverse-ranges', 'reset-keeps-data', 'copy-dw0-off-by-one', 'select-all-reset-skips-explicit'],
  check: (t) => checkAgainstReference(t)?.message ?? null,
};

export const ERR_01: DeviceProperty = {
  id: 'ERR-01',
  title: 'Each status arises exactly in its situation',
  statement:
    'Every command completes with the status and Do Not Retry bit, and a failed Copy with the Dword 0, that the situation-by-situation statement of the NVM and ZNS command sets gives for the namespace state it met (priority among simultaneous situations: QEMU\'s check order; DNR as spec/nvme-device.md "DNR"). The statement computes its own transfer and zone arithmetic and keeps its own record of latent media errors (set by injection, cleared by a successful write of the block). Select All Open is not classified.',
  layers: ['device'],
  sources: ['NVMCS 1.0 §3.2.2 (Copy statuses), Read, Write', 'ZNS 1.1 §2.1.1.2.1, §2.1.1.4, Zone Append, Zone Management Send/Receive', 'QEMU hw/nvme/ctrl.c nvme_copy, nvme_do_write, nvme_read, nvme_zone_mgmt_send'],
  refutes: ['copy-ignores-msrc', 'copy-ignores-mssrl', 'copy-ignores-mcl', 'zone-full-check-removed', 'write-ignores-wp', 'write-boundary-uses-zone-size', 'implicit-open-ignores-limits', 'copy-dw0-off-by-one', 'zone-limit-errors-retryable', 'mdts-in-512-byte-units', 'rewrite-keeps-media-error'],
  check: (t) => {
    const latent = new Set<number>();
    for (const st of t.steps) {
      noteInjected(latent, st);
      const want = st.command && st.result ? expectedOutcome(st.before, st.command, latent) : null;
      noteWritten(latent, st);
      if (!st.command || !st.result || !want) continue;
      const got = st.result.cqe;
      const dw0Matters = st.command.cmd === 'copy' && want.status !== 'SUCCESS';
      const dnr = (d: boolean): string => (d ? ', DNR' : ', no DNR');
      if (got.status !== want.status || got.dnr !== want.dnr || (dw0Matters && got.dw0 !== want.dw0)) {
        return `step ${st.stepNo}: ${st.command.cmd} completed with ${statusText(got.status)}${dnr(got.dnr)}${dw0Matters ? `, Dword 0 = ${got.dw0}` : ''}; its situation calls for ${statusText(want.status)}${dnr(want.dnr)}${dw0Matters ? `, Dword 0 = ${want.dw0}` : ''}`;
      }
    }
    return null;
  },
};

export const LIMIT_01: DeviceProperty = {
  id: 'LIMIT-01',
  title: 'No Copy beyond MSRC, MSSRL or MCL succeeds',
  statement: 'A Copy that completes successfully has NR ≤ MSRC (both 0\'s based), every Source Range entry NLB+1 ≤ MSSRL, and Σ(NLB+1) ≤ MCL.',
  layers: ['device'],
  sources: ['NVMCS 1.0 §3.2.2 (Command Size Limit Exceeded)', 'NVMCS Identify Namespace MSSRL, MCL, MSRC'],
  refutes: ['copy-ignores-msrc', 'copy-ignores-mssrl', 'copy-ignores-mcl'],
  check: (t) => {
    for (const st of t.steps) {
      const c = st.command;
      if (c?.cmd !== 'copy' || st.result?.cqe.status !== 'SUCCESS') continue;
      const lim = st.before.config.copy!;
      const entries = Array.from({ length: c.nr + 1 }, (_, i) => c.ranges[i] ?? { slba: 0, nlb: 0 });
      if (c.nr > lim.msrc) return `step ${st.stepNo}: Copy with NR ${c.nr} succeeded, MSRC is ${lim.msrc}`;
      const long = entries.findIndex((e) => e.nlb + 1 > lim.mssrl);
      if (long >= 0) return `step ${st.stepNo}: Copy entry ${long} of ${entries[long]!.nlb + 1} blocks succeeded, MSSRL is ${lim.mssrl}`;
      const total = entries.reduce((s, e) => s + e.nlb + 1, 0);
      if (total > lim.mcl) return `step ${st.stepNo}: Copy of ${total} blocks succeeded, MCL is ${lim.mcl}`;
    }
    return null;
  },
};

export const ZONE_01: DeviceProperty = {
  id: 'ZONE-01',
  title: 'Zone state stays legal',
  statement:
    'After every command and fault: every zone\'s write pointer lies in [ZSLBA, ZSLBA+ZCAP], and below ZSLBA+ZCAP unless the zone is Full; an Empty zone\'s write pointer is ZSLBA; the open and active resource counts equal the number of ZSIO+ZSEO and ZSIO+ZSEO+ZSC zones and stay within the limits; no data lies at or above the write pointer of an Empty, open or Closed zone.',
  layers: ['device'],
  sources: ['ZNS 1.1 §2.1.1.2 (write pointer), §2.1.1.3 (states), §2.1.1.4 (resources)', 'QEMU hw/nvme/ctrl.c nvme_aor_*'],
  refutes: ['finish-leaks-active', 'implicit-open-ignores-limits', 'write-boundary-uses-zone-size', 'copy-wp-not-advanced', 'reset-keeps-data'],
  check: (t) => {
    for (const st of t.steps) {
      const v = checkZoneInvariants(st.after);
      if (v) return `after step ${st.stepNo} (${st.step.cmd}): ${v}`;
    }
    return null;
  },
};

export const ZONE_02: DeviceProperty = {
  id: 'ZONE-02',
  title: 'Zoned writes land at the write pointer and advance it',
  statement:
    'A Write, Zone Append or Copy that succeeds on a zoned namespace wrote at its zone\'s write pointer (Zone Append: at the write pointer it returned), and the write pointer advanced by exactly the blocks written (or the zone became Full exactly at its capacity).',
  layers: ['device'],
  sources: ['ZNS 1.1 §2.1.1.2.1.1 (address-specific writes at the write pointer)', 'ZNS 1.1 §3.3.2.1 (Copy)', 'ZNS 1.1 Zone Append (ALBA in Dword 0/1)'],
  refutes: ['write-ignores-wp', 'copy-wp-not-advanced'],
  check: (t) => {
    for (const st of t.steps) {
      const c = st.command;
      if (!c || !st.before.config.zoned || st.result?.cqe.status !== 'SUCCESS') continue;
      if (c.cmd !== 'write' && c.cmd !== 'zone-append' && c.cmd !== 'copy') continue;
      const { zoneOf, wpOf, stateOf, capEnd } = zoneFacts;
      const start = c.cmd === 'copy' ? c.sdlba : c.slba;
      const z = zoneOf(st.before, start);
      const at = c.cmd === 'zone-append' ? st.result.cqe.dw0 + st.result.cqe.dw1 * 2 ** 32 : start;
      const blocks = c.cmd === 'copy' ? Array.from({ length: c.nr + 1 }, (_, i) => c.ranges[i] ?? { slba: 0, nlb: 0 }).reduce((s, e) => s + e.nlb + 1, 0) : c.nlb + 1;
      if (at !== wpOf(st.before, z)) return `step ${st.stepNo}: ${c.cmd} succeeded at LBA ${at}, the write pointer of zone ${z} was ${wpOf(st.before, z)}`;
      const full = stateOf(st.after, z) === 'ZSF';
      const wpAfter = full ? capEnd(st.after, z) : wpOf(st.after, z);
      if (wpAfter !== at + blocks) return `step ${st.stepNo}: ${c.cmd} of ${blocks} blocks at LBA ${at} left zone ${z}'s write pointer at ${wpAfter}${full ? ' (Full)' : ''}, not ${at + blocks}`;
    }
    return null;
  },
};

export const ZONE_07: DeviceProperty = {
  id: 'ZONE-07',
  title: 'Each step leaves each zone in the state ZNS gives',
  statement:
    'After every command and fault, each zone is in the state ZNS 1.1\'s state machine gives for its state before the step, the command and its completion: a write opens ZSE/ZSC implicitly and keeps ZSEO explicit, Full at ZCAP; an explicit Open leaves ZSEO (also from ZSIO); Close, Finish, Reset give ZSC, ZSF, ZSE; Select All acts on exactly the zones the action names (Close: ZSIO/ZSEO; Finish: ZSIO/ZSEO/ZSC; Reset: ZSIO/ZSEO/ZSC/ZSF); an aborted Zone Management Send changes no zone; auto transition closes only the oldest implicitly opened zone, and only when an open goes ahead; every other zone keeps its state and write pointer.',
  layers: ['device'],
  sources: ['ZNS 1.1 §2.1.1.3 (zone state machine), §2.1.1.4 (auto transition), Fig. 11, §3.4.3.1 (Zone Management Send actions, Select All; §3.4.3.1.3 aborted Open)', 'QEMU hw/nvme/ctrl.c nvme_zone_mgmt_send proc_mask'],
  refutes: ['explicit-open-stays-implicit', 'select-all-close-none', 'select-all-finish-skips-closed', 'select-all-reset-skips-explicit', 'open-too-many-active-closes-zone'],
  check: (t) => {
    for (const st of t.steps) {
      const v = checkZoneTransitions(st);
      if (v) return `step ${st.stepNo} (${st.step.cmd}${st.step.cmd === 'zone-mgmt-send' ? ` ${st.step.action}${st.step.all ? ' all' : ''}` : ''}): ${v}`;
    }
    return null;
  },
};

export const MODEL_01: DeviceProperty = {
  id: 'MODEL-01',
  title: 'The device reducer never throws and keeps its content well-formed',
  statement: 'No command or fault, however malformed its fields, makes the namespace reducer throw; after every step the content extent map is sorted, contiguous and canonical.',
  layers: ['device'],
  sources: ['DESIGN.md §4 MODEL', 'QEMU hw/nvme/ctrl.c asserts (nvme_get_zone_by_slba callers check bounds first)'],
  refutes: ['assert-on-zone-lookup'],
  check: checkReducerSound,
};

/** The device properties, in catalogue order. */
export const DEVICE_PROPERTIES: readonly DeviceProperty[] = [DATA_01, ERR_01, LIMIT_01, ZONE_01, ZONE_02, ZONE_07, MODEL_01];
