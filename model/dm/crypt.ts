// dm-crypt on symbolic content: encryption binds a token to its IV sector; decryption at any other
// sector yields garbage (drivers/md/dm-crypt.c crypt_convert with IV plain64: iv = sector).

import type { Run, Source } from '../content/token.js';
import type { CryptLayer } from '../block/bio.js';

/** Encrypt `runs` written at IV sectors iv, iv+1, … under `key`. */
export const encryptRuns = (runs: readonly Run[], key: string, iv: number): Run[] => {
  const out: Run[] = [];
  let at = 0;
  for (const r of runs) {
    // Sector j of the run holds inner sector r.off + j (constant sources: index j), IV iv + at + j.
    const off = r.src.kind === 'unwritten' ? 0 : r.off;
    out.push({ len: r.len, src: { kind: 'cipher', key, inner: r.src, shift: iv + at - off }, off });
    at += r.len;
  }
  return out;
};

/**
 * Decrypt `runs` read from the lower device at `layer.lowerSector…` for crypt sectors `layer.sector…`.
 * Ciphertext under this key decrypts where its IV matches; the lower device's untouched original
 * content decrypts to the crypt device's original content; anything else is garbage.
 */
export const decryptRuns = (runs: readonly Run[], layer: CryptLayer): Run[] => {
  const out: Run[] = [];
  let at = 0;
  for (const r of runs) {
    const s = r.src;
    const garbage = (): Run => ({ len: r.len, src: { kind: 'garbage', why: `${layer.dev} decrypt` }, off: layer.sector + at });
    let plain: Run;
    if (s.kind === 'cipher') {
      plain = s.key === layer.key && r.off + s.shift === layer.iv + at ? { len: r.len, src: s.inner, off: s.inner.kind === 'unwritten' ? 0 : r.off } : garbage();
    } else if (s.kind === 'orig' && s.dev === layer.lowerDev && r.off === layer.lowerSector + at) {
      plain = { len: r.len, src: { kind: 'orig', dev: layer.dev } as Source, off: layer.sector + at };
    } else if (s.kind === 'unwritten') {
      plain = r; // deallocated blocks stay deallocated (no data to decrypt)
    } else {
      plain = garbage();
    }
    out.push(plain);
    at += r.len;
  }
  return out;
};
