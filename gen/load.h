#ifndef BCF_LOAD_H
#define BCF_LOAD_H
/* The loader: every input of metrics/ into the model, stage by stage. */
struct arena;
struct model;

/* Load and validate everything under dir (site.ini, metrics.csv, areas.csv,
 * data/ CSV files, plans.csv, annotations.csv) into m, in the arena.  Every problem is
 * reported through diag.  Returns 0, or -1 if any error was reported. */
int load_model(struct model *m, struct arena *a, const char *dir);

#endif
