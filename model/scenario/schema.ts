// The scenario file, format `copyspec-scenario/1` (README "Scenario files"): validated with zod,
// strict (an unknown field is an error, so a typo never silently means a default).

import { z } from 'zod';
import { DEVICE_BUGS } from '../device/nvme/bugs.js';

/** LBAs are 64-bit fields in NVMe; copyspec takes any integer JavaScript represents exactly. */
const lba = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** NLB: 16-bit, 0's based (NVMCS 1.0 Read/Write CDW12 bits 15:0; Copy Source Range entry bytes 17:16). */
const nlb = z.number().int().min(0).max(0xffff);

/**
 * Capacity bound: every 512-byte sector index of a device, and its end, must be a safe JavaScript
 * integer (the content map and the stack address sectors as numbers). The kernel's sector_t is 64
 * bits; copyspec takes up to 2^53 − 1 sectors, e.g. nsze 2^50 − 1 with 4096-byte blocks.
 */
export const MAX_SECTORS = Number.MAX_SAFE_INTEGER;

/** The one-line reason a namespace is too large. */
export const capacityMessage = (nsze: number, lbaBytes: number): string =>
  `nsze ${nsze} × ${lbaBytes}-byte blocks is ${BigInt(nsze) * BigInt(lbaBytes / 512)} sectors; copyspec takes at most 2^53 − 1 (every sector index a safe integer): nsze ≤ ${Math.floor(MAX_SECTORS / (lbaBytes / 512))}`;

const copyLimits = z.strictObject({
  /** MSSRL, 16-bit, 1's based; non-zero when Copy is supported (NVMCS Identify Namespace). */
  mssrl: z.number().int().min(1, 'MSSRL shall be non-zero when Copy is supported (NVMCS Identify Namespace)').max(0xffff),
  /** MCL, 32-bit, 1's based; non-zero when Copy is supported. */
  mcl: z.number().int().min(1, 'MCL shall be non-zero when Copy is supported (NVMCS Identify Namespace)').max(0xffffffff),
  /** MSRC, 8-bit, 0's based. */
  msrc: z.number().int().min(0).max(0xff),
  /** OCFS: formats 0h and 1h are modelled (2h/3h need cross-namespace copy, not modelled). */
  formats: z.array(z.union([z.literal(0), z.literal(1)])).min(1).default([0]),
});

const zoned = z.strictObject({
  zoneSize: z.number().int().min(1),
  zoneCap: z.number().int().min(1),
  maxOpen: z.number().int().min(0).max(0xffffffff).default(0),
  maxActive: z.number().int().min(0).max(0xffffffff).default(0),
  crossRead: z.boolean().default(false),
  autoTransition: z.boolean().default(true),
});

export const deviceSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a device name is letters, digits, _ or -, starting with a letter'),
    kind: z.literal('nvme'),
    lbaBytes: z.union([z.literal(512), z.literal(4096)]),
    nsze: z.number().int().min(1).max(2 ** 50),
    mdts: z.number().int().min(0).max(15).default(0),
    copy: copyLimits.optional(),
    zoned: zoned.optional(),
    /** Known-bad variants to run this device with (see `copyspec variants`); empty for the specified device. */
    bugs: z.array(z.enum(Object.keys(DEVICE_BUGS) as [keyof typeof DEVICE_BUGS, ...(keyof typeof DEVICE_BUGS)[]])).default([]),
  })
  .superRefine((d, ctx) => {
    const sectors = d.nsze * (d.lbaBytes / 512);
    if (sectors > MAX_SECTORS) ctx.addIssue({ code: 'custom', path: ['nsze'], message: capacityMessage(d.nsze, d.lbaBytes) });
    if (!d.zoned) return;
    if (d.zoned.zoneCap > d.zoned.zoneSize) ctx.addIssue({ code: 'custom', path: ['zoned', 'zoneCap'], message: `zone capacity ${d.zoned.zoneCap} exceeds zone size ${d.zoned.zoneSize} (ZNS 1.1: ZCAP ≤ ZSZE)` });
    if (d.nsze % d.zoned.zoneSize !== 0) ctx.addIssue({ code: 'custom', path: ['nsze'], message: `nsze ${d.nsze} is not a whole number of ${d.zoned.zoneSize}-block zones` });
    if (d.zoned.maxOpen && d.zoned.maxActive && d.zoned.maxOpen > d.zoned.maxActive) ctx.addIssue({ code: 'custom', path: ['zoned', 'maxOpen'], message: 'maxOpen exceeds maxActive (ZNS 1.1: MOR ≤ MAR)' });
  });

/**
 * `$schema`: the JSON Schema an editor validates the file against (schema/*.schema.json, generated
 * from these zod schemas by `npm run schema`); accepted in every file copyspec reads, never used.
 */
export const jsonSchemaField = z.string().optional();

const dev = z.string();

const step = z.discriminatedUnion('cmd', [
  z.strictObject({ dev, cmd: z.literal('read'), slba: lba, nlb }),
  z.strictObject({ dev, cmd: z.literal('write'), slba: lba, nlb }),
  z.strictObject({
    dev,
    cmd: z.literal('copy'),
    sdlba: lba,
    desfmt: z.number().int().min(0).max(0xf).default(0),
    ranges: z.array(z.strictObject({ slba: lba, nlb })).max(256),
    /** NR, 0's based; defaults to ranges.length - 1. */
    nr: z.number().int().min(0).max(0xff).optional(),
  }),
  z.strictObject({ dev, cmd: z.literal('zone-append'), slba: lba, nlb }),
  z.strictObject({ dev, cmd: z.literal('zone-mgmt-send'), action: z.enum(['open', 'close', 'finish', 'reset']), slba: lba.default(0), all: z.boolean().default(false) }),
  z.strictObject({ dev, cmd: z.literal('zone-mgmt-recv'), slba: lba.default(0), nz: z.number().int().min(1).max(4096).default(16) }),
  z.strictObject({
    dev,
    cmd: z.literal('inject'),
    fault: z.enum(['zone-read-only', 'zone-offline', 'media-error', 'write-protect']),
    slba: lba.optional(),
    nlb: nlb.optional(),
  }),
]);

export const deviceScenarioSchema = z
  .strictObject({
    $schema: jsonSchemaField,
    format: z.literal('copyspec-scenario/1'),
    devices: z.array(deviceSchema).min(1),
    steps: z.array(step),
  })
  .superRefine((s, ctx) => {
    const names = new Set<string>();
    s.devices.forEach((d, i) => {
      if (names.has(d.name)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'name'], message: `device ${d.name} is named twice` });
      names.add(d.name);
    });
    s.steps.forEach((st, i) => {
      if (!names.has(st.dev)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'dev'], message: `no device named ${JSON.stringify(st.dev)}` });
      if (st.cmd === 'copy' && st.nr === undefined && st.ranges.length === 0) ctx.addIssue({ code: 'custom', path: ['steps', i, 'ranges'], message: 'a copy needs at least one range (or an explicit nr)' });
      if (st.cmd === 'inject' && st.fault !== 'write-protect' && st.slba === undefined) ctx.addIssue({ code: 'custom', path: ['steps', i, 'slba'], message: `fault ${st.fault} needs slba` });
      if (st.cmd === 'inject' && st.fault === 'media-error' && st.nlb === undefined) ctx.addIssue({ code: 'custom', path: ['steps', i, 'nlb'], message: 'fault media-error needs nlb' });
    });
  });

export type DeviceScenario = z.output<typeof deviceScenarioSchema>;
export type DeviceScenarioInput = z.input<typeof deviceScenarioSchema>;
export type DeviceConfigEntry = DeviceScenario['devices'][number];
export type DeviceStep = DeviceScenario['steps'][number];

/** `steps[2].ranges[0].nlb` from a zod issue path. */
const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');

/** One line for a person: where the first problem is and what it is. */
export const describeZodError = (e: z.ZodError): string => {
  const i = e.issues[0]!;
  const where = formatPath(i.path);
  const more = e.issues.length > 1 ? ` (and ${e.issues.length - 1} more problem${e.issues.length > 2 ? 's' : ''})` : '';
  return `${where ? `${where}: ` : ''}${i.message}${more}`;
};
