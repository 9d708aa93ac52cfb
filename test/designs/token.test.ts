// The token design (Mikulas Patocka's RFC, Feb 2022) as posted and fixed: the BLKCOPY chunk loop,
// the token page, the PCI transport hook that ends READ_TOKEN before nvme_setup_cmd, and
// nvme_setup_write_token's one Copy. Behaviour only: commands sent, statuses, content.

import { describe, expect, it } from 'vitest';
import { runStack, runStackScenario, stackConfigOf } from '../../model/scenario/run-stack.js';
import { stackScenarioSchema, type StackScenarioInput } from '../../model/scenario/stack-schema.js';
import { readThrough } from '../../model/stack/read-through.js';
import { describeRuns } from '../../model/content/token.js';
import { nvmeSetupWriteToken } from '../../model/designs/token/nvme.js';
import { checkStackProperty } from '../../properties/check-stack.js';
import { LIMIT_03, LIVE_01 } from '../../properties/stack/properties.js';
import type { Request } from '../../model/stack/state.js';
import type { NvmeNamespaceConfig } from '../../model/device/nvme/config.js';
import { opAt } from '../../model/stack/ops.js';

type Design = 'token' | 'token+fix';

const scenario = (design: Design, extra: Partial<StackScenarioInput> = {}): ReturnType<typeof stackScenarioSchema.parse> =>
  stackScenarioSchema.parse({
    format: 'copyspec-scenario/1',
    design,
    devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 512, nsze: 256, copy: { mssrl: 2, mcl: 8, msrc: 0 } }],
    ops: [{ op: 'copy', bdev: 'nvme0n1', dst: { sector: 128, nr: 4 }, src: [{ sector: 0, nr: 4 }] }],
    ...extra,
  } as StackScenarioInput);

const commands = (out: Record<string, unknown>[]): Record<string, unknown>[] => out.filter((r) => r.event === 'device-cmd');
const content = (out: Record<string, unknown>[], bdev: string): unknown => out.find((r) => r.event === 'content' && r.bdev === bdev)?.content;

describe('token as posted (RFC 1/3 + 2/3 on PCI)', () => {
  it('sends no command for READ_TOKEN and fails the WRITE_TOKEN on the host: the token was never filled', () => {
    const out = runStackScenario(scenario('token'));
    expect(commands(out)).toEqual([]); // no Copy ever reaches the device
    expect(out.find((r) => r.event === 'host-fail')).toMatchObject({ errno: -95, why: expect.stringMatching(/no "nvme" token/) });
    expect(out.some((r) => r.event === 'fallback')).toBe(false); // the kernel never falls back
    expect(out.find((r) => r.event === 'done')).toMatchObject({ op: 0, status: -95 });
    expect(content(out, 'nvme0n1')).toBe('orig[0..255]');
  });

  it('refuses a copy on a dm device before any bio: blk_stack_limits leaves max_copy_sectors 0', () => {
    const sc = scenario('token', {
      dm: [{ name: 'dm-0', targets: [{ type: 'linear', start: 0, len: 256, dev: 'nvme0n1', offset: 0 }] }],
      ops: [{ op: 'copy', bdev: 'dm-0', dst: { sector: 128, nr: 4 }, src: [{ sector: 0, nr: 4 }] }],
    });
    const run = runStack(stackConfigOf(sc));
    expect(run.actions.some((a) => a.kind === 'map')).toBe(false); // blkdev_issue_copy returns before any submit_bio
    expect(opAt(run.final, 0).errno).toBe(-95);
  });

  it('refuses a copy past the end of the device in blk_ioctl_copy (-EINVAL)', () => {
    const run = runStack(stackConfigOf(scenario('token', { ops: [{ op: 'copy', bdev: 'nvme0n1', dst: { sector: 254, nr: 4 }, src: [{ sector: 0, nr: 4 }] }] })));
    expect(opAt(run.final, 0).errno).toBe(-22);
  });
});

describe('token+fix', () => {
  it('copies chunk by chunk: each WRITE_TOKEN after its READ_TOKEN, one Copy per chunk of min(MCL, MSSRL) from the token', () => {
    const sc = scenario('token+fix');
    const run = runStack(stackConfigOf(sc), [], { keep: true });
    // Every bio of the op, in creation order: READ, WRITE, READ, WRITE (chunks of 2 sectors).
    const bios = run.states.flatMap((s) => Object.values(s.bios)).filter((b, i, all) => all.findIndex((x) => x.id === b.id) === i);
    expect(bios.map((b) => `${b.token}@${b.sector}`)).toEqual(['read@0', 'write@128', 'read@2', 'write@130']);
    // The WRITE_TOKEN exists only once its READ_TOKEN completed: never both at once.
    for (const s of run.states) expect(Object.values(s.bios).filter((b) => b.token).length).toBeLessThanOrEqual(1);
    const out = runStackScenario(sc);
    expect(commands(out).map((c) => [c.cmd, c.sdlba, c.ranges])).toEqual([
      ['copy', 128, [{ slba: 0, nlb: 1 }]],
      ['copy', 130, [{ slba: 2, nlb: 1 }]],
    ]);
    expect(content(out, 'nvme0n1')).toBe('orig[0..127] orig[0..3] orig[132..255]');
  });

  it('fills the token after the partition remap: the Copy names the disk\'s sectors', () => {
    const sc = scenario('token+fix', {
      partitions: [{ name: 'nvme0n1p1', disk: 'nvme0n1', start: 64, nr: 192 }],
      ops: [{ op: 'copy', bdev: 'nvme0n1p1', dst: { sector: 100, nr: 2 }, src: [{ sector: 8, nr: 2 }] }],
    });
    const out = runStackScenario(sc);
    expect(commands(out).map((c) => [c.sdlba, c.ranges])).toEqual([[164, [{ slba: 72, nlb: 1 }]]]);
    const run = runStack(stackConfigOf(sc));
    expect(describeRuns(readThrough(run.final, 'nvme0n1p1', 100, 2), 1)).toBe('orig(nvme0n1)[72..73]');
  });

  it('does not fall back where the offload is refused (no Copy support: -EOPNOTSUPP goes to the caller)', () => {
    const out = runStackScenario(scenario('token+fix', { devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 512, nsze: 256 }] }));
    expect(out.find((r) => r.event === 'fallback')).toBeUndefined();
    expect(out.find((r) => r.event === 'done')).toMatchObject({ op: 0, status: -95 });
  });

  it('the task flushes its plug when it sleeps for the READ_TOKEN; without that flush (no-flush-on-sleep) it waits forever', () => {
    const sc = scenario('token+fix', { plug: true });
    expect(runStack(stackConfigOf(sc)).quiescent).toBe(true);
    const stuck = runStack(stackConfigOf(sc, [], ['no-flush-on-sleep']));
    expect(stuck.quiescent).toBe(false);
    expect(Object.values(stuck.final.bios).map((b) => b.token)).toEqual(['read']);
  });
});

describe('known-bad variants', () => {
  it('LIMIT-03 refutes token+fix with the RFC\'s fixed 1 << 24 copy limit (token-fixed-copy-limit)', () => {
    const v = checkStackProperty(LIMIT_03, ['token-fixed-copy-limit'], { seed: 1, runs: 200 }, 'token+fix');
    expect(v.verdict).toBe('refuted');
  });

  it('LIVE-01 refutes token+fix when sleeping does not flush the plug (no-flush-on-sleep)', () => {
    const v = checkStackProperty(LIVE_01, ['no-flush-on-sleep'], { seed: 1, runs: 200 }, 'token+fix');
    expect(v.verdict).toBe('refuted');
  });
});

describe('nvme_setup_write_token (RFC 2/3)', () => {
  const ns = { name: 'nvme0n1', lbaBytes: 512 } as NvmeNamespaceConfig;
  const rq = (sector: number, nr: number): Request => ({ id: 0, dev: 'nvme0n1', op: 'copy', sector, nr, srcs: [], bios: [] });

  it('cuts the source into descriptors of at most 0x10000 blocks, NR 0\'s based, whatever MSSRL says', () => {
    const setup = nvmeSetupWriteToken(ns, rq(1 << 20, 70000), { magic: 'nvme', ns: 'nvme0n1', sector: 0, nr: 70000 });
    expect(setup).toEqual({ command: { cmd: 'copy', sdlba: 1 << 20, desfmt: 0, nr: 1, ranges: [{ slba: 0, nlb: 65535 }, { slba: 65536, nlb: 70000 - 65536 - 1 }] } });
  });

  it('fails with BLK_STS_NOTSUPP on a foreign namespace or a length mismatch', () => {
    expect(nvmeSetupWriteToken(ns, rq(8, 2), { magic: 'nvme', ns: 'nvme1n1', sector: 0, nr: 2 })).toMatchObject({ fail: -95 });
    expect(nvmeSetupWriteToken(ns, rq(8, 2), { magic: 'nvme', ns: 'nvme0n1', sector: 0, nr: 4 })).toMatchObject({ fail: -95 });
  });

  it('trusts a stale token of the right length: it copies the source the token names, not the one the caller asked for', () => {
    // The page is reused for every chunk and never cleared (blkdev_issue_copy): a token left by an
    // earlier chunk passes every check. As posted on PCI no token is ever written, so this stays latent.
    const setup = nvmeSetupWriteToken(ns, rq(130, 2), { magic: 'nvme', ns: 'nvme0n1', sector: 0, nr: 2 });
    expect(setup).toMatchObject({ command: { sdlba: 130, ranges: [{ slba: 0, nlb: 1 }] } });
  });
});

describe('the SCSI transport (model/designs/token/scsi.ts): one token design, two transports', () => {
  const scsi = (design: Design, rod: Record<string, unknown> = {}, extra: Partial<StackScenarioInput> = {}): ReturnType<typeof stackScenarioSchema.parse> =>
    stackScenarioSchema.parse({
      format: 'copyspec-scenario/1',
      design,
      devices: [{ name: 'sda', kind: 'scsi', blockBytes: 512, capacity: 256, maxTransferLength: 64, rod: { maxRangeDescriptors: 4, ...rod } }],
      ops: [{ op: 'copy', bdev: 'sda', dst: { sector: 128, nr: 8 }, src: [{ sector: 0, nr: 8 }] }],
      ...extra,
    } as StackScenarioInput);
  const scsiCmds = (out: Record<string, unknown>[]): unknown[] => out.filter((r) => r.event === 'scsi-cmd').map((r) => r.cdb);

  it.each(['token', 'token+fix'] as const)('%s: READ_TOKEN is POPULATE TOKEN then RRTI, WRITE_TOKEN is WRITE USING TOKEN with that token; the data arrives', (design) => {
    const out = runStackScenario(scsi(design));
    expect(scsiCmds(out)).toEqual(['POPULATE TOKEN list 1 [0+8]', 'RECEIVE ROD TOKEN INFORMATION list 1', 'WRITE USING TOKEN list 5 token 1 [128+8]']);
    expect(content(out, 'sda')).toBe('orig[0..127] orig[0..7] orig[136..255]');
    expect(out.at(-1)).toMatchObject({ quiescent: true, ops: [0] });
  });

  it('chunks by MAXIMUM TOKEN TRANSFER SIZE: one POPULATE TOKEN + WRITE USING TOKEN pair per chunk', () => {
    const out = runStackScenario(scsi('token+fix', { maxTokenTransferSize: 4 }));
    expect(scsiCmds(out).filter((c) => String(c).startsWith('WRITE USING TOKEN'))).toHaveLength(2);
    expect(content(out, 'sda')).toBe('orig[0..127] orig[0..7] orig[136..255]');
  });

  it('a LU without ROD token support: max_copy_sectors 0, BLKCOPY fails with -EOPNOTSUPP before any command (the caller must fall back)', () => {
    const sc = stackScenarioSchema.parse({ ...scsi('token+fix'), devices: [{ name: 'sda', kind: 'scsi', blockBytes: 512, capacity: 256 }] } as StackScenarioInput);
    const out = runStackScenario(sc);
    expect(scsiCmds(out)).toEqual([]);
    expect(out.at(-1)).toMatchObject({ ops: [-95] });
  });

  it('a persistent token keeps the data as populated: a write in between does not reach the destination', () => {
    const sc = scsi('token+fix', { rodType: 'persistent' }, {
      ops: [{ op: 'write', bdev: 'sda', sector: 0, nr: 8 }, { op: 'copy', bdev: 'sda', dst: { sector: 128, nr: 8 }, src: [{ sector: 0, nr: 8 }] }],
      schedule: ['submit', 'map', 'alloc', 'submit', 'map', 'alloc', 1, 0],
    });
    const out = runStackScenario(sc);
    expect(out.filter((r) => r.event === 'scsi-cmd').map((r) => r.cmd)).toEqual(['populate-token', 'write16', 'receive-rod-token-information', 'write-using-token']);
    expect(content(out, 'sda')).toBe('w0[0..7] orig[8..127] orig[0..7] orig[136..255]');
    expect(out.at(-1)).toMatchObject({ ops: [0, 0] });
  });
});
