#ifndef BCF_PNGENC_H
#define BCF_PNGENC_H
/* A PNG encoder for charts: flat colour, long runs, rows that repeat the
 * row above.  It looks for matches at only two distances, one pixel back
 * and one row up, so it does no hashing and reads each byte a few times;
 * on charts it is several times faster than zlib at level 1, for files of
 * a similar size.  Output is a standard PNG (8-bit RGB, no interlace, filter
 * type 0 on every row) in a zlib stream of fixed-Huffman blocks. */
#include <stddef.h>

struct buf;

/* Append the PNG of a w x h image to out.  px: rows of w pixels, each a
 * 32-bit 0xXXRRGGBB in native byte order (Cairo's RGB24), rows stride bytes
 * apart.  Returns 0, or -1 for a size PNG or this encoder cannot hold
 * (w or h < 1, w > 10000, h > 20000). */
int png_encode_rgb24(const unsigned char *px, int w, int h, int stride, struct buf *out);

#endif
