#ifndef BCF_PDFFIX_H
#define BCF_PDFFIX_H
/* What Chromium's PDF of the board pack lacks, mended in place: every
 * change keeps each object's length, so the cross-reference table's
 * offsets stay true and nothing else need be rewritten.  Each function
 * leaves the bytes alone where they are not as Chromium (Skia) writes
 * them, and returns the number of places it changed.  pdf[len] must be
 * a NUL (numbers are read with strtoul). */
#include <stddef.h>

/* The structure tree's ids, '(node00000071)', count the browser's page
 * nodes from its start, so the same page printed twice gets other ids:
 * number them again by their order, from 1, in the same eight digits. */
size_t pdffix_node_ids(char *pdf, size_t len);

/* The Info dictionary's /CreationDate and /ModDate, the time of
 * printing, become the time epoch (seconds since 1970, UTC), so that the
 * same inputs give the same bytes (SOURCE_DATE_EPOCH). */
size_t pdffix_dates(char *pdf, size_t len, long long epoch);

/* HTML's <figure> becomes a Figure element that holds the chart's own
 * Figure (with its alternative text) and the Caption, and has no
 * alternative text itself; a reader that wants text for every Figure
 * finds none there.  Such a Figure (no /Alt, no content of its own, a
 * Figure with /Alt among its kids) is made a Div, a grouping. */
size_t pdffix_figures(char *pdf, size_t len);

/* Chromium links every page of the site it printed from where it was,
 * '/URI (file:///tmp/bcfgen-pdf-.../site/2018-19-q2/nea.html)', a folder
 * that is gone once the PDF is written.  Every URI that starts with from
 * starts with to instead (the published site's base_url, or "" for a
 * path from the site's top), escaped for a PDF string; the objects after
 * move, so the cross-reference table is written again.  The new PDF
 * (malloc'd, NUL-terminated, *out_len bytes), or NULL when no URI starts
 * with from or the table is not one Skia writes (the PDF is as it was). */
char *pdffix_links(const char *pdf, size_t len, const char *from, const char *to, size_t *out_len);

/* Chromium tags HTML's <strong> and <em> Strong and Em, types of PDF 2.0
 * that a PDF 1.4 reader does not know (poppler: 'StructElem object is
 * wrong type'): the structure tree root gets a /RoleMap making them Span,
 * the standard type they fall back to.  The new PDF (as pdffix_links),
 * or NULL when there is no Strong or Em, the root has a /RoleMap already,
 * or the PDF is not as Skia writes it. */
char *pdffix_role_map(const char *pdf, size_t len, size_t *out_len);

#endif
