/* The chart PNG encoder: any image (size and pixels from the input) comes
 * back from zlib exactly, with valid chunk CRCs and Adler-32; else abort. */
#include "buf.h"
#include "fuzz_common.h"
#include "../unit/png_decode.h"
#include "pngenc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int w, h, x, y, dw, dh, chunks;
	uint32_t *px;
	size_t i, n;
	struct buf png;
	unsigned char *raw;

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
	/* signature, IHDR, IDAT, IEND, each with its CRC; the pixels back */
	raw = png_decode(&png, &dw, &dh, &n, &chunks);
	if (!raw || chunks != 3 || dw != w || dh != h || !png_rows_match(raw, px, w, h, w))
		abort();
	free(raw);
	free(px);
	buf_release(&png);
	return 0;
}
