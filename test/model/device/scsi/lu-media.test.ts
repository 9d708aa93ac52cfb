// Latent media errors met by one read that covers several of them, in the order they arose: the
// INFORMATION field names the lowest unrecovered LBA of the read (SBC-4 §4.18.2; READ(16) §5.16),
// also when the read is an EXTENDED COPY segment's and the sense is forwarded (SPC-5 §5.17.7.4).
// Expected values are written from the clauses, not read off the model.
import { describe, expect, it } from 'vitest';
import type { ScsiSegment } from '../../../../model/device/scsi/command.js';
import { scsiExecute, scsiInject } from '../../../../model/device/scsi/execute.js';
import { scsiLuInit } from '../../../../model/device/scsi/lu.js';
import { run, sense } from './helpers.js';

const MEDIUM = 'MEDIUM ERROR (03h) 11h/00h';
const XCOPY = { maxCscdDescriptors: 2, maxSegmentDescriptors: 4, maxDescriptorListLength: 1024, maxSegmentLength: 0 };

describe('the lowest unrecovered LBA, whatever order the errors arose in (SBC-4 §4.18.2)', () => {
  it('errors injected in ascending LBA order: a read over both names the lower', () => {
    const r = run({}, [
      { cmd: 'inject', fault: 'media-error', lba: 10, blocks: 4 },
      { cmd: 'inject', fault: 'media-error', lba: 20, blocks: 2 },
      { cmd: 'inject', fault: 'media-error', lba: 30, blocks: 1 },
      { cmd: 'read16', lba: 8, blocks: 24 },
      { cmd: 'read16', lba: 12, blocks: 20 },
      { cmd: 'read16', lba: 14, blocks: 17 },
    ]);
    expect(r.slice(3).map(sense)).toEqual([MEDIUM, MEDIUM, MEDIUM]);
    expect(r.slice(3).map((x) => x.information)).toEqual([10, 12, 20]);
  });

  it('a rewrite over one error leaves an error wholly below it as it was, not stretched up to the write (SBC-4 §4.18: only the blocks written are reassigned)', () => {
    const r = run({}, [
      { cmd: 'inject', fault: 'media-error', lba: 4, blocks: 2 },
      { cmd: 'inject', fault: 'media-error', lba: 10, blocks: 2 },
      { cmd: 'write16', lba: 10, blocks: 2 },
      { cmd: 'read16', lba: 6, blocks: 4 },
      { cmd: 'read16', lba: 3, blocks: 9 },
      { cmd: 'read16', lba: 10, blocks: 2 },
    ]);
    expect(r.slice(3).map(sense)).toEqual(['GOOD', MEDIUM, 'GOOD']);
    expect(r[4]!.information).toBe(4);
  });

  it('an EXTENDED COPY segment reading over two such errors forwards the READ\'s sense with the lower LBA (SPC-5 §5.17.7.4)', () => {
    let lu = scsiLuInit({ name: 'sda', blockBytes: 512, capacity: 256, maxTransferLength: 0, optimalTransferLength: 0, optimalTransferLengthGranularity: 0, senseFormat: 'fixed', xcopy: XCOPY });
    lu = scsiInject(lu, { event: 'media-error', lba: 4, blocks: 1 });
    lu = scsiInject(lu, { event: 'media-error', lba: 6, blocks: 1 });
    const segment: ScsiSegment = { type: 0x02, src: 0, dst: 1, srcLba: 0, dstLba: 100, blocks: 8, dc: false };
    const { completion } = scsiExecute(lu, { cmd: 'xcopy', listId: 0, cscd: [{ type: 0xe4, lu: 'sda' }, { type: 0xe4, lu: 'sda' }], segments: [segment] });
    expect(completion).toMatchObject({ status: 'CHECK CONDITION', sense: { key: 'COPY_ABORTED', code: 'THIRD_PARTY_DEVICE_FAILURE', commandSpecific: 0 } });
    const fwd = completion.status === 'CHECK CONDITION' ? completion.sense.forwarded : undefined;
    expect(fwd).toMatchObject({ source: 1, sense: { key: 'MEDIUM_ERROR', code: 'UNRECOVERED_READ_ERROR', information: 4 } });
  });
});
