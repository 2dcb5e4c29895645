/* The chart PNG encoder: every image decodes (chunk CRCs, zlib stream and
 * its Adler-32 checked by zlib itself) to exactly the pixels given. */
#include "buf.h"
#include "chart.h"
#include "harness.h"
#include "png_decode.h"
#include "pngenc.h"

#include <cairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Encode px (w x h, stride in pixels) and check it decodes to the same. */
static void round_trip(const uint32_t *px, int w, int h, int stride, const char *what)
{
	struct buf png;
	unsigned char *raw;
	int dw, dh, chunks, ok;
	size_t n;

	buf_init(&png);
	CHECK(png_encode_rgb24((const unsigned char *)px, w, h, stride * 4, &png) == 0);
	raw = png_decode(&png, &dw, &dh, &n, &chunks);
	ok = raw && dw == w && dh == h && png_rows_match(raw, px, w, h, stride);
	if (!ok)
		test_check(0, __FILE__, __LINE__, what);
	else
		CHECK(ok);
	free(raw);
	buf_release(&png);
}

/* The same pixels give the same bytes: twice in a row, and whatever the
 * unused byte holds (pages must not change from build to build). */
static void same_bytes(uint32_t *px, int w, int h)
{
	struct buf a, b, c;
	size_t i;

	buf_init(&a);
	buf_init(&b);
	buf_init(&c);
	CHECK(png_encode_rgb24((const unsigned char *)px, w, h, w * 4, &a) == 0);
	CHECK(png_encode_rgb24((const unsigned char *)px, w, h, w * 4, &b) == 0);
	for (i = 0; i < (size_t)w * (size_t)h; i++)
		px[i] ^= (uint32_t)(i % 7) << 24;
	CHECK(png_encode_rgb24((const unsigned char *)px, w, h, w * 4, &c) == 0);
	CHECK(a.len == b.len && !memcmp(a.s, b.s, a.len));
	CHECK(a.len == c.len && !memcmp(a.s, c.s, a.len));
	buf_release(&a);
	buf_release(&b);
	buf_release(&c);
}

/* Text repeats at distances other than one pixel back or one row up: a
 * row of stripes 5 pixels wide, every other row shifted by 2 pixels.
 * Deflate with the whole 32 KiB window takes each row as one match of the
 * row two up; raw, 120 rows of 601 bytes are 72120. */
static void far_matches(uint32_t *px)
{
	struct buf png;
	int x, y;

	for (y = 0; y < 120; y++)
		for (x = 0; x < 200; x++)
			px[y * 200 + x] = ((x + 2 * (y & 1)) / 5) % 2 ? 0x123456u + (uint32_t)x * 0x010203u : 0xFFFFFFu;
	buf_init(&png);
	round_trip(px, 200, 120, 200, "far matches");
	CHECK(png_encode_rgb24((const unsigned char *)px, 200, 120, 200 * 4, &png) == 0);
	CHECK(png.len < 2000);
	buf_release(&png);
}

/* What Cairo draws for a chart: antialiased lines, markers and text, some
 * thousand colours; stride is Cairo's own. */
static void cairo_drawing(void)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 401, 223);
	cairo_t *cr = cairo_create(s);
	int i;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_line_width(cr, 2.5);
	for (i = 0; i < 40; i++) {
		cairo_set_source_rgb(cr, 0.1 + i % 3 * 0.3, 0.35, 0.8 - i % 2 * 0.5);
		cairo_arc(cr, 10 + i * 9.7, 110 + 60 * ((i * 37) % 11 - 5) / 5.0, 4, 0, 6.3);
		cairo_fill(cr);
		cairo_move_to(cr, 10 + i * 9.7, 110 + 60 * ((i * 37) % 11 - 5) / 5.0);
		cairo_line_to(cr, 19.7 + i * 9.7, 110 + 60 * (((i + 1) * 37) % 11 - 5) / 5.0);
		cairo_stroke(cr);
	}
	cairo_set_source_rgb(cr, 0.04, 0.05, 0.05);
	cairo_set_font_size(cr, 13.3);
	cairo_move_to(cr, 12.4, 20.6);
	cairo_show_text(cr, "Adults with technology-enabled care, Area 001: 1,278");
	cairo_surface_flush(s);
	round_trip((const uint32_t *)(const void *)cairo_image_surface_get_data(s), 401, 223,
		   cairo_image_surface_get_stride(s) / 4, "drawn by Cairo");
	cairo_destroy(cr);
	cairo_surface_destroy(s);
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
	cairo_drawing();
	same_bytes(px, w, h);
	far_matches(px);
	/* sizes it refuses */
	buf_init(&b);
	CHECK(png_encode_rgb24((const unsigned char *)px, 0, 5, 4, &b) == -1);
	CHECK(png_encode_rgb24((const unsigned char *)px, 5, 0, 20, &b) == -1);
	CHECK(png_encode_rgb24((const unsigned char *)px, 10001, 1, 40004, &b) == -1);
	CHECK(b.len == 0);
	buf_release(&b);
	/* what it keeps between images freed, and made again when needed */
	png_encode_cleanup();
	round_trip(px, 50, 20, 90, "after png_encode_cleanup");
	chart_cleanup();	/* the encoder's memory, and Cairo's and fontconfig's */
	return test_done("png");
}
