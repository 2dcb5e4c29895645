/* The chart PNG encoder: any image (size and pixels from the input) comes
 * back from zlib exactly, with valid chunk CRCs and Adler-32; else abort. */
#include "buf.h"
#include "fuzz_common.h"
#include "pngenc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int w, h, x, y;
	uint32_t *px;
	size_t i, n, rawn;
	struct buf png, idat;
	unsigned char *raw;
	uLongf got;
	const unsigned char *p, *end;

	if (size < 2)
		return 0;
	/* up to 512 x 256: large enough for several Huffman blocks */
	w = 1 + (data[0] & 1 ? data[0] * 2 : data[0] % 64);
	h = 1 + data[1];
	data += 2;
	size -= 2;
	px = malloc((size_t)w * (size_t)h * sizeof(*px));
	/* the input's bytes as pixels from a small palette, so that runs and
	 * repeated rows happen; a 0xFF byte repeats the row above */
	for (y = 0, i = 0; y < h; y++)
		for (x = 0; x < w; x++, i++) {
			uint8_t c = size ? data[i % size] : 0;
			if (c == 0xFF && y > 0)
				px[y * w + x] = px[(y - 1) * w + x];
			else
				px[y * w + x] = (uint32_t)(c & 7) * 0x242424u + (uint32_t)(c >> 3) * 0x010203u;
		}
	buf_init(&png);
	if (png_encode_rgb24((const unsigned char *)px, w, h, w * 4, &png) < 0)
		abort();
	/* signature, IHDR, IDAT, IEND, each with its CRC */
	p = (const unsigned char *)png.s + 8;
	end = (const unsigned char *)png.s + png.len;
	buf_init(&idat);
	for (n = 0; p + 12 <= end; n++) {
		uint32_t len = be32(p);
		if (p + 12 + len > end || crc32(crc32(0L, p + 4, 4), p + 8, len) != be32(p + 8 + len))
			abort();
		if (!memcmp(p + 4, "IDAT", 4))
			buf_add(&idat, (const char *)p + 8, len);
		p += 12 + len;
	}
	if (p != end || n != 3 || memcmp(png.s, "\x89PNG\r\n\x1a\n", 8))
		abort();
	rawn = (size_t)h * (1 + 3 * (size_t)w);
	raw = malloc(rawn + 1);
	got = (uLongf)rawn + 1;
	if (uncompress(raw, &got, (const Bytef *)idat.s, (uLong)idat.len) != Z_OK || got != rawn)
		abort();
	for (y = 0; y < h; y++) {
		const unsigned char *r = raw + (size_t)y * (1 + 3 * (size_t)w);
		if (r[0])
			abort();
		for (x = 0; x < w; x++) {
			uint32_t v = px[y * w + x];
			if (r[1 + 3 * x] != (unsigned char)(v >> 16) || r[2 + 3 * x] != (unsigned char)(v >> 8) ||
			    r[3 + 3 * x] != (unsigned char)v)
				abort();
		}
	}
	free(raw);
	free(px);
	buf_release(&idat);
	buf_release(&png);
	return 0;
}
