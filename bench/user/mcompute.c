/* mcompute KERNEL...: the freestanding compute set of `make bench`, in the
 * OS (native /mcompute, mirrored /m/mcompute).  Only the CPU and the
 * program's own memory: no system call inside a measured stretch but the
 * memstat/counter reads of bench.h.  Each kernel also prints
 *   BENCH name.check X
 * a checksum of its result, which must be equal native and mirrored.
 *
 *   crc     table-driven CRC-32 over a buffer refilled each round
 *   matmul  48x48 integer matrix multiply, result stored element by element
 *   sort    quicksort (insertion sort for short runs) of 8000 integers, 12x
 *   fsm     a table-driven tokenizer over generated text
 *   search  naive and Horspool substring search over generated text
 *   hash    FNV-1a and an open-addressing hash table of 4096 keys
 *   decode  a JPEG-like block decoder: run-length expand, dequantise,
 *           separable integer 8x8 inverse transform, clamp to bytes */
#include "kernel/types.h"
#include "user/user.h"
#include "bench/user/bench.h"

static uint32 rng = 12345;

static uint32
rnd(void)
{
  rng = rng * 1103515245u + 12345u;
  return rng >> 8;
}

/* ---- crc */
static uint32 crctab[256];
static uint8 cbuf[8192];

static uint64
k_crc(void)
{
  uint32 crc = 0xffffffffu;

  for (uint32 i = 0; i < 256; i++) {
    uint32 c = i;
    for (int k = 0; k < 8; k++)
      c = (c & 1) ? (c >> 1) ^ 0xedb88320u : c >> 1;
    crctab[i] = c;
  }
  for (int r = 0; r < 160; r++) {
    for (int i = 0; i < (int)sizeof cbuf; i++)
      cbuf[i] = (uint8)rnd();
    for (int i = 0; i < (int)sizeof cbuf; i++)
      crc = crctab[(crc ^ cbuf[i]) & 0xff] ^ (crc >> 8);
  }
  return crc ^ 0xffffffffu;
}

/* ---- matmul */
#define MN 48
static int ma[MN][MN], mb[MN][MN], mc[MN][MN];

static uint64
k_matmul(void)
{
  uint64 sum = 0;

  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++) {
      ma[i][j] = (int)(rnd() % 100) - 50;
      mb[i][j] = (int)(rnd() % 100) - 50;
    }
  for (int r = 0; r < 24; r++) {
    for (int i = 0; i < MN; i++)
      for (int j = 0; j < MN; j++) {
        int s = 0;
        for (int k = 0; k < MN; k++)
          s += ma[i][k] * mb[k][j];
        mc[i][j] = s;
      }
    for (int i = 0; i < MN; i++)
      ma[i][(i + r) % MN] = mc[i][i] & 63;
  }
  for (int i = 0; i < MN; i++)
    for (int j = 0; j < MN; j++)
      sum = sum * 31 + (uint32)mc[i][j];
  return sum;
}

/* ---- sort */
#define SN 8000
static int sv[SN];

static void
inssort(int *p, int n)
{
  for (int i = 1; i < n; i++) {
    int x = p[i], j = i;
    while (j > 0 && p[j - 1] > x) {
      p[j] = p[j - 1];
      j--;
    }
    p[j] = x;
  }
}

static void
quick(int *p, int n)
{
  while (n > 16) {
    int piv = p[n / 2], i = 0, j = n - 1;
    while (i <= j) {
      while (p[i] < piv)
        i++;
      while (p[j] > piv)
        j--;
      if (i <= j) {
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
        i++;
        j--;
      }
    }
    if (j + 1 < n - i) {     /* recurse into the smaller part */
      quick(p, j + 1);
      p += i;
      n -= i;
    } else {
      quick(p + i, n - i);
      n = j + 1;
    }
  }
  inssort(p, n);
}

static uint64
k_sort(void)
{
  uint64 sum = 0;

  for (int r = 0; r < 12; r++) {
    for (int i = 0; i < SN; i++)
      sv[i] = (int)(rnd() % 1000000);
    quick(sv, SN);
    for (int i = 1; i < SN; i++)
      if (sv[i - 1] > sv[i])
        return 0;
    for (int i = 0; i < SN; i += 37)
      sum = sum * 131 + sv[i];
  }
  return sum;
}

/* ---- fsm: classes space, letter, digit, punctuation; states count
 * words, numbers and punctuation runs and record token lengths. */
#define TLEN 32768
static char text[TLEN];
static uint8 cls[256];
static uint8 next[4][4] = {
  /* from: 0 blank, 1 word, 2 number, 3 punct; to by class */
  { 0, 1, 2, 3 },
  { 0, 1, 1, 3 },
  { 0, 1, 2, 3 },
  { 0, 1, 2, 3 },
};
static uint32 toklen[64];

static void
gentext(void)
{
  static const char alpha[] = "etaoin shrdlu 0123456789 ,.;:!? cmfwyp";
  for (int i = 0; i < TLEN; i++)
    text[i] = alpha[rnd() % (sizeof alpha - 1)];
}

static uint64
k_fsm(void)
{
  uint32 count[4] = { 0, 0, 0, 0 };
  int state = 0, len = 0;
  uint64 sum = 0;

  for (int c = 0; c < 256; c++)
    cls[c] = (c >= 'a' && c <= 'z') ? 1 : (c >= '0' && c <= '9') ? 2 : c == ' ' ? 0 : 3;
  gentext();
  for (int r = 0; r < 40; r++)
    for (int i = 0; i < TLEN; i++) {
      int ns = next[state][cls[(uint8)text[i]]];
      if (ns != state) {
        count[ns]++;
        toklen[len & 63]++;
        len = 0;
      }
      len++;
      state = ns;
    }
  for (int i = 0; i < 64; i++)
    sum = sum * 7 + toklen[i];
  return sum ^ ((uint64)count[1] << 32) ^ ((uint64)count[2] << 16) ^ count[3];
}

/* ---- search */
static int skip[256];

static int
naive(const char *h, int n, const char *p, int m)
{
  int hits = 0;
  for (int i = 0; i + m <= n; i++) {
    int j = 0;
    while (j < m && h[i + j] == p[j])
      j++;
    hits += j == m;
  }
  return hits;
}

static int
horspool(const char *h, int n, const char *p, int m)
{
  int hits = 0;
  for (int c = 0; c < 256; c++)
    skip[c] = m;
  for (int j = 0; j < m - 1; j++)
    skip[(uint8)p[j]] = m - 1 - j;
  for (int i = 0; i + m <= n; i += skip[(uint8)h[i + m - 1]]) {
    int j = m - 1;
    while (j >= 0 && h[i + j] == p[j])
      j--;
    hits += j < 0;
  }
  return hits;
}

static uint64
k_search(void)
{
  static const char *pats[] = { "eta", "in sh", "0123", "tao", "!? c", "rdlu 01" };
  uint64 sum = 0;

  for (int r = 0; r < 8; r++) {
    gentext();
    for (int k = 0; k < 6; k++) {
      int m = strlen(pats[k]);
      int a = naive(text, TLEN, pats[k], m);
      int b = horspool(text, TLEN, pats[k], m);
      sum = sum * 1000003 + a * 2 + (a != b);
    }
  }
  return sum;
}

/* ---- hash */
#define HSIZE 8192
static uint64 hkeys[HSIZE];
static uint32 hvals[HSIZE];

static uint64
fnv(const uint8 *p, int n)
{
  uint64 h = 1469598103934665603ull;
  for (int i = 0; i < n; i++)
    h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static uint64
k_hash(void)
{
  uint64 sum = 0;

  memset(hkeys, 0, sizeof hkeys);
  memset(hvals, 0, sizeof hvals);
  for (int r = 0; r < 40; r++)
    for (int i = 0; i < 4096; i++) {
      uint64 key = (uint64)((i * 2654435761u) % 6000) + 1, h;
      uint8 kb[8];
      for (int b = 0; b < 8; b++)
        kb[b] = (uint8)(key >> (8 * b));
      h = fnv(kb, 8) & (HSIZE - 1);
      while (hkeys[h] != 0 && hkeys[h] != key)
        h = (h + 1) & (HSIZE - 1);
      hkeys[h] = key;
      hvals[h] += i + r;
    }
  for (int i = 0; i < HSIZE; i++)
    sum = sum * 33 + hvals[i];
  return sum;
}

/* ---- decode */
#define NBLK 96
static short coef[NBLK][64];
static uint8 pix[NBLK][64];
static const uint8 zz[64] = {
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
  12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
  58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
};
/* a 4-point integer butterfly applied twice: cheap, but the same load and
 * store pattern as a row/column inverse transform */
static void
itx8(int *v, int stride)
{
  int a0 = v[0] + v[4 * stride], a1 = v[0] - v[4 * stride];
  int a2 = (v[2 * stride] * 3 + v[6 * stride]) >> 1, a3 = (v[2 * stride] - v[6 * stride] * 3) >> 1;
  int b0 = v[stride] + v[7 * stride], b1 = v[3 * stride] + v[5 * stride];
  int b2 = v[stride] - v[7 * stride], b3 = v[3 * stride] - v[5 * stride];
  v[0] = a0 + a2 + b0;
  v[stride] = a1 + a3 + b2;
  v[2 * stride] = a1 - a3 + b3;
  v[3 * stride] = a0 - a2 + b1;
  v[4 * stride] = a0 - a2 - b1;
  v[5 * stride] = a1 - a3 - b3;
  v[6 * stride] = a1 + a3 - b2;
  v[7 * stride] = a0 + a2 - b0;
}

static uint64
k_decode(void)
{
  uint8 quant[64];
  int blk[64];
  uint64 sum = 0;

  for (int i = 0; i < 64; i++)
    quant[i] = (uint8)(1 + (i >> 2));
  for (int r = 0; r < 60; r++) {
    /* "entropy decode": (run, level) pairs expanded in zig-zag order */
    for (int b = 0; b < NBLK; b++) {
      int k = 0;
      for (int i = 0; i < 64; i++)
        coef[b][i] = 0;
      while (k < 64) {
        int run = rnd() % 6, level = (int)(rnd() % 64) - 32;
        k += run;
        if (k >= 64)
          break;
        coef[b][zz[k]] = (short)level;
        k++;
      }
    }
    for (int b = 0; b < NBLK; b++) {
      for (int i = 0; i < 64; i++)
        blk[i] = coef[b][i] * quant[i];
      for (int i = 0; i < 8; i++)
        itx8(blk + 8 * i, 1);
      for (int i = 0; i < 8; i++)
        itx8(blk + i, 8);
      for (int i = 0; i < 64; i++) {
        int v = (blk[i] >> 3) + 128;
        pix[b][i] = (uint8)(v < 0 ? 0 : v > 255 ? 255 : v);
      }
    }
  }
  for (int b = 0; b < NBLK; b++)
    for (int i = 0; i < 64; i++)
      sum = sum * 3 + pix[b][i];
  return sum;
}

static const struct {
  const char *name;
  uint64 (*run)(void);
} kernels[] = {
  { "crc", k_crc }, { "matmul", k_matmul }, { "sort", k_sort }, { "fsm", k_fsm },
  { "search", k_search }, { "hash", k_hash }, { "decode", k_decode },
};
#define NKERN ((int)(sizeof kernels / sizeof kernels[0]))

int
main(int argc, char *argv[])
{
  for (int a = 1; a < argc; a++) {
    int found = 0;
    for (int i = 0; i < NKERN; i++)
      if (strcmp(argv[a], kernels[i].name) == 0 || strcmp(argv[a], "all") == 0) {
        struct bmark b;
        rng = 12345;
        bm_begin(&b, kernels[i].name);
        uint64 check = kernels[i].run();
        bm_peak(&b);
        bm_end(&b);
        bm_line(kernels[i].name, "check", check);
        found = 1;
      }
    if (!found) {
      printf("mcompute: no kernel %s\n", argv[a]);
      exit(1);
    }
  }
  exit(0);
}
