/* cmd_extract.c — `sitrep extract`: articles in, main text and metadata out,
 * as JSON lines (--json) or a readable record per article. A filter: reads
 * stdin with "-", writes stdout. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "cli.h"
#include "code.h"
#include "dict.h"
#include "extract_json.h"
#include "util/buf.h"

static const char usage_text[] =
	"usage: sitrep extract [--json] [--assess] [--repair-utf8] [--quiet] PATH...\n"
	"\n"
	"Read articles (files, directories, or - for stdin; plain text, HTML or JSONL)\n"
	"and print their main text and metadata.\n"
	"\n"
	"  --json         one JSON object per article (the interface of DESIGN.md)\n"
	"  --assess       also code each article and give sitrep's own trend reading\n"
	"                 (trend_assessed; null without it: it costs several times\n"
	"                 extraction's time, docs/assess.md)\n"
	"  --repair-utf8  replace invalid UTF-8 with U+FFFD (warned) instead of rejecting\n"
	"  --quiet        no warnings, no progress bar\n"
	"  -h, --help     this text\n"
	"\n"
	"Exit status: 0 ok, 1 some inputs rejected (named on stderr), 2 usage, 3 I/O error.\n";

typedef struct {
	int json;
	long n;
	int write_failed;
	sr_coder *coder; /* the bundled dictionaries, for trend_assessed */
	sr_event *ev;    /* one article's events */
	size_t nev, evcap;
	sr_buf line; /* one JSON line, reused: one write per article */
} extract_state;

/* Keep an article's events for the assessment (their strings are not
 * used after the call, so the copy needs none). */
static int keep_event(const sr_event *ev, void *ctx)
{
	extract_state *st = ctx;
	if (st->nev == st->evcap) {
		size_t ncap = st->evcap ? st->evcap * 2 : 64;
		sr_event *p = realloc(st->ev, ncap * sizeof *p);
		if (!p)
			return 1; /* assess what was found so far */
		st->ev = p, st->evcap = ncap;
	}
	st->ev[st->nev++] = *ev;
	return 0;
}

/* sitrep's own reading of the body (never of the source's label). */
static void assess_doc(extract_state *st, sr_doc *d)
{
	st->nev = 0;
	if (d->body && sr_coder_code_text(st->coder, d->body, d->body_len, d->date, keep_event, st) < 0)
		st->nev = 0; /* out of memory: judge on the wording alone */
	d->trend_assessed = sr_assess_article(d, st->ev, st->nev, NULL);
}

static void field(const char *name, const char *v)
{
	if (v && *v)
		printf("%-13s %s\n", name, v);
}

static int print_doc(void *ud, const sr_input *in, sr_doc *d)
{
	extract_state *st = ud;
	if (st->coder)
		assess_doc(st, d);
	if (st->json) {
		/* the bytes of cli_doc_to_json + cli_print_json, without
		 * building a jansson object per article (extract_json.h) */
		sr_buf_reset(&st->line);
		if (sr_extract_json(&st->line, d) < 0 || sr_buf_putc(&st->line, '\n') < 0 ||
		    fwrite(st->line.p, 1, st->line.len, stdout) != st->line.len) {
			st->write_failed = 1;
			return -1;
		}
	} else {
		char a[11], b[11], buf[64];
		if (st->n)
			printf("\n");
		printf("== %s%s%.0ld\n", d->file, d->line ? ":" : "", d->line);
		field("title", d->title);
		field("publication", d->publication);
		if (d->volume >= 0 || d->issue >= 0) {
			snprintf(buf, sizeof buf, "volume %d, issue %d", d->volume, d->issue);
			field("issue", buf);
		}
		field("byline", d->byline);
		field("section", d->section);
		sr_date_format(d->period_start, a);
		sr_date_format(d->period_end, b);
		if (a[0]) {
			snprintf(buf, sizeof buf, "%s – %s", a, b);
			field("period", buf);
		}
		sr_date_format(d->date, a);
		if (a[0]) {
			snprintf(buf, sizeof buf, "%s (%s)", a, sr_basis_name(d->date_basis));
			field("date", buf);
		}
		field("trend", sr_trend_name(d->trend));
		field("assessed", sr_trend_name(d->trend_assessed));
		field("language", d->language);
		for (size_t i = 0; i < d->ncites; i++) {
			sr_date_format(d->cites[i].date, a);
			printf("%-13s %s, %s\n", i ? "" : "cited", d->cites[i].name ? d->cites[i].name : "(name lost)",
			       a[0] ? a : "undated");
		}
		printf("\n%s\n", d->body ? d->body : "");
		if (ferror(stdout)) {
			st->write_failed = 1;
			return -1;
		}
	}
	st->n++;
	return 0;
}

int cmd_extract(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"assess", no_argument, NULL, 'a'},
		{"repair-utf8", no_argument, NULL, 'r'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	extract_state st = {0};
	sr_buf_init(&st.line, (size_t)1 << 30);
	cli_input_opts opts = {.progress = 1};
	int assess = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': st.json = 1; break;
		case 'a': assess = 1; break;
		case 'r': opts.read.repair_utf8 = 1; break;
		case 'q': opts.quiet = 1, opts.progress = 0; break;
		case 'h': fputs(usage_text, stdout); return EXIT_ALLOK;
		default: return cli_usage_error("extract", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("extract", "no input given (a path, or - for stdin)");
	sr_dict *dict = NULL;
	char fp[CLI_DICT_FP_SIZE];
	if (assess && cli_dicts_load(NULL, 0, &dict, fp) < 0)
		return EXIT_FATAL;
	if (assess && !(st.coder = sr_coder_create(dict))) {
		fprintf(stderr, "sitrep: out of memory\n");
		sr_dict_free(dict);
		return EXIT_FATAL;
	}
	long rejected = 0;
	int rc = cli_for_each_doc(argv + optind, argc - optind, &opts, print_doc, &st, &rejected);
	free(st.ev);
	sr_buf_cleanup(&st.line);
	sr_coder_free(st.coder);
	sr_dict_free(dict);
	if (fflush(stdout) != 0 || st.write_failed) {
		fprintf(stderr, "sitrep extract: cannot write output\n");
		return EXIT_FATAL;
	}
	if (rc < 0)
		return EXIT_FATAL;
	return rejected ? EXIT_REJECTED : EXIT_ALLOK;
}
