#include "pngenc.h"
#include "arena.h"
#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- deflate (RFC 1951) ----
 *
 * Matches are looked for at two distances only, one pixel (3 bytes) back
 * and one row up, greedily the longer; a row equal to the row above is
 * copied without looking.  The tokens of each stretch are then written as
 * one block with Huffman codes made for it (dynamic codes, 3.2.7). */

#define MIN_MATCH 3
#define MAX_MATCH 258
#define BLOCK_TOKENS 32768
#define LITLEN_CODES 286
#define DIST_CODES 30
#define MAX_BITS 15

static const int len_base[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
				  35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const int len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
				   3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const int dist_base[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
				   257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
				   8193, 12289, 16385, 24577 };
static const int dist_extra[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
				    7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };
/* the order code length code lengths are sent in */
static const unsigned char clen_order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };

/* A match length's symbol (257-285) and extra bits, or a distance's */
struct sym {
	uint16_t sym;
	uint8_t nx;
	uint16_t x;
};

static struct sym len_sym[MAX_MATCH + 1];

static void init_tables(void)
{
	static int done;
	int s, l;

	if (done)
		return;
	for (s = 0; s < 29; s++) {
		int top = s == 28 ? MAX_MATCH : s == 27 ? MAX_MATCH - 1 : len_base[s + 1] - 1;
		for (l = len_base[s]; l <= top; l++) {
			len_sym[l].sym = (uint16_t)(257 + s);
			len_sym[l].nx = (uint8_t)len_extra[s];
			len_sym[l].x = (uint16_t)(l - len_base[s]);
		}
	}
	done = 1;
}

static struct sym dist_sym(int d)
{
	struct sym r;
	int s = 29;
	while (dist_base[s] > d)
		s--;
	r.sym = (uint16_t)s;
	r.nx = (uint8_t)dist_extra[s];
	r.x = (uint16_t)(d - dist_base[s]);
	return r;
}

/* The bit writer: codes go in from the low end of each byte. */
struct bits {
	struct buf *out;
	uint64_t acc;
	int n;
};

/* len <= 32 */
static void put(struct bits *b, uint32_t v, int len)
{
	b->acc |= (uint64_t)v << b->n;
	b->n += len;
	if (b->n >= 32) {
		unsigned char w[4];
		w[0] = (unsigned char)b->acc;
		w[1] = (unsigned char)(b->acc >> 8);
		w[2] = (unsigned char)(b->acc >> 16);
		w[3] = (unsigned char)(b->acc >> 24);
		buf_add(b->out, (const char *)w, 4);
		b->acc >>= 32;
		b->n -= 32;
	}
}

static void flush_bits(struct bits *b)
{
	while (b->n > 0) {
		char c = (char)(unsigned char)b->acc;
		buf_add(b->out, &c, 1);
		b->acc >>= 8;
		b->n -= 8;
	}
	b->n = 0;
	b->acc = 0;
}

/* ---- Huffman codes ---- */

struct freq {
	uint32_t key;		/* the frequency, then (in place) the code length */
	uint16_t sym;
};

static int freq_cmp(const void *x, const void *y)
{
	const struct freq *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->sym - b->sym;
}

/* Code lengths of a Huffman code for the n >= 2 frequencies in A, sorted
 * ascending, computed in place (Moffat and Katajainen, "In-place
 * calculation of minimum-redundancy codes", 1995, as in miniz). */
static void min_redundancy(struct freq *A, int n)
{
	int root, leaf, next, avbl, used, dpth;

	A[0].key += A[1].key;
	root = 0;
	leaf = 2;
	for (next = 1; next < n - 1; next++) {
		if (leaf >= n || A[root].key < A[leaf].key) {
			A[next].key = A[root].key;
			A[root++].key = (uint32_t)next;
		} else {
			A[next].key = A[leaf++].key;
		}
		if (leaf >= n || (root < next && A[root].key < A[leaf].key)) {
			A[next].key += A[root].key;
			A[root++].key = (uint32_t)next;
		} else {
			A[next].key += A[leaf++].key;
		}
	}
	A[n - 2].key = 0;
	for (next = n - 3; next >= 0; next--)
		A[next].key = A[A[next].key].key + 1;
	avbl = 1;
	used = dpth = 0;
	root = n - 2;
	next = n - 1;
	while (avbl > 0) {
		while (root >= 0 && (int)A[root].key == dpth) {
			used++;
			root--;
		}
		while (avbl > used) {
			A[next--].key = (uint32_t)dpth;
			avbl--;
		}
		avbl = 2 * used;
		dpth++;
		used = 0;
	}
}

/* Code lengths (at most maxlen) for freq[0..n), 0 for unused symbols, and
 * the codes to write, bit-reversed.  At least two symbols must be used, so
 * that the code is complete, as inflate wants. */
static void huffman(const uint32_t *freq, int n, int maxlen, uint8_t *len, uint16_t *code)
{
	struct freq A[LITLEN_CODES];
	int count[33] = { 0 }, m = 0, i, j, k;
	uint32_t total = 0;
	uint32_t next[MAX_BITS + 2];

	for (i = 0; i < n; i++) {
		len[i] = 0;
		if (freq[i]) {
			A[m].key = freq[i];
			A[m++].sym = (uint16_t)i;
		}
	}
	qsort(A, (size_t)m, sizeof(*A), freq_cmp);
	min_redundancy(A, m);
	for (i = 0; i < m; i++)
		count[A[i].key > 32 ? 32 : A[i].key]++;
	/* no code longer than maxlen: fold the longer ones in, then make the
	 * lengths fit again (as miniz does) */
	for (i = maxlen + 1; i <= 32; i++) {
		count[maxlen] += count[i];
		count[i] = 0;
	}
	for (i = maxlen; i > 0; i--)
		total += (uint32_t)count[i] << (maxlen - i);
	while (total != 1u << maxlen) {
		count[maxlen]--;
		for (i = maxlen - 1; i > 0; i--)
			if (count[i]) {
				count[i]--;
				count[i + 1] += 2;
				break;
			}
		total--;
	}
	/* the most frequent symbols get the shortest codes */
	for (i = 1, j = m; i <= maxlen; i++)
		for (k = count[i]; k > 0; k--)
			len[A[--j].sym] = (uint8_t)i;
	/* canonical codes (3.2.2), bit-reversed for the writer */
	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++)
		count[len[i]]++;
	count[0] = 0;
	next[1] = 0;
	for (i = 2; i <= maxlen; i++)
		next[i] = (next[i - 1] + (uint32_t)count[i - 1]) << 1;
	for (i = 0; i < n; i++) {
		uint32_t c = 0, v;
		code[i] = 0;
		if (!len[i])
			continue;
		v = next[len[i]]++;
		for (k = 0; k < len[i]; k++)
			c |= ((v >> k) & 1u) << (len[i] - 1 - k);
		code[i] = (uint16_t)c;
	}
}

/* ---- tokens and blocks ---- */

/* A token: a literal byte (< 256), or a match, MATCH_UP or MATCH_NEAR with
 * its length */
#define MATCH_NEAR 0x10000u
#define MATCH_UP 0x20000u

struct deflater {
	struct bits b;
	uint32_t *tok;
	size_t n_tok;
	struct sym near, up;	/* the two distances */
};

/* Make at least two of freq[0..n) non-zero (adding symbols never used). */
static void two_used(uint32_t *freq, int n)
{
	int i, used = 0;
	for (i = 0; i < n; i++)
		used += freq[i] > 0;
	for (i = 0; used < 2 && i < n; i++)
		if (!freq[i]) {
			freq[i] = 1;
			used++;
		}
}

/* The tokens so far as one block with its own codes. */
static void block(struct deflater *d, int final)
{
	uint32_t lf[LITLEN_CODES] = { 0 }, df[DIST_CODES] = { 0 }, cf[19] = { 0 };
	uint8_t ll[LITLEN_CODES + DIST_CODES], dl[DIST_CODES], cl[19];
	uint16_t lc[LITLEN_CODES], dc[DIST_CODES], cc[19];
	uint8_t rle[LITLEN_CODES + DIST_CODES], rle_x[LITLEN_CODES + DIST_CODES];
	int hlit, hdist, hclen, n_rle = 0, i;
	size_t t;

	for (t = 0; t < d->n_tok; t++) {
		uint32_t v = d->tok[t];
		if (v < 256) {
			lf[v]++;
		} else {
			lf[len_sym[v & 0xFFFFu].sym]++;
			df[(v & MATCH_UP ? d->up : d->near).sym]++;
		}
	}
	lf[256] = 1;	/* end of block */
	two_used(lf, LITLEN_CODES);
	two_used(df, DIST_CODES);
	huffman(lf, LITLEN_CODES, MAX_BITS, ll, lc);
	huffman(df, DIST_CODES, MAX_BITS, dl, dc);
	for (hlit = LITLEN_CODES; hlit > 257 && !ll[hlit - 1]; hlit--)
		;
	for (hdist = DIST_CODES; hdist > 1 && !dl[hdist - 1]; hdist--)
		;
	/* both sets of lengths in a row, run-length coded (3.2.7) */
	memcpy(ll + hlit, dl, (size_t)hdist);
	for (i = 0; i < hlit + hdist;) {
		int v = ll[i], run = 1;
		while (i + run < hlit + hdist && ll[i + run] == v)
			run++;
		if (v == 0 && run >= 11) {
			run = run > 138 ? 138 : run;
			rle[n_rle] = 18;
			rle_x[n_rle++] = (uint8_t)(run - 11);
		} else if (v == 0 && run >= 3) {
			rle[n_rle] = 17;
			rle_x[n_rle++] = (uint8_t)(run - 3);
		} else if (v != 0 && run >= 4) {
			/* the length once, then 16: it again 3 to 6 times */
			run = run > 7 ? 7 : run;
			rle[n_rle] = (uint8_t)v;
			rle_x[n_rle++] = 0;
			rle[n_rle] = 16;
			rle_x[n_rle++] = (uint8_t)(run - 4);
		} else {
			run = 1;
			rle[n_rle] = (uint8_t)v;
			rle_x[n_rle++] = 0;
		}
		i += run;
	}
	for (i = 0; i < n_rle; i++)
		cf[rle[i]]++;
	two_used(cf, 19);
	huffman(cf, 19, 7, cl, cc);
	for (hclen = 19; hclen > 4 && !cl[clen_order[hclen - 1]]; hclen--)
		;

	put(&d->b, final ? 1 : 0, 1);
	put(&d->b, 2, 2);		/* dynamic Huffman codes */
	put(&d->b, (uint32_t)(hlit - 257), 5);
	put(&d->b, (uint32_t)(hdist - 1), 5);
	put(&d->b, (uint32_t)(hclen - 4), 4);
	for (i = 0; i < hclen; i++)
		put(&d->b, cl[clen_order[i]], 3);
	for (i = 0; i < n_rle; i++) {
		put(&d->b, cc[rle[i]], cl[rle[i]]);
		if (rle[i] >= 16)
			put(&d->b, rle_x[i], rle[i] == 16 ? 2 : rle[i] == 17 ? 3 : 7);
	}
	for (t = 0; t < d->n_tok; t++) {
		uint32_t v = d->tok[t];
		if (v < 256) {
			put(&d->b, lc[v], ll[v]);
		} else {
			const struct sym *l = &len_sym[v & 0xFFFFu];
			const struct sym *ds = v & MATCH_UP ? &d->up : &d->near;
			put(&d->b, lc[l->sym] | (uint32_t)l->x << ll[l->sym], ll[l->sym] + l->nx);
			put(&d->b, dc[ds->sym] | (uint32_t)ds->x << dl[ds->sym], dl[ds->sym] + ds->nx);
		}
	}
	put(&d->b, lc[256], ll[256]);
	d->n_tok = 0;
}

static void token(struct deflater *d, uint32_t v)
{
	if (d->n_tok == BLOCK_TOKENS)
		block(d, 0);
	d->tok[d->n_tok++] = v;
}

/* How many bytes from a equal those from b, at most max. */
static size_t match(const unsigned char *a, const unsigned char *b, size_t max)
{
	size_t k = 0;
	while (k + 8 <= max) {
		uint64_t x, y;
		memcpy(&x, a + k, 8);
		memcpy(&y, b + k, 8);
		if (x != y)
			break;
		k += 8;
	}
	while (k < max && a[k] == b[k])
		k++;
	return k;
}

/* n bytes that repeat those one row up, as matches of at most 258
 * (n >= 3). */
static void copy_up(struct deflater *d, size_t n)
{
	while (n > 0) {
		size_t l = n > MAX_MATCH ? MAX_MATCH : n;
		if (n > MAX_MATCH && n - MAX_MATCH < MIN_MATCH)
			l = n - MIN_MATCH;	/* leave a last match long enough */
		token(d, MATCH_UP | (uint32_t)l);
		n -= l;
	}
}

/* One row: row[0..n), with the row before it at row - n (or none when
 * first); matches go one pixel back or one row up, greedily the longer,
 * and end with the row. */
static void deflate_row(struct deflater *d, const unsigned char *row, size_t n, int first)
{
	size_t i = 0;

	while (i < n) {
		size_t max = n - i < MAX_MATCH ? n - i : MAX_MATCH, lu = 0, ln = 0;
		if (!first)
			lu = match(row + i, row + i - n, max);
		if (lu < max && (!first || i >= 3))
			ln = match(row + i, row + i - 3, max);
		if (lu >= MIN_MATCH && lu >= ln) {
			token(d, MATCH_UP | (uint32_t)lu);
			i += lu;
		} else if (ln >= MIN_MATCH) {
			token(d, MATCH_NEAR | (uint32_t)ln);
			i += ln;
		} else {
			token(d, row[i]);
			i++;
		}
	}
}

/* ---- Adler-32 (RFC 1950) ---- */

#define ADLER_BASE 65521u
#define LANES 16
#define MAX_BLOCKS 256	/* keeps every lane's sums within 32 bits */

/* Adler-32 of p[0..n) continuing from adler; the same as zlib's adler32(),
 * but summing sixteen lanes at a time, which compilers turn into vector
 * code: four times faster here.  For a run of blocks, with a[i] the sum of
 * lane i and c[i] the sum of a[i] before each block, the run adds
 * sum(a) to s1 and n * s1 + 16 * sum(c + a) - sum(i * a[i]) to s2. */
static uint32_t adler(uint32_t adler, const unsigned char *p, size_t n)
{
	uint64_t s1 = adler & 0xFFFFu, s2 = adler >> 16;

	while (n >= LANES) {
		size_t blocks = n / LANES, t;
		uint32_t a[LANES] = { 0 }, c[LANES] = { 0 };
		uint64_t sa = 0, sc = 0, ia = 0;
		int i;

		if (blocks > MAX_BLOCKS)
			blocks = MAX_BLOCKS;
		for (t = 0; t < blocks; t++, p += LANES)
			for (i = 0; i < LANES; i++) {
				c[i] += a[i];
				a[i] += p[i];
			}
		for (i = 0; i < LANES; i++) {
			sa += a[i];
			sc += c[i];
			ia += (uint64_t)i * a[i];
		}
		s2 = (s2 + (uint64_t)(blocks * LANES) * s1 + LANES * (sc + sa) - ia) % ADLER_BASE;
		s1 = (s1 + sa) % ADLER_BASE;
		n -= blocks * LANES;
	}
	while (n--) {
		s1 += *p++;
		s2 += s1;
	}
	return (uint32_t)((s2 % ADLER_BASE) << 16 | (s1 % ADLER_BASE));
}

/* ---- PNG ---- */

/* One row of Cairo pixels as RGB bytes at out (which has a byte to spare
 * after the row): on a little-endian machine one four-byte store a pixel,
 * each overwriting the spare byte of the one before. */
static void to_rgb(const uint32_t *p, int w, unsigned char *out)
{
	static const uint32_t one = 1;
	int x;

	if (*(const unsigned char *)&one) {
		for (x = 0; x < w; x++) {
			uint32_t v = p[x];
			uint32_t rgb = (v >> 16 & 0xFFu) | (v & 0xFF00u) | (v & 0xFFu) << 16;
			memcpy(out + 3 * x, &rgb, 4);
		}
		return;
	}
	for (x = 0; x < w; x++) {
		out[3 * x] = (unsigned char)(p[x] >> 16);
		out[3 * x + 1] = (unsigned char)(p[x] >> 8);
		out[3 * x + 2] = (unsigned char)p[x];
	}
}

/* Do two rows of w pixels have the same colours (the unused byte aside)? */
static int rgb_same(const uint32_t *a, const uint32_t *b, int w)
{
	int x;
	if (!memcmp(a, b, (size_t)w * 4))
		return 1;
	for (x = 0; x < w; x++)
		if ((a[x] ^ b[x]) & 0xFFFFFFu)
			return 0;
	return 1;
}

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A chunk: length, type, data, CRC of type and data. */
static void chunk(struct buf *out, const char *type, const unsigned char *data, size_t len)
{
	unsigned char word[4];
	uLong crc = crc32(0L, (const Bytef *)type, 4);

	be32(word, (uint32_t)len);
	buf_add(out, (const char *)word, 4);
	buf_add(out, type, 4);
	if (len) {
		buf_add(out, (const char *)data, len);
		crc = crc32(crc, data, (uInt)len);
	}
	be32(word, (uint32_t)crc);
	buf_add(out, (const char *)word, 4);
}

int png_encode_rgb24(const unsigned char *px, int w, int h, int stride, struct buf *out)
{
	static const unsigned char signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	unsigned char ihdr[13], word[4], *win, *prev, *cur;
	size_t row;
	int y;
	uint32_t sum = 1;
	struct buf z;
	struct deflater d;

	if (w < 1 || h < 1 || w > 10000 || h > 20000)
		return -1;
	init_tables();
	row = 1 + 3 * (size_t)w;	/* a filter byte, then RGB */
	/* the row before and this one, side by side, so that matches reach
	 * back into the row before; a byte to spare for to_rgb */
	win = xmalloc(2 * row + 1);
	prev = win;
	cur = win + row;
	buf_init(&z);
	buf_add(&z, "\x78\x01", 2);	/* deflate, 32 KiB window, fastest */
	d.b.out = &z;
	d.b.acc = 0;
	d.b.n = 0;
	d.tok = xmalloc(BLOCK_TOKENS * sizeof(*d.tok));
	d.n_tok = 0;
	d.near = dist_sym(3);
	d.up = dist_sym((int)row);
	for (y = 0; y < h; y++) {
		const uint32_t *p = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
		if (y > 0 && rgb_same(p, (const uint32_t *)(const void *)(px + (size_t)(y - 1) * (size_t)stride), w)) {
			/* the same as the row above: common in charts */
			copy_up(&d, row);
			sum = adler(sum, prev, row);
		} else {
			cur[0] = 0;	/* filter: none */
			to_rgb(p, w, cur + 1);
			sum = adler(sum, cur, row);
			deflate_row(&d, cur, row, y == 0);
			memcpy(prev, cur, row);
		}
	}
	block(&d, 1);
	flush_bits(&d.b);
	be32(word, sum);
	buf_add(&z, (const char *)word, 4);
	free(d.tok);
	free(win);

	be32(ihdr, (uint32_t)w);
	be32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;	/* bits per sample */
	ihdr[9] = 2;	/* RGB */
	ihdr[10] = 0;	/* deflate */
	ihdr[11] = 0;	/* adaptive filtering, type 0 used throughout */
	ihdr[12] = 0;	/* no interlace */
	buf_add(out, (const char *)signature, sizeof(signature));
	chunk(out, "IHDR", ihdr, sizeof(ihdr));
	chunk(out, "IDAT", (const unsigned char *)z.s, z.len);
	chunk(out, "IEND", NULL, 0);
	buf_release(&z);
	return 0;
}
