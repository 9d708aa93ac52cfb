// SCSI device scenarios (README "SCSI devices"): the same `copyspec-scenario/1` file with SCSI
// logical units (`"kind": "scsi"`) and SCSI steps. Validated with zod, strict: an unknown field is an
// error. A scenario's devices are all NVMe or all SCSI.

import { z } from 'zod';
import { SCSI_BUGS } from '../device/scsi/bugs.js';
import { jsonSchemaField } from './schema.js';

/** LBAs are 64-bit in READ(16)/WRITE(16) and range descriptors; copyspec takes any exact integer. */
const lba = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** 32-bit counts: READ(16)/WRITE(16) TRANSFER LENGTH, NUMBER OF LOGICAL BLOCKS, timeouts, list identifiers of LID4-style commands. */
const u32 = z.number().int().min(0).max(0xffffffff);
const u16 = z.number().int().min(0).max(0xffff);

const xcopyLimits = z.strictObject({
  maxCscdDescriptors: u16,
  maxSegmentDescriptors: u16,
  maxDescriptorListLength: u32,
  /** bytes; 0 = no limit */
  maxSegmentLength: u32.default(0),
});

const rodLimits = z.strictObject({
  maxRangeDescriptors: u16.min(1, 'MAXIMUM RANGE DESCRIPTORS must allow one descriptor'),
  maxInactivityTimeout: u32.default(600),
  defaultInactivityTimeout: u32.default(60),
  maxTokenTransferSize: lba.default(0),
  optimalTransferCount: lba.default(0),
  rodType: z.enum(['change-vulnerable', 'persistent']).default('change-vulnerable'),
});

const zoned = z.strictObject({
  zoneSize: z.number().int().min(1),
  conventionalZones: z.number().int().min(0).default(0),
  maxOpen: u32.default(0),
  urswrz: z.boolean().default(false),
});

export const scsiDeviceSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a device name is letters, digits, _ or -, starting with a letter'),
    kind: z.literal('scsi'),
    blockBytes: z.union([z.literal(512), z.literal(4096)]),
    capacity: z.number().int().min(1).max(2 ** 50),
    maxTransferLength: u32.default(0),
    optimalTransferLength: u32.default(0),
    optimalTransferLengthGranularity: u16.default(0),
    senseFormat: z.enum(['fixed', 'descriptor']).default('fixed'),
    xcopy: xcopyLimits.optional(),
    rod: rodLimits.optional(),
    zoned: zoned.optional(),
    bugs: z.array(z.enum(Object.keys(SCSI_BUGS) as [keyof typeof SCSI_BUGS, ...(keyof typeof SCSI_BUGS)[]])).default([]),
  })
  .superRefine((d, ctx) => {
    if (d.rod && d.rod.defaultInactivityTimeout > d.rod.maxInactivityTimeout) ctx.addIssue({ code: 'custom', path: ['rod', 'defaultInactivityTimeout'], message: 'DEFAULT INACTIVITY TIMEOUT exceeds MAXIMUM INACTIVITY TIMEOUT (SBC-4 §6.6.9.3)' });
    if (!d.zoned) return;
    if (d.capacity % d.zoned.zoneSize !== 0) ctx.addIssue({ code: 'custom', path: ['capacity'], message: `capacity ${d.capacity} is not a whole number of ${d.zoned.zoneSize}-block zones` });
    if (d.zoned.conventionalZones * d.zoned.zoneSize > d.capacity) ctx.addIssue({ code: 'custom', path: ['zoned', 'conventionalZones'], message: 'more conventional zones than the LU has' });
  });

const dev = z.string();
const range = z.strictObject({ lba, blocks: u32 });
const zoneStep = <C extends string>(cmd: C) => z.strictObject({ dev, cmd: z.literal(cmd), lba: lba.default(0), all: z.boolean().default(false) });

const scsiStep = z.discriminatedUnion('cmd', [
  z.strictObject({ dev, cmd: z.literal('read16'), lba, blocks: u32 }),
  z.strictObject({ dev, cmd: z.literal('write16'), lba, blocks: u32 }),
  z.strictObject({
    dev,
    cmd: z.literal('xcopy'),
    /** LID1 LIST IDENTIFIER, one byte. */
    listId: z.number().int().min(0).max(0xff).default(0),
    cscd: z.array(z.strictObject({ lu: z.string(), type: z.number().int().min(0).max(0xff).default(0xe4) })).max(0xffff),
    segments: z.array(z.strictObject({
      src: u16,
      dst: u16,
      /** BLOCK DEVICE NUMBER OF BLOCKS, 16-bit. */
      blocks: u16,
      srcLba: lba,
      dstLba: lba,
      type: z.number().int().min(0).max(0xff).default(0x02),
      dc: z.boolean().default(false),
    })).max(0xffff),
  }),
  z.strictObject({ dev, cmd: z.literal('receive-copy-operating-parameters') }),
  z.strictObject({ dev, cmd: z.literal('receive-copy-status'), listId: z.number().int().min(0).max(0xff).default(0) }),
  z.strictObject({ dev, cmd: z.literal('populate-token'), listId: u32.default(0), inactivityTimeout: u32.default(0), ranges: z.array(range).max(0xffff) }),
  z.strictObject({
    dev,
    cmd: z.literal('write-using-token'),
    listId: u32.default(0),
    token: u32,
    tokenLength: u16.default(0x1f8),
    offset: lba.default(0),
    delTkn: z.boolean().default(false),
    ranges: z.array(range).max(0xffff),
  }),
  z.strictObject({ dev, cmd: z.literal('receive-rod-token-information'), listId: u32.default(0) }),
  z.strictObject({ dev, cmd: z.literal('inquiry'), page: z.enum(['b0', '8f', 'b6']) }),
  zoneStep('open-zone'),
  zoneStep('close-zone'),
  zoneStep('finish-zone'),
  zoneStep('reset-write-pointer'),
  z.strictObject({ dev, cmd: z.literal('report-zones'), lba: lba.default(0), count: z.number().int().min(1).max(4096).default(16) }),
  z.strictObject({ dev, cmd: z.literal('inject'), fault: z.enum(['media-error', 'write-protect', 'zone-read-only', 'zone-offline']), lba: lba.optional(), blocks: u32.optional() }),
  z.strictObject({ dev, cmd: z.literal('elapse'), seconds: u32 }),
]);

export const scsiScenarioSchema = z
  .strictObject({
    $schema: jsonSchemaField,
    format: z.literal('copyspec-scenario/1'),
    devices: z.array(scsiDeviceSchema).min(1),
    steps: z.array(scsiStep),
  })
  .superRefine((s, ctx) => {
    const names = new Set<string>();
    s.devices.forEach((d, i) => {
      if (names.has(d.name)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'name'], message: `device ${d.name} is named twice` });
      names.add(d.name);
    });
    s.steps.forEach((st, i) => {
      if (!names.has(st.dev)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'dev'], message: `no device named ${JSON.stringify(st.dev)}` });
      if (st.cmd === 'inject' && st.fault !== 'write-protect' && st.lba === undefined) ctx.addIssue({ code: 'custom', path: ['steps', i, 'lba'], message: `fault ${st.fault} needs lba` });
      if (st.cmd === 'inject' && st.fault === 'media-error' && st.blocks === undefined) ctx.addIssue({ code: 'custom', path: ['steps', i, 'blocks'], message: 'fault media-error needs blocks' });
    });
  });

export type ScsiScenario = z.output<typeof scsiScenarioSchema>;
export type ScsiScenarioInput = z.input<typeof scsiScenarioSchema>;
export type ScsiDeviceEntry = ScsiScenario['devices'][number];
export type ScsiStep = ScsiScenario['steps'][number];

/** Is this (unvalidated) scenario a SCSI one? Any device of kind "scsi" makes it so. */
export const isScsiScenario = (json: unknown): boolean =>
  typeof json === 'object' && json !== null && Array.isArray((json as { devices?: unknown }).devices) &&
  ((json as { devices: unknown[] }).devices).some((d) => typeof d === 'object' && d !== null && (d as { kind?: unknown }).kind === 'scsi');
