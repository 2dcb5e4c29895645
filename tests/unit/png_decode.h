#ifndef BCF_TEST_PNG_DECODE_H
#define BCF_TEST_PNG_DECODE_H
/* For the PNG encoder's unit test and fuzz harness: read a PNG back with
 * zlib alone, checking everything on the way. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "buf.h"

static uint32_t png_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Check the signature, every chunk's CRC, an 8-bit RGB IHDR and a final
 * IEND, inflate the IDATs (zlib checks the Adler-32); the raw rows (filter
 * byte + RGB, *n bytes) in a malloc'd buffer, or NULL.  *chunks: how many
 * chunks there were. */
static unsigned char *png_decode(const struct buf *png, int *w, int *h, size_t *n, int *chunks)
{
	const unsigned char *p = (const unsigned char *)png->s, *end = p + png->len;
	struct buf idat;
	unsigned char *raw = NULL;
	int seen_end = 0;
	uLongf got;

	*w = *h = *chunks = 0;
	if (png->len < 8 || memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return NULL;
	p += 8;
	buf_init(&idat);
	while (p + 12 <= end && !seen_end) {
		uint32_t len = png_be32(p);
		const unsigned char *type = p + 4, *data = p + 8;
		if (len > (size_t)(end - data) || (size_t)(end - data) - len < 4)
			break;
		if (crc32(crc32(0L, type, 4), data, len) != png_be32(data + len))
			break;
		if (!memcmp(type, "IHDR", 4) && len == 13) {
			*w = (int)png_be32(data);
			*h = (int)png_be32(data + 4);
			if (data[8] != 8 || data[9] != 2 || data[10] || data[11] || data[12])
				break;
		} else if (!memcmp(type, "IDAT", 4)) {
			buf_add(&idat, (const char *)data, len);
		} else if (!memcmp(type, "IEND", 4)) {
			seen_end = 1;
		}
		(*chunks)++;
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

/* Are the raw rows exactly the pixels px (w x h, stride in pixels,
 * 0xXXRRGGBB), each row with filter type 0? */
static int png_rows_match(const unsigned char *raw, const uint32_t *px, int w, int h, int stride)
{
	int x, y;
	for (y = 0; y < h; y++) {
		const unsigned char *r = raw + (size_t)y * (1 + 3 * (size_t)w);
		if (r[0])
			return 0;
		for (x = 0; x < w; x++) {
			uint32_t v = px[(size_t)y * (size_t)stride + (size_t)x];
			if (r[1 + 3 * x] != (unsigned char)(v >> 16) || r[2 + 3 * x] != (unsigned char)(v >> 8) ||
			    r[3 + 3 * x] != (unsigned char)v)
				return 0;
		}
	}
	return 1;
}

#endif
