// Block-level helpers shared by the NVMe commands: bounds, latent media errors, data in and out.

import { castDraft } from 'immer';
import { readRuns, writeRuns } from '../../content/extent-map.js';
import type { Run } from '../../content/token.js';
import { sectorsPerBlock } from './config.js';
import { hasBug, type NvmeNamespace } from './namespace.js';
import { fail, type NvmeCompletion } from './status.js';
import { contentOf, type D } from './zone.js';

/** Blocks past NSZE → LBA Out of Range (NVMCS 1.0 Read/Write; QEMU nvme_check_bounds). */
export const checkBounds = (ns: NvmeNamespace, slba: number, blocks: number): NvmeCompletion | null =>
  slba + blocks > ns.config.nsze ? fail('LBA_OUT_OF_RANGE', true) : null;

/** Does [slba, slba+blocks) touch a block with a latent media error? */
export const hitsMediaError = (ns: NvmeNamespace, slba: number, blocks: number): boolean =>
  ns.mediaErrors.some(([a, b]) => a < slba + blocks && slba < b);

/** Rewriting blocks clears their media errors (the drive reassigns them). */
export const clearMediaErrors = (d: D, slba: number, blocks: number): void => {
  if (hasBug(d as unknown as NvmeNamespace, 'rewrite-keeps-media-error')) return;
  if (!d.mediaErrors.some(([a, b]) => a < slba + blocks && slba < b)) return;
  const end = slba + blocks;
  d.mediaErrors = castDraft(d.mediaErrors.flatMap(([a, b]) => {
    if (b <= slba || a >= end) return [[a, b] as const];
    const keep: (readonly [number, number])[] = [];
    if (a < slba) keep.push([a, slba]);
    if (b > end) keep.push([end, b]);
    return keep;
  }));
};

/** Store `data` at LBA `slba` (no checks). */
export const storeBlocks = (d: D, slba: number, data: readonly Run[]): void => {
  const k = sectorsPerBlock(d.config);
  d.content = castDraft(writeRuns(contentOf(d), slba * k, data));
};

export const loadBlocks = (ns: NvmeNamespace, slba: number, blocks: number): Run[] => {
  const k = sectorsPerBlock(ns.config);
  return readRuns(ns.content, slba * k, blocks * k);
};

