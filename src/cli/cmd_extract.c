/* cmd_extract.c — `sitrep extract`: articles in, main text and metadata out,
 * as JSON lines (--json) or a readable record per article. A filter: reads
 * stdin with "-", writes stdout. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"usage: sitrep extract [--json] [--repair-utf8] [--quiet] PATH...\n"
	"\n"
	"Read articles (files, directories, or - for stdin; plain text, HTML or JSONL)\n"
	"and print their main text and metadata.\n"
	"\n"
	"  --json         one JSON object per article (the interface of DESIGN.md)\n"
	"  --repair-utf8  replace invalid UTF-8 with U+FFFD (warned) instead of rejecting\n"
	"  --quiet        no warnings, no progress bar\n"
	"  -h, --help     this text\n"
	"\n"
	"Exit status: 0 ok, 1 some inputs rejected (named on stderr), 2 usage, 3 I/O error.\n";

typedef struct {
	int json;
	long n;
	int write_failed;
} extract_state;

static void field(const char *name, const char *v)
{
	if (v && *v)
		printf("%-13s %s\n", name, v);
}

static int print_doc(void *ud, const sr_input *in, sr_doc *d)
{
	extract_state *st = ud;
	if (st->json) {
		json_t *o = cli_doc_to_json(d);
		int rc = cli_print_json(stdout, o);
		json_decref(o);
		if (rc < 0) {
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
		{"repair-utf8", no_argument, NULL, 'r'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	extract_state st = {0};
	cli_input_opts opts = {.progress = 1};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': st.json = 1; break;
		case 'r': opts.read.repair_utf8 = 1; break;
		case 'q': opts.quiet = 1, opts.progress = 0; break;
		case 'h': fputs(usage_text, stdout); return EXIT_ALLOK;
		default: return cli_usage_error("extract", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("extract", "no input given (a path, or - for stdin)");
	long rejected = 0;
	int rc = cli_for_each_doc(argv + optind, argc - optind, &opts, print_doc, &st, &rejected);
	if (fflush(stdout) != 0 || st.write_failed) {
		fprintf(stderr, "sitrep extract: cannot write output\n");
		return EXIT_FATAL;
	}
	if (rc < 0)
		return EXIT_FATAL;
	return rejected ? EXIT_REJECTED : EXIT_ALLOK;
}
