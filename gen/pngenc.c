#include "pngenc.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"

#include <libdeflate.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* libdeflate's level 2: on the charts of the national benchmark, 28% fewer
 * bytes than our old deflate with matches one pixel back and one row up
 * only, at the cost of a fifth more time for the whole build (farm-bench,
 * medians); level 6 saves 3% more bytes but costs twice that time, and
 * zlib at any level is both slower and larger. */
#define LEVEL 2

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

/* Kept from one image to the next: a build draws hundreds, and fresh
 * megabytes for each cost more in page faults than deflating them does.
 * One set a process (workers are processes), freed by png_encode_cleanup. */
static struct {
	struct libdeflate_compressor *c;
	unsigned char *raw, *z;
	size_t raw_cap, z_cap;
} keep;

/* p, of *cap bytes, grown to at least n (its contents not kept) */
static unsigned char *room(unsigned char *p, size_t *cap, size_t n)
{
	if (n <= *cap)
		return p;
	free(p);
	*cap = n;
	return xmalloc(n);
}

/* The image data: every row as a filter byte (0, none) and RGB, in a zlib
 * stream of *len bytes at keep.z. */
static void image_data(const unsigned char *px, int w, int h, int stride, size_t *len)
{
	size_t row = 1 + 3 * (size_t)w, n = row * (size_t)h, bound;
	int y;

	if (!keep.c && !(keep.c = libdeflate_alloc_compressor(LEVEL)))
		xoom();
	keep.raw = room(keep.raw, &keep.raw_cap, n + 1);	/* a byte to spare for to_rgb */
	for (y = 0; y < h; y++) {
		keep.raw[(size_t)y * row] = 0;
		to_rgb((const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride), w,
		       keep.raw + (size_t)y * row + 1);
	}
	bound = libdeflate_zlib_compress_bound(keep.c, n);
	keep.z = room(keep.z, &keep.z_cap, bound);
	*len = libdeflate_zlib_compress(keep.c, keep.raw, n, keep.z, bound);
	if (!*len)
		BUG("libdeflate found no room within its own bound");
}

void png_encode_cleanup(void)
{
	libdeflate_free_compressor(keep.c);
	free(keep.raw);
	free(keep.z);
	memset(&keep, 0, sizeof(keep));
}

int png_encode_rgb24(const unsigned char *px, int w, int h, int stride, struct buf *out)
{
	static const unsigned char signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	unsigned char ihdr[13];
	size_t zlen;

	if (w < 1 || h < 1 || w > 10000 || h > 20000)
		return -1;
	image_data(px, w, h, stride, &zlen);
	be32(ihdr, (uint32_t)w);
	be32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;	/* bits per sample */
	ihdr[9] = 2;	/* RGB */
	ihdr[10] = 0;	/* deflate */
	ihdr[11] = 0;	/* adaptive filtering, type 0 used throughout */
	ihdr[12] = 0;	/* no interlace */
	buf_add(out, (const char *)signature, sizeof(signature));
	chunk(out, "IHDR", ihdr, sizeof(ihdr));
	chunk(out, "IDAT", keep.z, zlen);
	chunk(out, "IEND", NULL, 0);
	return 0;
}
