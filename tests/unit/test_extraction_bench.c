/* test_extraction_bench.c — main-text extraction scored on the peer benchmark.
 *
 * Reads ../shared/peer/extraction (181 gzipped real pages and a person's
 * marking of each article body), runs sr_html_extract on every page and scores
 * it the way the benchmark's own evaluate.py does: word 4-gram shingles
 * (words are \w+ runs, \w being Unicode letters, digits and "_") compared as
 * multisets; per page tp/fp/fn normalised by their sum; precision is the mean
 * over pages with tp+fp > 0, recall the mean over pages with tp+fn > 0, F1 is
 * computed from the two means.
 *
 * SITREP_BENCH_VERBOSE=1 prints each page's scores (worst first) and the
 * extraction speed over all pages; SITREP_BENCH_PAGE=<id prefix> prints that
 * page's extracted body and the marked truth. Skips when ../shared is absent. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#include <jansson.h>
#include <utf8proc.h>
#include <xxhash.h>
#include <zlib.h>

#include "doc.h"
#include "extract_html.h"
#include "util/error.h"

/* The level this extractor reaches on the benchmark (measured, see
 * docs/extract-html.md); a drop below it is a regression. */
#define BENCH_MIN_F1 0.965

#define MAX_PAGE (64u * 1024u * 1024u)

typedef struct page {
	char id[80];
	char *html;
	size_t len;
	const char *truth;
	double p, r; /* per-page precision and recall, -1 when undefined */
	double tp, fp, fn;
	size_t pred_words, true_words;
} page;

static char *gz_slurp(const char *path, size_t *len)
{
	gzFile f = gzopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1u << 18, n = 0;
	char *p = malloc(cap);
	for (;;) {
		if (!p)
			break;
		if (cap - n < 65536) {
			if (cap >= MAX_PAGE) {
				free(p);
				p = NULL;
				break;
			}
			char *q = realloc(p, cap * 2);
			if (!q) {
				free(p);
				p = NULL;
				break;
			}
			p = q;
			cap *= 2;
		}
		int got = gzread(f, p + n, (unsigned)(cap - n - 1));
		if (got < 0) {
			free(p);
			p = NULL;
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	gzclose(f);
	if (p) {
		p[n] = '\0';
		*len = n;
	}
	return p;
}

/* Python's \w for str patterns: alphanumeric (categories L* and N*) or "_". */
static int is_word_cp(utf8proc_int32_t c)
{
	if (c < 128)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       (c >= '0' && c <= '9') || c == '_';
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

typedef struct span {
	size_t start, len;
} span;

/* The \w+ runs of s as byte spans; *n set; NULL only on no memory. */
static span *words(const char *s, size_t len, size_t *n)
{
	size_t cap = 64, k = 0;
	span *w = malloc(cap * sizeof *w);
	size_t i = 0;
	int in = 0;
	while (w && i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t got =
			utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
		if (got <= 0) {
			got = 1;
			c = -1;
		}
		int wc = c >= 0 && is_word_cp(c);
		if (wc && !in) {
			if (k == cap) {
				span *q = realloc(w, 2 * cap * sizeof *w);
				if (!q) {
					free(w);
					return NULL;
				}
				w = q;
				cap *= 2;
			}
			w[k].start = i;
			w[k].len = 0;
			k++;
		}
		if (wc)
			w[k - 1].len = i + (size_t)got - w[k - 1].start;
		in = wc;
		i += (size_t)got;
	}
	*n = k;
	return w;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Sorted 64-bit hashes of the word 4-gram shingles of s, as evaluate.py makes
 * them: fewer than four words give one shingle of all of them, none give none. */
static uint64_t *shingles(const char *s, size_t *n, size_t *nwords)
{
	size_t nw = 0;
	span *w = words(s, strlen(s), &nw);
	assert_non_null(w);
	*nwords = nw;
	size_t ns = nw == 0 ? 0 : (nw < 4 ? 1 : nw - 3);
	uint64_t *h = malloc((ns ? ns : 1) * sizeof *h);
	assert_non_null(h);
	char *tmp = NULL;
	size_t tmp_cap = 0;
	for (size_t i = 0; i < ns; i++) {
		/* the words joined by NUL, which no word holds */
		size_t need = 0;
		for (size_t j = i; j < i + 4 && j < nw; j++)
			need += w[j].len + 1;
		if (need > tmp_cap) {
			free(tmp);
			tmp_cap = need * 2;
			tmp = malloc(tmp_cap);
			assert_non_null(tmp);
		}
		size_t at = 0;
		for (size_t j = i; j < i + 4 && j < nw; j++) {
			memcpy(tmp + at, s + w[j].start, w[j].len);
			at += w[j].len;
			tmp[at++] = '\0';
		}
		h[i] = XXH64(tmp, at, 0);
	}
	free(tmp);
	free(w);
	qsort(h, ns, sizeof *h, cmp_u64);
	*n = ns;
	return h;
}

static void score_page(page *pg, const char *pred)
{
	size_t nt, np;
	uint64_t *t = shingles(pg->truth, &nt, &pg->true_words);
	uint64_t *p = shingles(pred, &np, &pg->pred_words);
	double tp = 0, fp = 0, fn = 0;
	size_t i = 0, j = 0;
	while (i < nt || j < np) {
		uint64_t key = (j >= np || (i < nt && t[i] <= p[j])) ? t[i] : p[j];
		size_t ct = 0, cp = 0;
		while (i < nt && t[i] == key) {
			ct++;
			i++;
		}
		while (j < np && p[j] == key) {
			cp++;
			j++;
		}
		tp += (double)(ct < cp ? ct : cp);
		fp += cp > ct ? (double)(cp - ct) : 0;
		fn += ct > cp ? (double)(ct - cp) : 0;
	}
	free(t);
	free(p);
	double s = tp + fp + fn;
	if (s > 0) {
		tp /= s;
		fp /= s;
		fn /= s;
	}
	pg->tp = tp;
	pg->fp = fp;
	pg->fn = fn;
	/* evaluate.py's precision_score and recall_score */
	if (tp + fp > 0)
		pg->p = (fp == 0 && fn == 0) ? 1.0 : (tp == 0 && fp == 0) ? 0.0 : tp / (tp + fp);
	else
		pg->p = -1;
	if (tp + fn > 0)
		pg->r = (fp == 0 && fn == 0) ? 1.0 : (tp == 0 && fn == 0) ? 0.0 : tp / (tp + fn);
	else
		pg->r = -1;
}

static int cmp_page_f(const void *a, const void *b)
{
	const page *x = a, *y = b;
	double fx = x->p + x->r, fy = y->p + y->r;
	return fx < fy ? -1 : fx > fy;
}

static void test_benchmark(void **state)
{
	(void)state;
	const char *gt_path = tu_shared_path("peer/extraction/ground-truth.json");
	if (!gt_path) {
		skip();
		return;
	}
	json_error_t jerr;
	json_t *gt = json_load_file(gt_path, 0, &jerr);
	if (!gt) {
		skip(); /* shared present but benchmark missing */
		return;
	}
	assert_true(json_is_object(gt));
	const char *verbose = getenv("SITREP_BENCH_VERBOSE");
	int loud = verbose && *verbose && strcmp(verbose, "0") != 0;
	const char *only = getenv("SITREP_BENCH_PAGE");

	size_t npages = json_object_size(gt), k = 0;
	page *pages = calloc(npages, sizeof *pages);
	assert_non_null(pages);
	const char *key;
	json_t *val;
	json_object_foreach(gt, key, val)
	{
		page *pg = &pages[k++];
		snprintf(pg->id, sizeof pg->id, "%s", key);
		pg->truth = json_string_value(json_object_get(val, "articleBody"));
		if (!pg->truth)
			pg->truth = "";
		char rel[256];
		snprintf(rel, sizeof rel, "peer/extraction/html/%s.html.gz", key);
		pg->html = gz_slurp(tu_shared_path(rel), &pg->len);
		if (!pg->html)
			fail_msg("cannot read %s", rel);
	}

	double sum_p = 0, sum_r = 0;
	size_t n_p = 0, n_r = 0;
	for (size_t i = 0; i < npages; i++) {
		page *pg = &pages[i];
		sr_doc d;
		sr_error err;
		sr_doc_init(&d);
		sr_error_clear(&err);
		int rc = sr_html_extract(pg->html, pg->len, &d, &err);
		const char *body = rc == 0 && d.body ? d.body : "";
		score_page(pg, body);
		if (pg->p >= 0) {
			sum_p += pg->p;
			n_p++;
		}
		if (pg->r >= 0) {
			sum_r += pg->r;
			n_r++;
		}
		if (only && *only && strncmp(pg->id, only, strlen(only)) == 0) {
			printf("== %s P=%.3f R=%.3f rc=%d\n-- title: %s\n-- byline: %s\n-- date: %d\n"
			       "-- extracted:\n%s\n-- truth:\n%s\n",
			       pg->id, pg->p, pg->r, rc, d.title ? d.title : "(null)",
			       d.byline ? d.byline : "(null)", d.date, body, pg->truth);
		}
		sr_doc_cleanup(&d);
	}
	double P = n_p ? sum_p / (double)n_p : 0, R = n_r ? sum_r / (double)n_r : 0;
	double F = P + R > 0 ? 2 * P * R / (P + R) : 0;

	if (loud) {
		qsort(pages, npages, sizeof *pages, cmp_page_f);
		for (size_t i = 0; i < npages; i++)
			printf("page %.16s P=%.3f R=%.3f words %zu/%zu\n", pages[i].id, pages[i].p,
			       pages[i].r, pages[i].pred_words, pages[i].true_words);
		/* Speed: every page once per round, as if concatenated. */
		size_t bytes = 0;
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int round = 0; round < 3; round++) {
			for (size_t i = 0; i < npages; i++) {
				sr_doc d;
				sr_error err;
				sr_doc_init(&d);
				(void)sr_html_extract(pages[i].html, pages[i].len, &d, &err);
				sr_doc_cleanup(&d);
				bytes += pages[i].len;
			}
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		double sec = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		printf("speed: %.1f MB of HTML in %.3f s = %.1f MB/s\n", (double)bytes / 1e6, sec,
		       (double)bytes / 1e6 / sec);
	}
	printf("extraction benchmark: precision %.3f recall %.3f F1 %.3f over %zu pages\n", P, R, F,
	       npages);

	for (size_t i = 0; i < npages; i++)
		free(pages[i].html);
	free(pages);
	json_decref(gt);
	assert_true(F >= BENCH_MIN_F1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_benchmark),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
