// Sense data bytes as the device server returns them (SPC-5 §4.5.2 descriptor format 72h, §4.5.3
// fixed format 70h) and the one-line text of a completion, byte by byte from the clauses.
import { describe, expect, it } from 'vitest';
import { check, completionText, descriptorSense, fixedSense, good, senseBytes } from '../../../../model/device/scsi/sense.js';
import { run } from './helpers.js';

describe('sense data bytes', () => {
  it('fixed format without INFORMATION or COMMAND-SPECIFIC INFORMATION: VALID = 0 and both fields zero', () => {
    expect(fixedSense({ key: 'ILLEGAL_REQUEST', code: 'LBA_OUT_OF_RANGE' })).toEqual([0x70, 0, 0x05, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x21, 0x00, 0, 0, 0, 0]);
  });

  it('fixed format: a 32-bit INFORMATION in bytes 3–6, big-endian', () => {
    expect(fixedSense({ key: 'MEDIUM_ERROR', code: 'UNRECOVERED_READ_ERROR', information: 0x01020304 }).slice(0, 8)).toEqual([0xf0, 0, 0x03, 1, 2, 3, 4, 10]);
  });

  it('descriptor format: a forwarded sense descriptor (0Ch) with the source, CHECK CONDITION and the forwarded sense in descriptor format', () => {
    const inner = { key: 'ILLEGAL_REQUEST', code: 'LBA_OUT_OF_RANGE' } as const;
    expect(descriptorSense(inner)).toEqual([0x72, 0x05, 0x21, 0x00, 0, 0, 0, 0]);
    expect(descriptorSense({ key: 'COPY_ABORTED', code: 'THIRD_PARTY_DEVICE_FAILURE', commandSpecific: 1, forwarded: { source: 2, sense: inner } })).toEqual([
      0x72, 0x0a, 0x0d, 0x01, 0, 0, 0, 24,
      0x01, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
      0x0c, 10, 2, 0x02, 0x72, 0x05, 0x21, 0x00, 0, 0, 0, 0,
    ]);
    expect(descriptorSense({ key: 'MEDIUM_ERROR', code: 'UNRECOVERED_READ_ERROR', information: 2 ** 40 + 5 })).toEqual([0x72, 0x03, 0x11, 0x00, 0, 0, 0, 12, 0x00, 0x0a, 0x80, 0, 0, 0, 1, 0, 0, 0, 0, 5]);
  });

  it('as `copyspec run` prints them: two lower-case hex digits a byte, in the LU\'s format', () => {
    expect(senseBytes({ key: 'DATA_PROTECT', code: 'WRITE_PROTECTED' }, 'descriptor')).toBe('7207270000000000');
    const r = run({ senseFormat: 'fixed' }, [{ cmd: 'inject', fault: 'media-error', lba: 20, blocks: 2 }, { cmd: 'read16', lba: 18, blocks: 4 }]);
    expect(r[1]).toMatchObject({ information: 20, senseData: 'f00003000000140a00000000110000000000' });
  });

  it('the text of a completion: key, ASC name, and key/ASC/ASCQ in hex', () => {
    expect(completionText(good())).toBe('GOOD');
    expect(completionText(check('DATA_PROTECT', 'INSUFFICIENT_ZONE_RESOURCES'))).toBe('CHECK CONDITION DATA PROTECT INSUFFICIENT ZONE RESOURCES (07h/55h/0Eh)');
  });
});
