/* searchbench.c — search latency of the store, measured in-process.
 *
 * usage: searchbench DB QUERIES [LIMIT]
 *
 * Opens DB read-only through the store interface (store.h), runs the first 50
 * queries once to warm the page cache, then times every query in QUERIES (one
 * per line) with sr_store_search, fetching the first LIMIT hits (default 20,
 * as `sitrep search` shows), and prints p50/p95/p99/max latency in
 * milliseconds, the mean, and the hit counts. Linked with build/libsitrep.a
 * by bench/run; only the benchmark uses it. */
#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store.h"

static int count_hit(void *ud, const sr_search_hit *h)
{
	(void)h;
	(*(size_t *)ud)++;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* nearest-rank percentile of sorted v[0..n) */
static double pct(const double *v, size_t n, double p)
{
	size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);
	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return v[k - 1];
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: searchbench DB QUERIES [LIMIT]\n");
		return 2;
	}
	size_t limit = argc == 4 ? (size_t)strtoul(argv[3], NULL, 10) : 20;
	FILE *f = fopen(argv[2], "r");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	char **qs = NULL;
	size_t nq = 0, cap = 0;
	char line[1100];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		if (nq == cap) {
			cap = cap ? cap * 2 : 1024;
			char **t = realloc(qs, cap * sizeof *qs);
			if (!t)
				return 1;
			qs = t;
		}
		qs[nq] = strdup(line);
		if (!qs[nq])
			return 1;
		nq++;
	}
	fclose(f);
	if (!nq) {
		fprintf(stderr, "searchbench: no queries\n");
		return 1;
	}

	sr_store *s;
	sr_error err;
	sr_error_clear(&err);
	if (sr_store_open(argv[1], SR_STORE_READONLY, &s, &err) != 0) {
		char buf[1200];
		fprintf(stderr, "searchbench: %s\n", sr_error_format(&err, buf, sizeof buf));
		return 1;
	}
	double *ms = malloc(nq * sizeof *ms);
	if (!ms)
		return 1;
	size_t failed = 0, zero = 0;
	unsigned long long total_matches = 0;
	for (int pass = 0; pass < 2; pass++) {
		size_t n = pass == 0 ? (nq < 50 ? nq : 50) : nq;
		for (size_t i = 0; i < n; i++) {
			sr_search_query q;
			memset(&q, 0, sizeof q);
			q.text = qs[i];
			q.limit = limit;
			size_t hits = 0, total = 0;
			double t0 = now_ms();
			int rc = sr_store_search(s, &q, count_hit, &hits, &total, &err);
			double t1 = now_ms();
			if (pass == 0)
				continue;
			ms[i] = t1 - t0;
			if (rc != 0)
				failed++;
			else if (total == 0)
				zero++;
			total_matches += total;
		}
	}
	double sum = 0;
	for (size_t i = 0; i < nq; i++)
		sum += ms[i];
	qsort(ms, nq, sizeof *ms, cmp_double);
	printf("queries %zu  limit %zu  p50 %.3f ms  p95 %.3f ms  p99 %.3f ms  max %.3f ms  mean %.3f ms  "
	       "failed %zu  no-match %zu  mean-matches %.0f\n",
	       nq, limit, pct(ms, nq, 50), pct(ms, nq, 95), pct(ms, nq, 99), ms[nq - 1], sum / (double)nq, failed,
	       zero, (double)total_matches / (double)nq);
	free(ms);
	for (size_t i = 0; i < nq; i++)
		free(qs[i]);
	free(qs);
	sr_store_close(s);
	return failed ? 1 : 0;
}
