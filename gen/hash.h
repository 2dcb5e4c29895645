#ifndef BCF_HASH_H
#define BCF_HASH_H
/* One hash function, FNV-1a of 64 bits, for telling inputs apart (not a
 * defence against anyone), and one table from strings to indexes on it.
 * The table and its keys live in the arena given; keys are not copied. */
#include <stddef.h>
#include <stdint.h>

struct arena;

#define HASH_INIT 1469598103934665603u

/* Add len bytes to *h (start from HASH_INIT). */
void hash_add(uint64_t *h, const void *data, size_t len);
/* Add a string and its end, so that "ab","c" and "a","bc" differ; NULL
 * counts as "". */
void hash_add_str(uint64_t *h, const char *s);
/* Add a file's bytes, read a piece at a time (a file of any size counts
 * in full), then an end mark; what is not a regular file counts as absent
 * and is never waited on. */
void hash_add_file(uint64_t *h, const char *path);
/* The hash of len bytes. */
uint64_t hash_of(const void *data, size_t len);

/* A string -> index table (open addressing). */
struct hash;
/* An empty table, in the arena (it lives as long as the arena). */
struct hash *hash_new(struct arena *a);
/* The index put under s[0..len), or -1. */
int hash_get(const struct hash *h, const char *s, size_t len);
/* Put val under key, which must outlive the table. */
void hash_put(struct arena *a, struct hash *h, const char *key, int val);

#endif
