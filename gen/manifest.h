#ifndef BCF_MANIFEST_H
#define BCF_MANIFEST_H
/* A site's manifest, OUT_DIR/.bcfgen-manifest: a hash of the inputs of
 * every page, by report folder and key (what is the page's own; what every
 * page shows is recorded once, in parts, under the folder '@common'; a
 * home report's introduction under the key '@intro'), and every file the
 * build wrote with its size and modification time.  The next build takes a page from
 * the previous site only when its inputs hash the same and its files are
 * as that build left them (not edited, replaced or added to by hand).
 * What manifest_read returns lives in the arena given. */
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct site;

#include "site.h"	/* MANIFEST_NAME */

struct manifest;

/* The previous build's manifest in out_dir (empty when there is none). */
struct manifest *manifest_read(struct arena *a, const char *out_dir);
/* The hash recorded for the page key ('nea', '@report') of the report
 * folder dir ('2018-19-q2', 'areas/E06000001/2018-19-q2'): 1 and *hash, or
 * 0 when there is none.  mf may be NULL (nothing recorded). */
int manifest_lookup(const struct manifest *mf, const char *dir, const char *key, uint64_t *hash);
/* Did the previous build write a file at rel? */
int manifest_file_known(const struct manifest *mf, const char *rel);
/* Is the file rel below the previous site as that build left it: there,
 * reached through real folders (no link), of the same size and time? */
int manifest_file_intact(const struct manifest *mf, const char *rel);
/* Is every file the previous build wrote as it left it, and nothing added
 * inside folders of bcfgen's (site says which top entries are not)? */
int manifest_outputs_intact(const struct manifest *mf, struct site *site);

/* A new manifest, in b: its header and the hash of everything, then a line
 * per page, then every file below the finished tree with its size and
 * modification time. */
void manifest_begin(struct buf *b, uint64_t site_hash);
void manifest_page(struct buf *b, const char *dir, const char *key, uint64_t hash);
void manifest_files(struct buf *b, const struct site *site);

#endif
