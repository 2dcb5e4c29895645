#include "reuse.h"
#include "arena.h"
#include "manifest.h"
#include "progress.h"
#include "site.h"

#include <string.h>

int reuse_take(struct site *site, const struct manifest *mf, const char *out_dir, const char *folder,
	       const char *const *files, size_t n, struct progress_line *prog, struct arena *a)
{
	size_t i, pages = 0;

	for (i = 0; i < n; i++) {
		const char *rel = arena_printf(a, "%s/%s", folder, files[i]);
		size_t len = strlen(files[i]);
		pages += len > 5 && !strcmp(files[i] + len - 5, ".html");
		/* a file changed since it was written is written again */
		if (!manifest_file_intact(mf, rel) ||
		    site_try_link(site, arena_printf(a, "%s/%s", out_dir, rel), rel) < 0)
			return -1;
	}
	progress_taken(prog, (int)n, (int)pages);
	return 0;
}

int reuse_share(struct site *site, const char *from, const char *to, const char *const *files, size_t n,
		struct arena *a)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (site_link(site, arena_printf(a, "%s/%s", from, files[i]),
			      arena_printf(a, "%s/%s", to, files[i])) < 0)
			return -1;
	return 0;
}
