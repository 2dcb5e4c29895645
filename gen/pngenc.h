#ifndef BCF_PNGENC_H
#define BCF_PNGENC_H
/* A PNG encoder for charts: 8-bit RGB, no interlace, filter type 0 (none)
 * on every row, the image data compressed whole by libdeflate at level 6.
 * Charts are flat colour with long runs and rows that repeat the row
 * above, which deflate's matches take as they are; PNG's prediction
 * filters turn them into differences that compress worse (a quarter larger
 * on the benchmark's charts, chosen row by row as libpng does). */
#include <stddef.h>

struct buf;

/* Append the PNG of a w x h image to out.  px: rows of w pixels, each a
 * 32-bit 0xXXRRGGBB in native byte order (Cairo's RGB24), rows stride bytes
 * apart; the unused byte is ignored.  Returns 0, or -1 for a size PNG or
 * this encoder cannot hold (w or h < 1, w > 10000, h > 20000). */
int png_encode_rgb24(const unsigned char *px, int w, int h, int stride, struct buf *out);
/* Free the memory the encoder keeps from one image to the next. */
void png_encode_cleanup(void);

#endif
