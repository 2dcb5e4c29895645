/* The chart PNG encoder: every image decodes (chunk CRCs, zlib stream and
 * its Adler-32 checked by zlib itself) to exactly the pixels given. */
#include "buf.h"
#include "harness.h"
#include "pngenc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Parse png, check its chunks, inflate its IDATs; the raw rows (filter
 * byte + RGB) in a malloc'd buffer, or NULL. */
static unsigned char *decode(const struct buf *png, int *w, int *h, size_t *n)
{
	const unsigned char *p = (const unsigned char *)png->s, *end = p + png->len;
	struct buf idat;
	unsigned char *raw = NULL;
	int seen_end = 0;
	uLongf got;

	if (png->len < 8 || memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return NULL;
	p += 8;
	buf_init(&idat);
	*w = *h = 0;
	while (p + 12 <= end && !seen_end) {
		uint32_t len = be32(p);
		const unsigned char *type = p + 4, *data = p + 8;
		if (data + len + 4 > end)
			break;
		if (crc32(crc32(0L, type, 4), data, len) != be32(data + len))
			break;
		if (!memcmp(type, "IHDR", 4) && len == 13) {
			*w = (int)be32(data);
			*h = (int)be32(data + 4);
			if (data[8] != 8 || data[9] != 2 || data[10] || data[11] || data[12])
				break;
		} else if (!memcmp(type, "IDAT", 4)) {
			buf_add(&idat, (const char *)data, len);
		} else if (!memcmp(type, "IEND", 4)) {
			seen_end = 1;
		}
		p = data + len + 4;
	}
	if (seen_end && p == end && *w > 0 && *h > 0) {
		*n = (size_t)*h * (1 + 3 * (size_t)*w);
		raw = malloc(*n + 1);
		got = (uLongf)*n + 1;
		if (uncompress(raw, &got, (const Bytef *)idat.s, (uLong)idat.len) != Z_OK || got != *n) {
			free(raw);
			raw = NULL;
		}
	}
	buf_release(&idat);
	return raw;
}

/* Encode px (w x h, stride in pixels) and check it decodes to the same. */
static void round_trip(const uint32_t *px, int w, int h, int stride, const char *what)
{
	struct buf png;
	unsigned char *raw;
	int dw, dh, x, y, ok;
	size_t n;

	buf_init(&png);
	CHECK(png_encode_rgb24((const unsigned char *)px, w, h, stride * 4, &png) == 0);
	raw = decode(&png, &dw, &dh, &n);
	ok = raw && dw == w && dh == h;
	for (y = 0; ok && y < h; y++) {
		const unsigned char *r = raw + (size_t)y * (1 + 3 * (size_t)w);
		ok = r[0] == 0;
		for (x = 0; ok && x < w; x++) {
			uint32_t v = px[(size_t)y * (size_t)stride + (size_t)x];
			ok = r[1 + 3 * x] == (unsigned char)(v >> 16) && r[2 + 3 * x] == (unsigned char)(v >> 8) &&
			     r[3 + 3 * x] == (unsigned char)v;
		}
	}
	if (!ok)
		test_check(0, __FILE__, __LINE__, what);
	else
		CHECK(ok);
	free(raw);
	buf_release(&png);
}

int main(void)
{
	static uint32_t px[600 * 400];
	uint32_t seed = 12345;
	int x, y, w = 600, h = 400;
	struct buf b;

	/* one pixel; flat white; noise (no matches at all) */
	px[0] = 0xFF123456u;
	round_trip(px, 1, 1, 1, "one pixel");
	for (x = 0; x < w * h; x++)
		px[x] = 0xFFFFFFFFu;
	round_trip(px, w, h, w, "flat white");
	for (x = 0; x < w * h; x++) {
		seed = seed * 1103515245u + 12345u;
		px[x] = seed >> 8;
	}
	round_trip(px, w, h, w, "noise");
	/* a chart-like image: bands, repeated rows, runs, stray pixels, and
	 * the unused byte varying (it must not count) */
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			uint32_t v = (y / 7) % 3 == 0 ? 0x12436Du : x < y ? 0xDDDDDDu : 0xFFFFFFu;
			if ((x * 7 + y * 13) % 101 == 0)
				v = (uint32_t)(x * y) & 0xFFFFFFu;
			px[(size_t)y * (size_t)w + (size_t)x] = v | (uint32_t)((x + y) & 1) << 24;
		}
	round_trip(px, w, h, w, "chart-like");
	/* rows that repeat the row above (matches of exactly a row, and a row
	 * length that leaves a remainder under 3 after 258s: 1 + 3 * 86 = 259) */
	for (y = 0; y < 50; y++)
		for (x = 0; x < 86; x++)
			px[(size_t)y * 86 + (size_t)x] = y < 25 ? 0x00FF00u + (uint32_t)x : 0x0000FFu;
	round_trip(px, 86, 50, 86, "repeated rows of 259 bytes");
	/* a stride wider than the row */
	round_trip(px, 50, 20, 90, "stride wider than a row");
	/* the widest allowed: 10000 pixels, so a row is 30001 bytes, within
	 * deflate's 32 KiB reach */
	{
		uint32_t *wide = malloc(10000 * 3 * sizeof(*wide));
		for (x = 0; x < 30000; x++)
			wide[x] = x < 10000 || x >= 20000 ? 0x808080u + (uint32_t)(x % 5) : 0x808080u + (uint32_t)(x % 5);
		round_trip(wide, 10000, 3, 10000, "10000 pixels wide");
		free(wide);
	}
	/* sizes it refuses */
	buf_init(&b);
	CHECK(png_encode_rgb24((const unsigned char *)px, 0, 5, 4, &b) == -1);
	CHECK(png_encode_rgb24((const unsigned char *)px, 5, 0, 20, &b) == -1);
	CHECK(png_encode_rgb24((const unsigned char *)px, 10001, 1, 40004, &b) == -1);
	CHECK(b.len == 0);
	buf_release(&b);
	return test_done("png");
}
