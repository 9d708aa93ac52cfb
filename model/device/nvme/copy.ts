// The Copy command (opcode 19h) on one namespace: NVMCS 1.0 §3.2.2 (NVMCS 1.2 §3.3.2), ZNS 1.1 §3.3.2.1.
//
// Phase A checks the whole command and fails with no effect and Dword 0 = 0. Phase B then copies
// range by range into consecutive destination LBAs, reading each source range after the earlier
// ranges are written (QEMU nvme_do_copy; one of the outcomes NVMCS allows for overlap): a failure in
// range i leaves ranges 0..i-1 written, nothing of i or later, and reports Dword 0 = i, "the
// lowest-numbered Source Range entry that was not successfully copied" (NVMCS 1.0 §3.2.2.1).
// Where QEMU 7.2 differs (Internal Error for every range failure, MCL unchecked, Full/RO/Offline
// destination → Invalid Zone State Transition), the model follows the specification:
// spec/qemu-divergences.md.

import { produce } from 'immer';
import type { NvmeCommand, NvmeSourceRange } from './command.js';
import { checkBounds, clearMediaErrors, hitsMediaError, loadBlocks, storeBlocks } from './blocks.js';
import type { NvmeResult } from './execute.js';
import { zoneCount } from './config.js';
import { hasBug, zoneAt, zoneIndex, zslba, type NvmeNamespace } from './namespace.js';
import { fail, ok, type NvmeCompletion } from './status.js';
import { advanceWp, checkZoneRead, checkZoneWrite, contentOf, setZone, zrmOpen } from './zone.js';

type CopyCommand = Extract<NvmeCommand, { cmd: 'copy' }>;

/** The NR+1 Source Range entries the controller fetches; entries the host did not fill read as zeroes. */
export const copyEntries = (c: CopyCommand): NvmeSourceRange[] =>
  Array.from({ length: c.nr + 1 }, (_, i) => c.ranges[i] ?? { slba: 0, nlb: 0 });

/** Phase A: whole-command checks, in QEMU nvme_copy's order (spec order unspecified). */
const checkCopyCommand = (ns: NvmeNamespace, c: CopyCommand, entries: readonly NvmeSourceRange[]): NvmeCompletion | null => {
  const lim = ns.config.copy!;
  // DESFMT not set in OCFS → Invalid Field in Command (NVMCS 1.0 §3.2.2; QEMU nvme_copy).
  if (!lim.formats.includes(c.desfmt)) return fail('INVALID_FIELD', true);
  // NR > MSRC, both 0's based → Command Size Limit Exceeded (NVMCS 1.0 §3.2.2).
  if (c.nr > lim.msrc && !hasBug(ns, 'copy-ignores-msrc')) return fail('CMD_SIZE_LIMIT_EXCEEDED', true);
  // Format 1h on a namespace without protection information executes: its tag fields (ELBT, ELBAT,
  // ELBATM) are ignored (NVMCS 1.0 §3.2.2, Fig. 35; the DESFMT/PI rule constrains only namespaces
  // formatted with PI). QEMU rejects it (Q-COPY-FORMAT). The schema admits formats 0h and 1h only.
  // Σ(NLB+1) > MCL → Command Size Limit Exceeded (NVMCS 1.0 §3.2.2; QEMU ≥ 8.1 nvme_check_copy_mcl).
  const total = entries.reduce((s, e) => s + e.nlb + 1, 0);
  if (total > lim.mcl && !hasBug(ns, 'copy-ignores-mcl')) return fail('CMD_SIZE_LIMIT_EXCEEDED', true);
  if (ns.writeProtected) return fail('NS_WRITE_PROTECTED', true);
  return null;
};

/** Phase B checks for entry `e` written at `cur` (QEMU nvme_do_copy / nvme_copy_in_completed_cb order). */
const checkRange = (ns: NvmeNamespace, e: NvmeSourceRange, cur: number, dstZone: number, sdlba: number): NvmeCompletion | null => {
  const n = e.nlb + 1;
  // NLB+1 > MSSRL (MSSRL counts blocks; NVMCS 1.0 words it on the 0's based field: spec/nvme-device.md).
  if (n > ns.config.copy!.mssrl && !hasBug(ns, 'copy-ignores-mssrl')) return fail('CMD_SIZE_LIMIT_EXCEEDED', true);
  const srcBounds = checkBounds(ns, e.slba, n);
  if (srcBounds) return srcBounds;
  // The read portion behaves as a Read: Offline source zone, or a source crossing a zone without RAZB.
  if (ns.config.zoned) {
    const r = checkZoneRead(ns, e.slba, n);
    if (r) return r;
  }
  if (hitsMediaError(ns, e.slba, n)) return fail('UNRECOVERED_READ_ERROR', false);
  const dstBounds = checkBounds(ns, cur, n);
  if (dstBounds) return dstBounds;
  // The write portion: state, write pointer, boundary of the destination zone (fixed by SDLBA).
  if (!ns.config.zoned) return null;
  // A later entry whose destination runs past the zone is a Zone Boundary Error even when the
  // earlier entries filled the zone (ZNS 1.1 Fig. 14: the destination crosses a zone boundary);
  // QEMU reports Zone Is Full there (Q-COPY-INTERNAL hides it in 7.2).
  if (cur !== sdlba && cur + n > zslba(ns, dstZone) + ns.config.zoned.zoneCap) return fail('ZONE_BOUNDARY_ERROR', false);
  return checkZoneWrite(ns, dstZone, cur, n);
};

export const executeCopy = (ns: NvmeNamespace, c: CopyCommand): NvmeResult => {
  let entries = copyEntries(c);
  const bad = checkCopyCommand(ns, c, entries);
  if (bad) return { ns, cqe: bad };
  if (hasBug(ns, 'copy-reverse-ranges')) entries = [...entries].reverse();
  const dstZone = ns.config.zoned ? zoneIndex(ns, c.sdlba) : -1;
  if (ns.config.zoned && hasBug(ns, 'assert-on-zone-lookup') && dstZone >= zoneCount(ns.config)) {
    throw new Error(`assertion failed: zone ${dstZone} of SDLBA ${c.sdlba} does not exist`);
  }
  const wpBefore = ns.config.zoned && dstZone < zoneCount(ns.config) ? zoneAt(ns, dstZone).wp : 0;
  let cqe: NvmeCompletion = ok();
  const next = produce(ns, (d) => {
    let cur = c.sdlba;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      const n = e.nlb + 1;
      const view = d as unknown as NvmeNamespace;
      // The destination zone opens implicitly with the first block written (ZNS 1.1 §2.1.1.3).
      const err = checkRange(view, e, cur, dstZone, c.sdlba) ?? (ns.config.zoned ? zrmOpen(d, dstZone, true) : null);
      if (err) {
        cqe = { ...err, dw0: hasBug(ns, 'copy-dw0-off-by-one') ? i + 1 : i };
        break;
      }
      const data = loadBlocks({ ...view, content: contentOf(d) }, e.slba, n);
      storeBlocks(d, cur, data);
      clearMediaErrors(d, cur, n);
      if (ns.config.zoned) advanceWp(d, dstZone, n);
      cur += n;
    }
    if (ns.config.zoned && hasBug(ns, 'copy-wp-not-advanced')) {
      const z = zoneAt(d as unknown as NvmeNamespace, dstZone);
      if (z.state !== 'ZSE') setZone(d, dstZone, z.state, wpBefore);
    }
  });
  return { ns: next, cqe };
};
