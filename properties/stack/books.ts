// Bookkeeping invariants of the host stack (issue 11): what each layer that keeps books believes
// must agree, at every step, with what it holds. ZONE-06 (zone write plug vs device write pointer)
// and MODEL-02 (a read/write request's length vs its bios, tags vs live requests) live in
// properties.ts; these add the copy request's length, the tag set and the plug.

import { srcTotal } from '../../model/block/bio.js';
import type { StackProperty } from '../property.js';
import { forEachStateOf } from './each-state.js';

export const MODEL_04: StackProperty = {
  id: 'MODEL-04',
  title: 'A copy request is as long as its bios and its sources',
  statement:
    'At every step, every copy request is as long as its bios together (__data_len grows by each merged bio\'s bi_size, both halves of a two-bio pair included), and a copy request that carries its sources (not a token request, not a two-bio half) has sources covering its length: every destination sector has a source sector for the driver\'s Source Range entries (vectored-bio\'s sources are the iterator\'s view, from bi_iter to the end of the shared bio_vec array, so they may run past it).',
  layers: ['bio', 'plug', 'blk-mq'],
  sources: [
    'block/blk-merge.c bio_attempt_back_merge (req->__data_len += bio->bi_iter.bi_size)',
    'v20 02/12 bio_attempt_copy_offload_merge (__data_len += bi_size)',
    'Apr 2026 copy series: a copy bio\'s source ranges total its destination length (blkdev_copy_sanity_check)',
  ],
  refutes: ['copy-merge-forgets-length'],
  precondition: (t) => t.states.some((s) => Object.values(s.rqs).some((r) => r.op === 'copy')),
  check: (t) =>
    forEachStateOf('MODEL-04', t, (s) => {
      for (const r of Object.values(s.rqs)) {
        if (r.op !== 'copy') continue;
        const sum = r.bios.reduce((n, b) => n + (s.bios[b]?.nr ?? 0), 0);
        if (r.nr !== sum) return `copy request ${r.id} is ${r.nr} sectors long, its ${r.bios.length} bio(s) add up to ${sum}`;
        if (r.half || r.bios.some((b) => s.bios[b]?.token)) continue;
        const src = srcTotal(r.srcs);
        if (src < r.nr) return `copy request ${r.id} is ${r.nr} sectors long, its sources add up to ${src}`;
      }
      return null;
    }),
};

export const MODEL_05: StackProperty = {
  id: 'MODEL-05',
  title: 'Every tag is owned by exactly one request, within the tag set\'s depth',
  statement:
    'At every step, each device has at most as many tags allocated as its tag set is deep (and never fewer than none), each allocated tag belongs to exactly one live request, and each live request sits in exactly one place: once on the plug list, or in exactly one queued device command; no plugged or queued entry names a request that was freed.',
  layers: ['plug', 'blk-mq', 'driver'],
  sources: [
    'block/blk-mq-tag.c blk_mq_get_tag (sleeps or fails when the depth is used up), blk_mq_put_tag',
    'block/blk-mq.c blk_mq_get_new_requests, __blk_mq_free_request (the tag is freed once, with its request)',
  ],
  refutes: ['tag-ignores-depth', 'tag-leak-on-error'],
  precondition: (t) => t.states.some((s) => Object.values(s.tagsUsed).some((n) => n >= s.cfg.tags)),
  check: (t) =>
    forEachStateOf('MODEL-05', t, (s) => {
      for (const [dev, used] of Object.entries(s.tagsUsed)) {
        if (used < 0 || used > s.cfg.tags) return `${dev}: ${used} tags allocated, the tag set holds ${s.cfg.tags}`;
        const live = Object.values(s.rqs).filter((r) => r.dev === dev).length;
        if (used !== live) return `${dev}: ${used} tags allocated for ${live} live request(s)`;
      }
      const where = new Map<number, number>();
      for (const id of [...s.plugList, ...s.sq.flatMap((q) => q.rqs)]) where.set(id, (where.get(id) ?? 0) + 1);
      for (const [id, n] of where) {
        if (!s.rqs[id]) return `request ${id} is plugged or queued but was freed`;
        if (n > 1) return `request ${id} sits in ${n} places (plug list and queued commands)`;
      }
      return null;
    }),
};

export const MODEL_06: StackProperty = {
  id: 'MODEL-06',
  title: 'The plug\'s books match its list',
  statement:
    'At every step the plug list holds only while the task is plugged (blk_finish_plug empties it), each request on it at most once (rq_count is the length of the list); the plug holds requests only from the task (never one a zone write plug\'s kworker resubmitted), and once it holds requests for more than one queue plug->multiple_queues is set (blk_add_rq_to_plug compares each new request\'s queue with the plugged request rq_list_peek returns: the newest in 6.12, the oldest once mq_list became a head/tail rq_list; either way a second queue sets it), which doubles the flush threshold and rules out ->queue_rqs.',
  layers: ['plug', 'blk-mq'],
  sources: [
    'block/blk-mq.c blk_add_rq_to_plug, blk_mq_flush_plug_list (Linux 6.12)',
    'block/blk-core.c blk_start_plug_nr_ios, blk_finish_plug',
    'include/linux/blkdev.h struct blk_plug (rq_count, multiple_queues)',
  ],
  refutes: ['plug-forgets-multiple-queues'],
  precondition: (t) => t.states.some((s) => new Set(s.plugList.map((id) => s.rqs[id]?.dev)).size > 1),
  check: (t) =>
    forEachStateOf('MODEL-06', t, (s) => {
      if (!s.plugged && s.plugList.length) return `the task is not plugged, its plug list holds ${s.plugList.length} request(s)`;
      if (new Set(s.plugList).size !== s.plugList.length) return `the plug list holds a request twice (${s.plugList.join(', ')})`;
      const kw = s.plugList.find((id) => s.rqs[id]?.bios.some((b) => s.bios[b]?.fromWork));
      if (kw !== undefined) return `request ${kw} holds a bio the zone write plug's kworker resubmitted, yet sits on the task's plug`;
      const devs = new Set(s.plugList.map((id) => s.rqs[id]?.dev));
      if (devs.size > 1 && !s.multipleQueues) return `the plug holds requests for ${[...devs].join(' and ')} but multiple_queues is not set`;
      return null;
    }),
};

export const BOOK_PROPERTIES: readonly StackProperty[] = [MODEL_04, MODEL_05, MODEL_06];
