#include "pngenc.h"
#include "arena.h"
#include "buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- deflate with fixed Huffman codes (RFC 1951, 3.2.6) ---- */

#define MIN_MATCH 3
#define MAX_MATCH 258

/* A code as written: the Huffman code bit-reversed (deflate packs codes
 * from their first bit, into the low end of each byte) with any extra bits
 * above it. */
struct code {
	uint32_t bits;
	int len;
};

static struct code lit_code[256], len_code[MAX_MATCH + 1], end_code;

static uint32_t reverse(uint32_t v, int len)
{
	uint32_t r = 0;
	int i;
	for (i = 0; i < len; i++)
		r |= ((v >> i) & 1u) << (len - 1 - i);
	return r;
}

/* The fixed literal/length code of symbol s (0-287). */
static struct code fixed(int s)
{
	struct code c;
	if (s < 144) {
		c.bits = reverse(0x30u + (uint32_t)s, 8);
		c.len = 8;
	} else if (s < 256) {
		c.bits = reverse(0x190u + (uint32_t)(s - 144), 9);
		c.len = 9;
	} else if (s < 280) {
		c.bits = reverse((uint32_t)(s - 256), 7);
		c.len = 7;
	} else {
		c.bits = reverse(0xC0u + (uint32_t)(s - 280), 8);
		c.len = 8;
	}
	return c;
}

static const int len_base[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
				  35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const int len_extra[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
				   3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const int dist_base[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
				   257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
				   8193, 12289, 16385, 24577 };
static const int dist_extra[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
				    7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

static void init_tables(void)
{
	static int done;
	int s, l;

	if (done)
		return;
	for (s = 0; s < 256; s++)
		lit_code[s] = fixed(s);
	end_code = fixed(256);
	for (s = 0; s < 29; s++) {
		int top = s == 28 ? MAX_MATCH : s == 27 ? MAX_MATCH - 1 : len_base[s + 1] - 1;
		for (l = len_base[s]; l <= top; l++) {
			struct code c = fixed(257 + s);
			len_code[l].bits = c.bits | (uint32_t)(l - len_base[s]) << c.len;
			len_code[l].len = c.len + len_extra[s];
		}
	}
	done = 1;
}

/* The fixed distance code of distance d (1-32768), with its extra bits. */
static struct code dist_code(int d)
{
	struct code c;
	int s = 29;
	while (dist_base[s] > d)
		s--;
	c.bits = reverse((uint32_t)s, 5) | (uint32_t)(d - dist_base[s]) << 5;
	c.len = 5 + dist_extra[s];
	return c;
}

/* The bit writer: codes go in from the low end of each byte. */
struct bits {
	struct buf *out;
	uint64_t acc;
	int n;
};

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

/* n bytes that repeat those at distance dist, as matches of at most 258
 * (n >= 3). */
static void put_copy(struct bits *b, size_t n, struct code dist)
{
	while (n > 0) {
		size_t l = n > MAX_MATCH ? MAX_MATCH : n;
		if (n > MAX_MATCH && n - MAX_MATCH < MIN_MATCH)
			l = n - MIN_MATCH;	/* leave a last match long enough */
		put(b, len_code[l].bits, len_code[l].len);
		put(b, dist.bits, dist.len);
		n -= l;
	}
}

/* One row: row[0..n), with the row before it at row - n (or none when
 * first); matches go one pixel back or one row up, greedily the longer,
 * and end with the row. */
static void deflate_row(struct bits *b, const unsigned char *row, size_t n, int first, struct code near,
			struct code up)
{
	size_t i = 0;

	while (i < n) {
		size_t max = n - i < MAX_MATCH ? n - i : MAX_MATCH, lu = 0, ln = 0;
		if (!first)
			lu = match(row + i, row + i - n, max);
		if (lu < max && (!first || i >= 3))
			ln = match(row + i, row + i - 3, max);
		if (lu >= MIN_MATCH && lu >= ln) {
			put(b, len_code[lu].bits, len_code[lu].len);
			put(b, up.bits, up.len);
			i += lu;
		} else if (ln >= MIN_MATCH) {
			put(b, len_code[ln].bits, len_code[ln].len);
			put(b, near.bits, near.len);
			i += ln;
		} else {
			put(b, lit_code[row[i]].bits, lit_code[row[i]].len);
			i++;
		}
	}
}

/* ---- PNG ---- */

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
	int x, y;
	uLong adler = 1, row_adler = 1;
	struct buf z;
	struct bits b;
	struct code near, up;

	if (w < 1 || h < 1 || w > 10000 || h > 20000)
		return -1;
	init_tables();
	row = 1 + 3 * (size_t)w;	/* a filter byte, then RGB */
	near = dist_code(3);
	up = dist_code((int)row);
	/* the row before and this one, side by side, so that matches reach
	 * back into the row before */
	win = xmalloc(2 * row);
	prev = win;
	cur = win + row;
	buf_init(&z);
	buf_add(&z, "\x78\x01", 2);	/* deflate, 32 KiB window, fastest */
	b.out = &z;
	b.acc = 0;
	b.n = 0;
	put(&b, 3, 3);			/* one final block of fixed Huffman codes */
	for (y = 0; y < h; y++) {
		const uint32_t *p = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
		unsigned char *r = cur + 1;
		if (y > 0 && rgb_same(p, (const uint32_t *)(const void *)(px + (size_t)(y - 1) * (size_t)stride), w)) {
			/* the same as the row above: common in charts */
			put_copy(&b, row, up);
		} else {
			cur[0] = 0;	/* filter: none */
			for (x = 0; x < w; x++) {
				uint32_t v = p[x];
				r[0] = (unsigned char)(v >> 16);
				r[1] = (unsigned char)(v >> 8);
				r[2] = (unsigned char)v;
				r += 3;
			}
			row_adler = adler32(1L, cur, (uInt)row);
			deflate_row(&b, cur, row, y == 0, near, up);
			memcpy(prev, cur, row);
		}
		adler = adler32_combine(adler, row_adler, (z_off_t)row);
	}
	put(&b, end_code.bits, end_code.len);
	flush_bits(&b);
	be32(word, (uint32_t)adler);
	buf_add(&z, (const char *)word, 4);
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
