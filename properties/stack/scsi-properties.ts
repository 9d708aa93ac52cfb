// Stack properties over sd disks (issue 13): token safety judged on the stack's own traces, the
// limits every SCSI command sd sends must respect, and the status sd makes of a CHECK CONDITION.
// Checked on SCSI stack cases (properties/stack/scsi-check.ts); `copyspec check` has a cell per design.

import { readRuns } from '../../model/content/extent-map.js';
import { runKeys } from '../../model/content/token.js';
import { CSCD_DESCRIPTOR_BYTES, SEGMENT_DESCRIPTOR_BYTES, scsiSectorsPerBlock } from '../../model/device/scsi/config.js';
import { XCOPY_SEGMENT_MAX_BLOCKS } from '../../model/driver/sd.js';
import { stepEvents, type StackEvent } from '../../model/stack/state.js';
import { zoneState } from '../../model/device/scsi/zone.js';
import { forEachState } from './each-state.js';
import { zoneIdle } from './properties.js';
import type { ScsiBug } from '../../model/device/scsi/bugs.js';
import type { StackBug } from '../../model/block/bugs.js';
import type { PropertyMeta, StackProperty } from '../property.js';
import type { StackTrace } from './trace.js';

/** The events step `i` added (states[i] follows actions[i - 1]). */
const newEvents = (t: StackTrace, i: number): readonly StackEvent[] => stepEvents(t.states[i]!);

/** A known-bad variant a SCSI stack property refutes: the host's (StackBug) or the LU's, seen through the stack (ScsiBug). */
export type ScsiStackVariant = StackBug | ScsiBug;

/** A stack property over SCSI stack cases: its variants may be the LU's. */
export type ScsiStackProperty = Omit<StackProperty, 'refutes'> & PropertyMeta<ScsiStackVariant>;

/**
 * DATA-07 — the stack form of DATA-05 (which judges the LU on its own device traces): the same token
 * safety, judged on the LU state after each WRITE USING TOKEN the stack's sd sent.
 */
export const DATA_07: ScsiStackProperty = {
  id: 'DATA-07',
  title: 'Token safety in the stack: nothing written after POPULATE TOKEN reaches a destination through the token',
  statement:
    'Every block a WRITE USING TOKEN sent by sd writes holds what the corresponding block of its ROD token held when the POPULATE TOKEN that created the token completed, whatever the host wrote to the token\'s source blocks in between (writes in flight beside a token copy): the copy manager keeps the data (persistent token) or cancels the token (change-vulnerable), and the host\'s WRITE_TOKEN fails.',
  layers: ['driver', 'device'],
  sources: ['SBC-4 §4.28.1, §5.12.1 (point in time ROD token)', 'SPC-5 §5.17.6.2.3, §5.17.6.5.2.3', 'model/designs/token/scsi.ts (READ_TOKEN → POPULATE TOKEN + RRTI, WRITE_TOKEN → WRITE USING TOKEN)'],
  // The LU's variant, run through the stack with a write racing each token copy (scsi-check.ts).
  refutes: ['scsi-token-not-invalidated-on-write'],
  precondition: (t) => t.events.some((e) => e.event === 'scsi-done' && e.cmd === 'write-using-token' && e.status === 'GOOD'),
  check: (t) => {
    for (let i = 1; i < t.states.length; i++) {
      const evs = newEvents(t, i);
      const done = evs.find((e) => e.event === 'scsi-done' && e.cmd === 'write-using-token' && e.status === 'GOOD');
      const sent = evs.find((e) => e.event === 'scsi-cmd' && e.command.cmd === 'write-using-token');
      if (!done || !sent || sent.event !== 'scsi-cmd' || sent.command.cmd !== 'write-using-token') continue;
      const c = sent.command;
      const lu = t.states[i]!.lus![sent.dev]!;
      const tok = lu.tokens[c.token];
      if (!tok) return `step ${i}: WRITE USING TOKEN on ${sent.dev} moved data through token ${c.token}, which no POPULATE TOKEN created`;
      const k = scsiSectorsPerBlock(lu.config);
      const want = runKeys(tok.data);
      let from = c.offset * k;
      for (const r of c.ranges) {
        const got = runKeys(readRuns(lu.content, r.lba * k, r.blocks * k));
        const j = got.findIndex((g, n) => g !== want[from + n]);
        if (j >= 0) return `step ${i}: WRITE USING TOKEN wrote ${got[j]} to ${sent.dev} LBA ${r.lba + Math.floor(j / k)}, but token ${c.token} held ${want[from + j] ?? '(nothing)'} there when POPULATE TOKEN completed: data written after the token was made reached the destination`;
        from += r.blocks * k;
      }
    }
    return null;
  },
};

export const LIMIT_06: ScsiStackProperty = {
  id: 'LIMIT-06',
  title: 'Every SCSI command sd sends fits the LU\'s reported limits',
  statement:
    'READ(16) and WRITE(16) move at most the Block Limits MAXIMUM TRANSFER LENGTH and stay inside the capacity; an EXTENDED COPY goes only to a LU that reports the operating parameters, with at most MAXIMUM CSCD DESCRIPTOR COUNT CSCD descriptors, MAXIMUM SEGMENT DESCRIPTOR COUNT segments, MAXIMUM DESCRIPTOR LIST LENGTH bytes of descriptors, and no segment longer than MAXIMUM SEGMENT LENGTH bytes or 0xFFFF blocks; POPULATE TOKEN and WRITE USING TOKEN go only to a LU with ROD token support, with at most MAXIMUM RANGE DESCRIPTORS ranges, at most MAXIMUM TOKEN TRANSFER SIZE blocks in all and no range above MAXIMUM TRANSFER LENGTH. A correct sd never provokes a limit error.',
  layers: ['bio', 'blk-mq', 'driver'],
  sources: ['SBC-4 §6.6.4 (Block Limits VPD)', 'SPC-5 §6.25 (RECEIVE COPY OPERATING PARAMETERS), §6.4.6.4', 'SBC-4 §5.12.2–5.12.3, §6.6.9.3', 'drivers/scsi/sd.c sd_read_block_limits, sd_revalidate_disk'],
  refutes: ['sd-xcopy-segment-too-long'],
  precondition: (t) => t.events.some((e) => e.event === 'scsi-cmd'),
  check: (t) => {
    for (const e of t.events) {
      if (e.event !== 'scsi-cmd') continue;
      const lu = t.cfg.scsi?.find((d) => d.name === e.dev);
      if (!lu) return `command ${e.cid} went to ${e.dev}, which is no SCSI LU`;
      const c = e.command;
      const where = `command ${e.cid} (${c.cmd}) to ${e.dev}`;
      const mtl = lu.maxTransferLength;
      const inside = (lba: number, n: number): boolean => lba + n <= lu.capacity;
      if (c.cmd === 'read16' || c.cmd === 'write16') {
        if (mtl && c.blocks > mtl) return `${where}: ${c.blocks} blocks > MAXIMUM TRANSFER LENGTH ${mtl}`;
        if (!inside(c.lba, c.blocks)) return `${where}: LBA ${c.lba}+${c.blocks} past the capacity ${lu.capacity}`;
      } else if (c.cmd === 'xcopy') {
        const x = lu.xcopy;
        if (!x) return `${where}: the LU reports no EXTENDED COPY support`;
        if (c.cscd.length > x.maxCscdDescriptors) return `${where}: ${c.cscd.length} CSCD descriptors > ${x.maxCscdDescriptors}`;
        if (c.segments.length > x.maxSegmentDescriptors) return `${where}: ${c.segments.length} segments > MAXIMUM SEGMENT DESCRIPTOR COUNT ${x.maxSegmentDescriptors}`;
        const bytes = c.cscd.length * CSCD_DESCRIPTOR_BYTES + c.segments.length * SEGMENT_DESCRIPTOR_BYTES;
        if (bytes > x.maxDescriptorListLength) return `${where}: ${bytes} bytes of descriptors > MAXIMUM DESCRIPTOR LIST LENGTH ${x.maxDescriptorListLength}`;
        const long = c.segments.find((s) => s.blocks > XCOPY_SEGMENT_MAX_BLOCKS || (x.maxSegmentLength > 0 && s.blocks * lu.blockBytes > x.maxSegmentLength));
        if (long) return `${where}: a segment of ${long.blocks * lu.blockBytes} bytes > MAXIMUM SEGMENT LENGTH ${x.maxSegmentLength}`;
        const out = c.segments.find((s) => !inside(s.srcLba, s.blocks) || !inside(s.dstLba, s.blocks));
        if (out) return `${where}: segment ${out.srcLba}+${out.blocks}→${out.dstLba} past the capacity ${lu.capacity}`;
      } else if (c.cmd === 'populate-token' || c.cmd === 'write-using-token') {
        const rod = lu.rod;
        if (!rod) return `${where}: the LU reports no ROD token support`;
        if (c.ranges.length > rod.maxRangeDescriptors) return `${where}: ${c.ranges.length} range descriptors > MAXIMUM RANGE DESCRIPTORS ${rod.maxRangeDescriptors}`;
        const total = c.ranges.reduce((n, r) => n + r.blocks, 0);
        if (rod.maxTokenTransferSize && total > rod.maxTokenTransferSize) return `${where}: ${total} blocks > MAXIMUM TOKEN TRANSFER SIZE ${rod.maxTokenTransferSize}`;
        const big = c.ranges.find((r) => mtl && r.blocks > mtl);
        if (big) return `${where}: a range of ${big.blocks} blocks > MAXIMUM TRANSFER LENGTH ${mtl}`;
        if (c.ranges.some((r) => !inside(r.lba, r.blocks))) return `${where}: a range past the capacity ${lu.capacity}`;
      }
    }
    return null;
  },
};

/**
 * ERR-05 — a CHECK CONDITION reaches the requests. scsi_io_completion ends a command's requests with
 * the blk_status_t scsi_result_to_blk_status makes of a status other than GOOD (never BLK_STS_OK:
 * DID_OK with a CHECK CONDITION is at least BLK_STS_IOERR, drivers/scsi/scsi_lib.c), and an EXTENDED
 * COPY that failed part way leaves only the requests whose segments all precede the failed one
 * (COPY ABORTED, COMMAND-SPECIFIC INFORMATION, SPC-5 §5.17.7.4) successful: the last request it
 * carried always fails.
 */
export const ERR_05: ScsiStackProperty = {
  id: 'ERR-05',
  title: 'A CHECK CONDITION sd is not going to retry fails at least the request it belongs to',
  statement:
    'When a SCSI command completes with CHECK CONDITION and sd does not retry it, the requests it carried do not all end with success: a single request ends with the errno of the sense (scsi_check_sense, scsi_result_to_blk_status, scsi_io_completion_action); of several requests an EXTENDED COPY carried, those whose segments all precede the failed segment named in COMMAND-SPECIFIC INFORMATION may succeed, the rest fail.',
  layers: ['driver'],
  sources: ['drivers/scsi/scsi_lib.c scsi_io_completion, scsi_io_completion_action, scsi_result_to_blk_status', 'drivers/scsi/scsi_error.c scsi_check_sense, scsi_decide_disposition', 'SPC-5 §5.17.7.4 (COPY ABORTED: the segment that failed)'],
  refutes: ['sd-ignores-sense', 'sd-xcopy-ignores-segment-number'],
  precondition: (t) => t.events.some((e) => e.event === 'scsi-done' && e.status === 'CHECK CONDITION' && e.ended !== undefined),
  check: (t) => {
    for (const e of t.events) {
      if (e.event !== 'scsi-done' || e.status !== 'CHECK CONDITION' || e.ended === undefined) continue;
      if (e.ended.every((n) => n === 0)) return `command ${e.cid} (${e.cmd}) to ${e.dev} completed with CHECK CONDITION ${e.sense ?? ''}, yet all ${e.ended.length} request(s) it carried ended with success`;
    }
    return null;
  },
};

/**
 * ZONE-09 — ZONE-06 on a zoned sd disk: the zone write plug's wp_offset against the LU's write
 * pointer as REPORT ZONES would give it (sd_zbc_parse_report: a FULL zone's wp = start + len, an
 * EMPTY zone's = start; OFFLINE and READ ONLY zones have none).
 */
export const ZONE_09: ScsiStackProperty = {
  id: 'ZONE-09',
  title: 'The host\'s write pointer agrees with a zoned SCSI LU\'s',
  statement:
    'On a host-managed zoned LU behind sd, whenever a zone has nothing of the host in flight, its zone write plug (if it has one and has not lost the write pointer) believes the write pointer the LU reports: wp_offset is the LU\'s write pointer less the zone start (in sectors), or at least the zone length when the zone is FULL. EXTENDED COPY and WRITE USING TOKEN move a sequential zone\'s write pointer like WRITE(16) (ZBC-2 §4.5.3.2), so a copy that bypasses the plug leaves it behind.',
  layers: ['zoned', 'blk-mq', 'driver'],
  sources: ['block/blk-zoned.c struct blk_zone_wplug wp_offset, blk_zone_wplug_prepare_bio, blk_zone_write_plug_bio_merged (6.12)', 'drivers/scsi/sd_zbc.c sd_zbc_parse_report, sd_zbc_read_zones', 'ZBC-2 §4.5.3.2 (write pointer), §4.5.3.2.3'],
  refutes: ['zwplug-merge-no-advance'],
  precondition: (t) => t.states.some((s) => Object.keys(s.zwplugs).some((key) => s.lus?.[key.split(':')[0]!] !== undefined)),
  check: (t) =>
    forEachState(t, (s) => {
      for (const [key, z] of Object.entries(s.zwplugs)) {
        if (z.needWpUpdate || z.plugged || z.queue.length) continue;
        const [dev, zs] = key.split(':') as [string, string];
        const lu = s.lus?.[dev];
        if (!lu?.config.zoned) continue;
        const zone = Number(zs);
        const lim = s.limits[dev]!;
        if (!zoneIdle(s, dev, zone, lim.chunkSectors)) continue;
        const { cond, wp } = zoneState(lu, zone);
        if (cond === 'FULL') {
          if (z.wpOffset < lim.zoneCapSectors) return `${dev} zone ${zone} is FULL, its zone write plug believes wp offset ${z.wpOffset} sectors`;
          continue;
        }
        if (wp === null) continue; // OFFLINE, READ ONLY: no write pointer
        const want = wp * scsiSectorsPerBlock(lu.config) - zone * lim.chunkSectors;
        if (z.wpOffset !== want) return `${dev} zone ${zone}: the zone write plug believes wp offset ${z.wpOffset} sectors, the LU's write pointer is at offset ${want}`;
      }
      return null;
    }),
};

export const SCSI_STACK_PROPERTIES: readonly ScsiStackProperty[] = [DATA_07, LIMIT_06, ERR_05, ZONE_09];
