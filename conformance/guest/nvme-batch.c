/* nvme-batch: the guest side of `copyspec conformance`. Reads a command file (built by
 * conformance/guest-program.ts) and issues each command to QEMU's NVMe controller through the
 * passthrough ioctl (NVME_IOCTL_IO64_CMD on the generic char device /dev/ngXnY), so the raw CQE
 * status and Dword 0/1 are seen for every command, failures included. One output line per fact:
 *   @R id step status dw0 dw1     status = the CQE Status Field without the phase bit (SC 7:0,
 *                                 SCT 10:8, DNR 14), or -errno when the ioctl itself failed
 *   @D id step h h ...            a successful read: FNV-1a 64 of each logical block
 *   @Q id step nzones zs:wp ...   a successful Zone Management Receive (Report Zones)
 *   @Z id step zs:wp ...          zoned namespaces: every zone's state after the step
 * Write data is pseudo-random (splitmix64 from a seed taken from /dev/urandom), so no two written
 * blocks are alike; the host compares which blocks are equal, never their values.
 * Command file: "NS id serial nsid lbaBytes maxTransferBytes zones" opens a namespace, then
 *   W step slba nlb | R step slba nlb | A step zslba nlb | C step sdlba desfmt nr slba:nlb...
 *   Z step action slba all | Q step slba nz      (NVMe encodings: nlb and nr 0's based). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/nvme_ioctl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define MAX_NS 1024
static struct { char serial[64]; unsigned nsid; char path[300]; } found[MAX_NS];
static int nfound;
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

/* Every /dev/ngXnY with its controller's serial and its NSID. */
static void scan(void) {
  nfound = 0;
  DIR *d = opendir("/dev");
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) && nfound < MAX_NS) {
    int c, n;
    if (sscanf(e->d_name, "ng%dn%d", &c, &n) != 2) continue;
    char p[128], s[64] = "";
    snprintf(p, sizeof p, "/sys/class/nvme/nvme%d/serial", c);
    FILE *f = fopen(p, "r");
    if (!f) continue;
    if (!fgets(s, sizeof s, f)) s[0] = 0;
    fclose(f);
    s[strcspn(s, " \n")] = 0;
    snprintf(found[nfound].path, sizeof found[nfound].path, "/dev/%s", e->d_name);
    int fd = open(found[nfound].path, O_RDWR);
    if (fd < 0) continue;
    int id = ioctl(fd, NVME_IOCTL_ID);
    close(fd);
    if (id <= 0) continue;
    snprintf(found[nfound].serial, sizeof found[nfound].serial, "%s", s);
    found[nfound].nsid = (unsigned)id;
    nfound++;
  }
  closedir(d);
}

static const char *locate(const char *serial, unsigned nsid) {
  for (int i = 0; i < nfound; i++)
    if (found[i].nsid == nsid && !strcmp(found[i].serial, serial)) return found[i].path;
  return NULL;
}

static int fd = -1;
static unsigned cur_nsid, lba_bytes, zones;
static uint64_t max_xfer;
static int cur_id;
static uint8_t *buf;
static size_t bufsz;

static uint8_t *buffer(size_t n) {
  if (n > bufsz) { free(buf); buf = malloc(n); bufsz = buf ? n : 0; }
  if (buf) memset(buf, 0, n);
  return buf;
}

static int submit(struct nvme_passthru_cmd64 *c, uint64_t *result) {
  c->nsid = cur_nsid;
  int r = ioctl(fd, NVME_IOCTL_IO64_CMD, c);
  if (r < 0) r = -errno;
  *result = c->result;
  return r;
}

static void report(int step, int r, uint64_t res) {
  printf("@R %d %d %d %u %u\n", cur_id, step, r, (unsigned)(res & 0xffffffffu), (unsigned)(res >> 32));
}

/* Report Zones (Zone Management Receive 7Ah, ZRA 0h, all states, partial report off): ZNS 1.1 §3.4.2. */
static int report_zones(uint64_t slba, unsigned nz, uint64_t *nzones, uint8_t **desc) {
  size_t len = 64 + 64 * (size_t)nz;
  uint8_t *b = buffer(len);
  struct nvme_passthru_cmd64 c = {0};
  c.opcode = 0x7a; c.addr = (uint64_t)(uintptr_t)b; c.data_len = (uint32_t)len;
  c.cdw10 = (uint32_t)slba; c.cdw11 = (uint32_t)(slba >> 32);
  c.cdw12 = (uint32_t)(len / 4 - 1);
  uint64_t res;
  int r = submit(&c, &res);
  memcpy(nzones, b, 8);
  *desc = b + 64;
  return r;
}

static void zone_states(int step) {
  if (!zones) return;
  uint64_t nz; uint8_t *d;
  int r = report_zones(0, zones, &nz, &d);
  if (r) { printf("@Z %d %d error %d\n", cur_id, step, r); return; }
  printf("@Z %d %d", cur_id, step);
  for (unsigned i = 0; i < zones; i++) {
    uint64_t wp; memcpy(&wp, d + 64 * i + 24, 8);
    printf(" %u:%llu", d[64 * i + 1] >> 4, (unsigned long long)wp);
  }
  printf("\n");
}

static void rw(int step, uint8_t op, uint64_t slba, unsigned nlb) {
  size_t len = (size_t)(nlb + 1) * lba_bytes;
  /* Above MDTS the kernel would refuse the buffer; QEMU checks MDTS from NLB before any DMA
   * (nvme_read, nvme_do_write: nvme_check_mdts first), so a shorter buffer is never touched. */
  if (len > max_xfer) len = max_xfer;
  uint8_t *b = buffer(len);
  if (op != 0x02) for (size_t i = 0; i + 8 <= len; i += 8) { uint64_t v = splitmix(); memcpy(b + i, &v, 8); }
  struct nvme_passthru_cmd64 c = {0};
  c.opcode = op; c.addr = (uint64_t)(uintptr_t)b; c.data_len = (uint32_t)len;
  c.cdw10 = (uint32_t)slba; c.cdw11 = (uint32_t)(slba >> 32); c.cdw12 = nlb & 0xffff;
  uint64_t res;
  int r = submit(&c, &res);
  report(step, r, res);
  if (op == 0x02 && r == 0) {
    printf("@D %d %d", cur_id, step);
    for (size_t i = 0; i + lba_bytes <= len; i += lba_bytes) printf(" %016llx", (unsigned long long)fnv(b + i, lba_bytes));
    printf("\n");
  }
}

/* Copy (19h), NVMCS 1.0 §3.2.2: format 0h entries are 32 bytes, 1h 40 bytes; SLBA at bytes 15:8,
 * NLB at 17:16 in both. Entries past those listed stay zero (the host left them unfilled). */
static void copy(int step, uint64_t sdlba, unsigned desfmt, unsigned nr, char **ranges, int nranges) {
  size_t es = desfmt == 1 ? 40 : 32, len = es * (nr + 1);
  uint8_t *b = buffer(len);
  for (int i = 0; i < nranges && (unsigned)i <= nr; i++) {
    unsigned long long s; unsigned n;
    if (sscanf(ranges[i], "%llu:%u", &s, &n) != 2) { printf("@E bad range %s\n", ranges[i]); return; }
    uint16_t n16 = (uint16_t)n;
    memcpy(b + es * i + 8, &s, 8);
    memcpy(b + es * i + 16, &n16, 2);
  }
  struct nvme_passthru_cmd64 c = {0};
  c.opcode = 0x19; c.addr = (uint64_t)(uintptr_t)b; c.data_len = (uint32_t)len;
  c.cdw10 = (uint32_t)sdlba; c.cdw11 = (uint32_t)(sdlba >> 32);
  c.cdw12 = (nr & 0xff) | ((desfmt & 0xf) << 8);
  uint64_t res;
  int r = submit(&c, &res);
  report(step, r, res);
}

/* Zone Management Send (79h): ZSA Close 1h, Finish 2h, Open 3h, Reset 4h; Select All CDW13 bit 8. */
static void zone_send(int step, unsigned action, uint64_t slba, unsigned all) {
  struct nvme_passthru_cmd64 c = {0};
  c.opcode = 0x79; c.cdw10 = (uint32_t)slba; c.cdw11 = (uint32_t)(slba >> 32);
  c.cdw13 = (action & 0xff) | (all ? 1u << 8 : 0);
  uint64_t res;
  int r = submit(&c, &res);
  report(step, r, res);
}

static void zone_recv(int step, uint64_t slba, unsigned nz) {
  uint64_t n; uint8_t *d;
  int r = report_zones(slba, nz, &n, &d);
  report(step, r, 0);
  if (r) return;
  printf("@Q %d %d %llu", cur_id, step, (unsigned long long)n);
  unsigned shown = n < nz ? (unsigned)n : nz;
  for (unsigned i = 0; i < shown; i++) {
    uint64_t zcap, zslba, wp;
    memcpy(&zcap, d + 64 * i + 8, 8); memcpy(&zslba, d + 64 * i + 16, 8); memcpy(&wp, d + 64 * i + 24, 8);
    printf(" %u:%llu:%llu:%llu", d[64 * i + 1] >> 4, (unsigned long long)zcap, (unsigned long long)zslba, (unsigned long long)wp);
  }
  printf("\n");
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: nvme-batch COMMANDS NAMESPACES\n"); return 2; }
  int fu = open("/dev/urandom", O_RDONLY);
  if (fu < 0 || read(fu, &rng, sizeof rng) != sizeof rng) rng = (uint64_t)time(NULL);
  if (fu >= 0) close(fu);
  int want = atoi(argv[2]);
  for (int t = 0; t < 1200; t++) { scan(); if (nfound >= want) break; usleep(100000); }
  printf("@N %d\n", nfound);
  FILE *f = fopen(argv[1], "r");
  if (!f) { printf("@E cannot open %s\n", argv[1]); return 2; }
  static char line[65536];
  while (fgets(line, sizeof line, f)) {
    char *tok[300]; int nt = 0;
    for (char *p = strtok(line, " \n"); p && nt < 300; p = strtok(NULL, " \n")) tok[nt++] = p;
    if (!nt) continue;
    if (!strcmp(tok[0], "NS") && nt == 7) {
      if (fd >= 0) close(fd);
      cur_id = atoi(tok[1]); cur_nsid = (unsigned)atoi(tok[3]); lba_bytes = (unsigned)atoi(tok[4]);
      max_xfer = strtoull(tok[5], 0, 10); zones = (unsigned)atoi(tok[6]);
      const char *p = locate(tok[2], cur_nsid);
      fd = p ? open(p, O_RDWR) : -1;
      if (fd < 0) printf("@E %d namespace %s/%u not found\n", cur_id, tok[2], cur_nsid);
      continue;
    }
    if (fd < 0 || nt < 2) continue;
    int step = atoi(tok[1]);
    char op = tok[0][0];
    if ((op == 'W' || op == 'R' || op == 'A') && nt == 4)
      rw(step, op == 'W' ? 0x01 : op == 'R' ? 0x02 : 0x7d, strtoull(tok[2], 0, 10), (unsigned)atoi(tok[3]));
    else if (op == 'C' && nt >= 5)
      copy(step, strtoull(tok[2], 0, 10), (unsigned)atoi(tok[3]), (unsigned)atoi(tok[4]), tok + 5, nt - 5);
    else if (op == 'Z' && nt == 5)
      zone_send(step, (unsigned)atoi(tok[2]), strtoull(tok[3], 0, 10), (unsigned)atoi(tok[4]));
    else if (op == 'Q' && nt == 4)
      zone_recv(step, strtoull(tok[2], 0, 10), (unsigned)atoi(tok[3]));
    else { printf("@E bad command %s\n", tok[0]); continue; }
    zone_states(step);
    fflush(stdout);
  }
  printf("@DONE\n");
  fflush(stdout);
  return 0;
}
