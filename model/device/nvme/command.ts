// NVMe I/O commands as copyspec models them: the fields that matter, in their NVMe encodings.
// NLB and NR are the 0's based fields of the submission queue entry (NVMCS 1.0 §3.2.2 Copy: CDW12
// NR bits 7:0; Source Range entry NLB bits 15:0; Read/Write CDW12 NLB bits 15:0).

import type { Run } from '../../content/token.js';

export type NvmeSourceRange = { readonly slba: number; readonly nlb: number };

export type ZoneSendAction = 'open' | 'close' | 'finish' | 'reset';

export type NvmeCommand =
  | { readonly cmd: 'read'; readonly slba: number; readonly nlb: number }
  /** `data` is the host buffer, (nlb+1) blocks of tokens. */
  | { readonly cmd: 'write'; readonly slba: number; readonly nlb: number; readonly data: readonly Run[] }
  /** Copy (opcode 19h). `nr` is the 0's based NR field; entries past `ranges` read as zero-filled memory. */
  | { readonly cmd: 'copy'; readonly sdlba: number; readonly desfmt: number; readonly nr: number; readonly ranges: readonly NvmeSourceRange[] }
  /** Zone Append (7Dh): `slba` is the ZSLBA field. */
  | { readonly cmd: 'zone-append'; readonly slba: number; readonly nlb: number; readonly data: readonly Run[] }
  /** Zone Management Send (79h): Open 3h, Close 1h, Finish 2h, Reset 4h; `all` is Select All. */
  | { readonly cmd: 'zone-mgmt-send'; readonly action: ZoneSendAction; readonly slba: number; readonly all: boolean }
  /** Zone Management Receive (7Ah), Report Zones, all states; `nz` descriptors fit in the buffer. */
  | { readonly cmd: 'zone-mgmt-recv'; readonly slba: number; readonly nz: number };

export type NvmeCommandKind = NvmeCommand['cmd'];

/**
 * Events outside the command set ("by mechanisms outside the scope of this specification", ZNS 1.1
 * §2.1.1.3): injected by the explorer as faults.
 */
export type NvmeFault =
  | { readonly fault: 'zone-read-only'; readonly slba: number }
  | { readonly fault: 'zone-offline'; readonly slba: number }
  /** Blocks [slba, slba+nlb] become unreadable until rewritten (Unrecovered Read Error). */
  | { readonly fault: 'media-error'; readonly slba: number; readonly nlb: number }
  /** Namespace Write Protection turned on (NVMe Base 2.x, Namespace Write Protection). */
  | { readonly fault: 'write-protect' };
