/* scsi-batch: the guest side of `copyspec conformance --device scsi`. Reads a command file (built by
 * conformance/scsi-guest-program.ts) and issues each command with SG_IO on the generic SCSI device
 * (/dev/sgN) of a LIO (tcm_loop) or scsi_debug logical unit, so status and sense are seen for every
 * command. One output line per fact:
 *   @S id step st key asc ascq iv info cs    st = SCSI status (0 GOOD, 2 CHECK CONDITION) or -errno /
 *                                            -1000-host_status when SG_IO failed; key/ASC/ASCQ from
 *                                            the sense (fixed 70h/71h or descriptor 72h/73h); iv = 1 if
 *                                            INFORMATION is valid; cs = COMMAND-SPECIFIC INFORMATION
 *   @D id step h h ...                       a successful READ(16): FNV-1a 64 of each logical block
 *   @Q id step type:cond:start:len:wp ...    a successful REPORT ZONES
 *   @Z id step cond:wp ...                   zoned LUs: every zone after the step (REPORT ZONES)
 *   @P id step k=v ...                       RECEIVE COPY OPERATING PARAMETERS / copy status fields
 *   @E text                                  a harness error (LU not found, …)
 * Write data is pseudo-random (splitmix64 seeded from /dev/urandom): no two written blocks alike.
 * Command file: "LU id target lun[:hosts] blockBytes capacity prefill zones" selects a LU (target LIO
 * with its LUN, or SDEBUG: the lun-th of `hosts` scsi_debug hosts; prefill: write random data to
 * blocks [0, prefill) first, not reported), then
 *   W step lba n | R step lba n | O step | S step listId | T step listId | I step page
 *   X step listId ncscd (self|other):type... nseg type:src:dst:blocks:srcLba:dstLba:dc...
 *   P step listId timeout nr lba:n... | U step listId offset deltkn nr lba:n...
 *   Z step action lba all | Q step lba count          (action: 1 close 2 finish 3 open 4 reset) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <scsi/sg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static uint64_t rng;
static uint64_t splitmix(void) {
  uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
static uint64_t fnv(const uint8_t *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}
static void be(uint8_t *p, uint64_t v, int n) {
  for (int i = n - 1; i >= 0; i--, v >>= 8) p[i] = v & 0xff;
}
static uint64_t rbe(const uint8_t *p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++) v = (v << 8) | p[i];
  return v;
}

#define BUF (4u << 20)
static uint8_t *buf;
static int fd = -1, id, bs, zones;
static uint8_t naa[64];
static int naalen;

typedef struct { int st, key, asc, ascq, iv; uint64_t info, cs; int resid; } res_t;

static res_t sgio(const uint8_t *cdb, int cdblen, int dir, void *data, unsigned len) {
  uint8_t sense[252];
  sg_io_hdr_t h;
  res_t r = {0};
  memset(&h, 0, sizeof h);
  memset(sense, 0, sizeof sense);
  h.interface_id = 'S';
  h.cmd_len = cdblen;
  h.cmdp = (unsigned char *)cdb;
  h.dxfer_direction = len ? dir : SG_DXFER_NONE;
  h.dxferp = data;
  h.dxfer_len = len;
  h.sbp = sense;
  h.mx_sb_len = sizeof sense;
  h.timeout = 20000;
  if (ioctl(fd, SG_IO, &h) < 0) { r.st = -errno; return r; }
  if (h.host_status) { r.st = -1000 - h.host_status; return r; }
  r.st = h.status;
  r.resid = h.resid;
  if (h.sb_len_wr > 0) {
    int rc = sense[0] & 0x7f;
    if (rc == 0x70 || rc == 0x71) {
      r.key = sense[2] & 0xf; r.asc = sense[12]; r.ascq = sense[13];
      r.iv = sense[0] >> 7; r.info = rbe(sense + 3, 4); r.cs = rbe(sense + 8, 4);
    } else if (rc == 0x72 || rc == 0x73) {
      r.key = sense[1] & 0xf; r.asc = sense[2]; r.ascq = sense[3];
      int n = 8 + sense[7];
      for (int o = 8; o + 1 < n && o < (int)sizeof sense;) {
        int t = sense[o], l = sense[o + 1];
        if (t == 0 && l >= 10) { r.iv = sense[o + 2] >> 7; r.info = rbe(sense + o + 4, 8); }
        if (t == 1 && l >= 10) r.cs = rbe(sense + o + 4, 8);
        o += 2 + l;
      }
    }
  }
  return r;
}

static void report(int step, res_t r) {
  printf("@S %d %d %d %d %d %d %d %llu %llu\n", id, step, r.st, r.key, r.asc, r.ascq, r.iv, (unsigned long long)r.info, (unsigned long long)r.cs);
}

static res_t rw(int write, uint64_t lba, unsigned n) {
  uint8_t cdb[16] = {0};
  cdb[0] = write ? 0x8a : 0x88;
  be(cdb + 2, lba, 8);
  be(cdb + 10, n, 4);
  unsigned len = n * (unsigned)bs;
  if (len > BUF) len = BUF; /* the host keeps transfers below BUF */
  if (write) for (unsigned i = 0; i < len; i += 8) { uint64_t v = splitmix(); memcpy(buf + i, &v, 8); }
  return sgio(cdb, 16, write ? SG_DXFER_TO_DEV : SG_DXFER_FROM_DEV, buf, len);
}

/* REPORT ZONES (95h/00h), reporting option 0: up to `max` descriptors from `lba`; returns how many. */
static int report_zones(uint64_t lba, int max, res_t *r) {
  uint8_t cdb[16] = {0};
  unsigned len = 64 + 64 * (unsigned)max;
  cdb[0] = 0x95; cdb[1] = 0x00;
  be(cdb + 2, lba, 8);
  be(cdb + 10, len, 4);
  memset(buf, 0, len);
  *r = sgio(cdb, 16, SG_DXFER_FROM_DEV, buf, len);
  if (r->st != 0) return 0;
  int n = (int)(rbe(buf, 4) / 64);
  return n > max ? max : n;
}

static void zones_after(int step) {
  if (!zones) return;
  res_t r;
  int n = report_zones(0, zones, &r);
  if (r.st != 0) { printf("@Z %d %d error\n", id, step); return; }
  printf("@Z %d %d", id, step);
  for (int i = 0; i < n; i++) {
    uint8_t *d = buf + 64 + 64 * i;
    printf(" %d:%llu", d[1] >> 4, (unsigned long long)rbe(d + 24, 8));
  }
  printf("\n");
}

/* The LU's NAA designator from the Device Identification VPD page (83h), for identification CSCDs. */
static void read_naa(void) {
  uint8_t cdb[6] = {0x12, 1, 0x83, 0, 255, 0};
  naalen = 0;
  memset(buf, 0, 256);
  res_t r = sgio(cdb, 6, SG_DXFER_FROM_DEV, buf, 255);
  if (r.st) return;
  int n = 4 + (int)rbe(buf + 2, 2);
  for (int o = 4; o + 4 <= n && o < 255;) {
    int l = buf[o + 3];
    if ((buf[o + 1] & 0xf) == 3 && (buf[o + 1] & 0x30) == 0 && l <= 32) {
      memcpy(naa, buf + o, 4 + l);
      naalen = 4 + l;
      return;
    }
    o += 4 + l;
  }
}

/* Find /dev/sgN of the LU: target LIO → vendor LIO-ORG and LUN `lun`; SDEBUG → vendor Linux, the
 * lun-th of `hosts` scsi_debug hosts in host number order (one module load serves several LUs). */
static int open_lu(const char *target, int lun, int hosts) {
  int fds[256], host[256], n = 0;
  int sdebug = strcmp(target, "SDEBUG") == 0;
  for (int i = 0; i < 256 && n < 256; i++) {
    char p[32];
    snprintf(p, sizeof p, "/dev/sg%d", i);
    int f = open(p, O_RDWR);
    if (f < 0) continue;
    struct sg_scsi_id sid;
    if (ioctl(f, SG_GET_SCSI_ID, &sid) < 0 || (!sdebug && sid.lun != lun)) { close(f); continue; }
    uint8_t cdb[6] = {0x12, 0, 0, 0, 96, 0}, inq[96] = {0};
    int save = fd;
    fd = f;
    res_t r = sgio(cdb, 6, SG_DXFER_FROM_DEV, inq, 96);
    fd = save;
    int match = r.st == 0 && (sdebug ? !memcmp(inq + 8, "Linux", 5) : !memcmp(inq + 8, "LIO-ORG", 7));
    if (!match) { close(f); continue; }
    if (!sdebug) return f;
    fds[n] = f; host[n] = sid.host_no; n++;
  }
  int pick = -1;
  if (sdebug && n == hosts)
    for (int k = 0; k <= lun; k++) { /* the lun-th smallest host number */
      int best = -1;
      for (int i = 0; i < n; i++)
        if (host[i] >= 0 && (best < 0 || host[i] < host[best])) best = i;
      if (k == lun) pick = best; else host[best] = -1;
    }
  for (int i = 0; i < n; i++) if (i != pick) close(fds[i]);
  return pick < 0 ? -1 : fds[pick];
}

static char *tok(void) { return strtok(NULL, " \n"); }
static uint64_t num(void) { char *t = tok(); return t ? strtoull(t, NULL, 0) : 0; }

/* EXTENDED COPY(LID1) parameter list (SPC-4 §6.4.3): header, identification CSCDs (E4h) naming this
 * LU's NAA designator ("self") or one no LU has ("other"), block → block segments (02h). */
static void xcopy(int step) {
  unsigned list = (unsigned)num(), ncscd = (unsigned)num();
  uint8_t *p = buf;
  memset(p, 0, 4096);
  unsigned o = 16;
  for (unsigned i = 0; i < ncscd; i++) {
    char *t = tok();
    char *c = strchr(t, ':');
    uint8_t *d = p + o;
    d[0] = (uint8_t)strtoul(c + 1, NULL, 0);
    d[1] = 0; /* LU ID type 0, NUL 0, peripheral device type 0 */
    if (naalen >= 20) memcpy(d + 4, naa, 20);
    d[4] = 0x01; d[5] = 0x03; d[6] = 0; d[7] = 16; /* code set binary, LU association, NAA, 16 bytes */
    if (!strncmp(t, "other", 5)) { d[20] ^= 0x5a; d[22] ^= 0xa5; } /* an NAA no LU of this node has */
    d[28] = 0; be(d + 29, (uint64_t)bs, 3); /* device type specific: disk block length */
    o += 32;
  }
  unsigned seglen = 0, nseg = (unsigned)num();
  for (unsigned i = 0; i < nseg; i++) {
    uint64_t f[7];
    char *t = tok();
    for (int k = 0; k < 7; k++) { f[k] = strtoull(t, &t, 0); if (*t == ':') t++; }
    uint8_t *d = p + o + seglen;
    d[0] = (uint8_t)f[0]; d[1] = f[6] ? 0x02 : 0; be(d + 2, 0x18, 2);
    be(d + 4, f[1], 2); be(d + 6, f[2], 2); be(d + 10, f[3], 2); be(d + 12, f[4], 8); be(d + 20, f[5], 8);
    seglen += 28;
  }
  p[0] = (uint8_t)list; p[1] = 0; /* LIST ID USAGE 00b: hold results */
  be(p + 2, o - 16, 2); be(p + 8, seglen, 4); be(p + 12, 0, 4);
  unsigned len = o + seglen;
  uint8_t cdb[16] = {0x83, 0x00};
  be(cdb + 10, len, 4);
  report(step, sgio(cdb, 16, SG_DXFER_TO_DEV, p, len));
}

/* RECEIVE COPY RESULTS / RECEIVE ROD TOKEN INFORMATION (84h) with service action `sa`. */
static void receive(int step, int sa, unsigned list) {
  uint8_t cdb[16] = {0x84, (uint8_t)sa};
  unsigned len = 1024;
  if (sa == 0x07) be(cdb + 2, list, 4); else cdb[2] = (uint8_t)list;
  be(cdb + 10, len, 4);
  memset(buf, 0, len);
  res_t r = sgio(cdb, 16, SG_DXFER_FROM_DEV, buf, len);
  report(step, r);
  if (r.st) return;
  if (sa == 0x03)
    printf("@P %d %d maxCscdDescriptors=%llu maxSegmentDescriptors=%llu maxDescriptorListLength=%llu maxSegmentLength=%llu\n", id, step,
           (unsigned long long)rbe(buf + 8, 2), (unsigned long long)rbe(buf + 10, 2), (unsigned long long)rbe(buf + 12, 4), (unsigned long long)rbe(buf + 16, 4));
  else if (sa == 0x00)
    printf("@P %d %d copyStatus=%d segmentsProcessed=%llu transferCount=%llu\n", id, step, buf[4] & 0x7f, (unsigned long long)rbe(buf + 5, 2), (unsigned long long)rbe(buf + 8, 4));
  else
    printf("@P %d %d copyStatus=%d transferCount=%llu\n", id, step, buf[12] & 0x7f, (unsigned long long)rbe(buf + 16, 8));
}

static unsigned ranges(uint8_t *d) {
  unsigned nr = (unsigned)num();
  for (unsigned i = 0; i < nr; i++) {
    char *t = tok();
    uint64_t lba = strtoull(t, &t, 0);
    uint64_t n = strtoull(t + 1, NULL, 0);
    be(d + 16 * i, lba, 8); be(d + 16 * i + 8, n, 4);
  }
  return nr;
}

/* POPULATE TOKEN (83h/10h, SBC-4 §5.12): IMMED 0, ROD TYPE 0 (the copy manager's choice). */
static void populate(int step) {
  unsigned list = (unsigned)num(), timeout = (unsigned)num();
  memset(buf, 0, 4096);
  be(buf + 4, timeout, 4);
  unsigned nr = ranges(buf + 16);
  be(buf + 14, 16 * nr, 2);
  unsigned len = 16 + 16 * nr;
  be(buf, len - 2, 2);
  uint8_t cdb[16] = {0x83, 0x10};
  be(cdb + 6, list, 4); be(cdb + 10, len, 4);
  report(step, sgio(cdb, 16, SG_DXFER_TO_DEV, buf, len));
}

/* WRITE USING TOKEN (83h/11h, SBC-4 §5.59) with a 512-byte ROD token of zeros: no target here
 * creates tokens, so none can be named (spec/scsi-divergences.md). */
static void wut(int step) {
  unsigned list = (unsigned)num();
  uint64_t off = num();
  int del = (int)num();
  memset(buf, 0, 4096);
  buf[2] = del ? 0x02 : 0;
  be(buf + 8, off, 8);
  unsigned nr = ranges(buf + 16 + 512 + 8);
  be(buf + 16 + 512 + 6, 16 * nr, 2);
  unsigned len = 16 + 512 + 8 + 16 * nr;
  be(buf, len - 2, 2);
  uint8_t cdb[16] = {0x83, 0x11};
  be(cdb + 6, list, 4); be(cdb + 10, len, 4);
  report(step, sgio(cdb, 16, SG_DXFER_TO_DEV, buf, len));
}

static void zone_out(int step) {
  int action = (int)num();
  uint64_t lba = num();
  int all = (int)num();
  uint8_t cdb[16] = {0x94, (uint8_t)action};
  be(cdb + 2, lba, 8);
  cdb[14] = all ? 1 : 0;
  report(step, sgio(cdb, 16, SG_DXFER_NONE, NULL, 0));
}

static void prefill(uint64_t n) {
  unsigned chunk = BUF / (unsigned)bs;
  for (uint64_t l = 0; l < n; l += chunk) {
    unsigned k = (unsigned)(n - l < chunk ? n - l : chunk);
    res_t r = rw(1, l, k);
    if (r.st) printf("@E LU %d: prefill write at %llu failed: %d %d/%x/%x\n", id, (unsigned long long)l, r.st, r.key, r.asc, r.ascq);
  }
}

int main(int argc, char **argv) {
  FILE *in = argc > 1 ? fopen(argv[1], "r") : NULL;
  if (!in) { printf("@E cannot read %s\n", argc > 1 ? argv[1] : "(no file)"); return 1; }
  buf = aligned_alloc(4096, BUF);
  int u = open("/dev/urandom", O_RDONLY);
  if (u < 0 || read(u, &rng, sizeof rng) != sizeof rng) rng = 0x1234567;
  if (u >= 0) close(u);
  char line[65536];
  while (fgets(line, sizeof line, in)) {
    char *op = strtok(line, " \n");
    if (!op) continue;
    if (!strcmp(op, "LU")) {
      id = (int)num();
      char *target = tok();
      int lun = 0, hosts = 1;
      sscanf(tok(), "%d:%d", &lun, &hosts);
      bs = (int)num();
      uint64_t cap = num();
      uint64_t pre = num();
      zones = (int)num();
      if (fd >= 0) close(fd);
      fd = -1;
      for (int tries = 0; fd < 0 && tries < 300; tries++) { /* the scan may still be under way */
        fd = open_lu(target, lun, hosts);
        if (fd < 0) usleep(20000);
      }
      if (fd < 0) { printf("@E LU %d: no %s LU %d\n", id, target, lun); continue; }
      /* A new LU reports unit attentions (power on, LUN inventory changed): clear them. */
      uint8_t tur[6] = {0};
      for (int k = 0; k < 8 && sgio(tur, 6, SG_DXFER_NONE, NULL, 0).st != 0; k++) {}
      /* READ CAPACITY(16): the LU must be what the host asked for. */
      uint8_t rc16[16] = {0x9e, 0x10};
      be(rc16 + 10, 32, 4);
      res_t rc = sgio(rc16, 16, SG_DXFER_FROM_DEV, buf, 32);
      if (rc.st || (int)rbe(buf + 8, 4) != bs || rbe(buf, 8) + 1 != cap)
        printf("@E LU %d: READ CAPACITY says %llu blocks of %llu bytes (status %d), not %llu of %d\n", id, (unsigned long long)rbe(buf, 8) + 1, (unsigned long long)rbe(buf + 8, 4), rc.st, (unsigned long long)cap, bs);
      read_naa();
      prefill(pre);
      continue;
    }
    if (fd < 0) continue;
    int step = (int)num();
    switch (op[0]) {
      case 'W': case 'R': {
        uint64_t lba = num();
        unsigned n = (unsigned)num();
        res_t r = rw(op[0] == 'W', lba, n);
        report(step, r);
        if (op[0] == 'R' && r.st == 0) {
          printf("@D %d %d", id, step);
          for (unsigned b = 0; b < n; b++) printf(" %016llx", (unsigned long long)fnv(buf + (size_t)b * bs, bs));
          printf("\n");
        }
        break;
      }
      case 'X': xcopy(step); break;
      case 'O': receive(step, 0x03, 0); break;
      case 'S': receive(step, 0x00, (unsigned)num()); break;
      case 'T': receive(step, 0x07, (unsigned)num()); break;
      case 'P': populate(step); break;
      case 'U': wut(step); break;
      case 'I': {
        uint8_t cdb[6] = {0x12, 1, (uint8_t)strtoul(tok(), NULL, 16), 0, 255, 0};
        report(step, sgio(cdb, 6, SG_DXFER_FROM_DEV, buf, 255));
        break;
      }
      case 'Z': zone_out(step); break;
      case 'Q': {
        uint64_t lba = num();
        int count = (int)num();
        res_t r;
        int n = report_zones(lba, count, &r);
        report(step, r);
        if (r.st == 0) {
          printf("@Q %d %d", id, step);
          for (int i = 0; i < n; i++) {
            uint8_t *d = buf + 64 + 64 * i;
            printf(" %d:%d:%llu:%llu:%llu", d[0] & 0xf, d[1] >> 4, (unsigned long long)rbe(d + 16, 8), (unsigned long long)rbe(d + 8, 8), (unsigned long long)rbe(d + 24, 8));
          }
          printf("\n");
        }
        break;
      }
      default: printf("@E unknown command %s\n", op); continue;
    }
    zones_after(step);
    fflush(stdout);
  }
  printf("@DONE\n");
  return 0;
}
