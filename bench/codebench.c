/* codebench.c — the coder's own speed, in-process: dictionary load time, then
 * sr_coder_code_text over every file under a directory (read into memory
 * first, so disk and extraction are not counted), MB/s and sentences/s,
 * events found, and peak RSS. Built and run by bench/run.
 *
 * usage: codebench DIR [MAX_MB] [--dict PATH]... */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "code.h"
#include "dict.h"
#include "text.h"

typedef struct text {
	char *p;
	size_t len;
} text;

static text *texts;
static size_t ntexts, cap_texts, total;
static size_t max_bytes;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add_file(const char *path)
{
	if (total >= max_bytes)
		return;
	FILE *f = fopen(path, "rb");
	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	if (n <= 0) {
		fclose(f);
		return;
	}
	char *p = malloc((size_t)n);
	if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		fclose(f);
		return;
	}
	fclose(f);
	if (ntexts == cap_texts) {
		cap_texts = cap_texts ? cap_texts * 2 : 1024;
		texts = realloc(texts, cap_texts * sizeof *texts);
		if (!texts)
			exit(3);
	}
	texts[ntexts++] = (text){p, (size_t)n};
	total += (size_t)n;
}

static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		add_file(dir);
		return;
	}
	struct dirent *e;
	char path[4096];
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(path);
		else
			add_file(path);
	}
	closedir(d);
}

static int count_event(const sr_event *ev, void *ctx)
{
	(void)ev;
	++*(long *)ctx;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: codebench DIR [MAX_MB] [--dict PATH]...\n");
		return 2;
	}
	max_bytes = argc > 2 && argv[2][0] != '-' ? (size_t)strtol(argv[2], NULL, 10) << 20 : (size_t)1 << 40;
	double t0 = now();
	sr_dict *d = sr_dict_create();
	sr_error err;
	sr_error_clear(&err);
	int custom = 0;
	for (int i = 2; i + 1 < argc; i++)
		if (strcmp(argv[i], "--dict") == 0) {
			custom = 1;
			if (sr_dict_load_file(d, argv[++i], &err) < 0) {
				fprintf(stderr, "codebench: %s: %s\n", argv[i], err.msg);
				return 3;
			}
		}
	if (!custom && sr_dict_load_default(d, &err) < 0) {
		fprintf(stderr, "codebench: default dictionaries: %s:%ld: %s\n", err.file, err.line,
			err.msg);
		return 3;
	}
	if (sr_dict_finish(d, &err) < 0)
		return 3;
	double t_load = now() - t0;
	sr_dict_stats st;
	sr_dict_get_stats(d, &st);

	walk(argv[1]);
	long sentences = 0;
	for (size_t i = 0; i < ntexts; i++) {
		sr_sentencer *z = sr_sentencer_new(texts[i].p, texts[i].len);
		sr_span sp;
		while (sr_sentencer_next(z, &sp))
			sentences++;
		sr_sentencer_free(z);
	}
	sr_coder *c = sr_coder_create(d);
	long events = 0;
	double t1 = now();
	for (size_t i = 0; i < ntexts; i++)
		sr_coder_code_text(c, texts[i].p, texts[i].len, 20190101, count_event, &events);
	double t = now() - t1;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("coder: %.1f MB in %zu texts, %ld sentences, %ld events, %.3f s: %.1f MB/s, "
	       "%.0f sentences/s; dictionary load %.1f ms (%zu actors, %zu people, %zu agents, "
	       "%zu verbs, %zu patterns, %zu phrases); peak RSS %.1f MB (texts held: %.1f MB)\n",
	       (double)total / 1048576, ntexts, sentences, events, t, (double)total / 1048576 / t,
	       (double)sentences / t, t_load * 1000, st.actors, st.people, st.agents, st.verbs,
	       st.patterns, st.phrases, (double)ru.ru_maxrss / 1024, (double)total / 1048576);
	sr_coder_free(c);
	sr_dict_free(d);
	for (size_t i = 0; i < ntexts; i++)
		free(texts[i].p);
	free(texts);
	return 0;
}
