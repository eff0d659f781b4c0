/* cmd_show.c — `sitrep show`: one stored article, whole: metadata,
 * citations and body; --json in the shape of `extract --json` plus the
 * store's id and dup_of. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store.h"

static const char usage_text[] =
	"usage: sitrep show [--db PATH] [--json] ID\n"
	"\n"
	"Print one stored article (ID as `sitrep search` shows it): metadata, cited\n"
	"sources and the whole text.\n"
	"\n"
	"  --db PATH   the database: a file (default sitrep.db) or postgresql://…\n"
	"  --json      one JSON object: the keys of `extract --json`, with \"id\" the\n"
	"              store's id, \"ext_id\" the input's own id (if it had one) and\n"
	"              \"dup_of\" the original's id for a near-duplicate, else null\n"
	"  -h, --help  this text\n"
	"\n"
	"Exit status: 0 ok, 1 no such article, 2 usage, 3 fatal store error.\n";

static void field(const char *name, const char *v)
{
	if (v && *v)
		printf("%-13s %s\n", name, v);
}

static void print_text(const sr_doc *d, int64_t id, int64_t dup_of)
{
	char a[11], b[11], buf[96];
	snprintf(buf, sizeof buf, "%lld", (long long)id);
	field("id", buf);
	if (dup_of) {
		snprintf(buf, sizeof buf, "%lld (near-duplicate)", (long long)dup_of);
		field("copy of", buf);
	}
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
	if (a[0] || b[0]) {
		snprintf(buf, sizeof buf, "%s – %s", a, b);
		field("period", buf);
	}
	sr_date_format(d->date, a);
	if (a[0]) {
		const char *basis = sr_basis_name(d->date_basis);
		snprintf(buf, sizeof buf, "%s%s%s%s", a, basis ? " (" : "", basis ? basis : "", basis ? ")" : "");
		field("date", buf);
	}
	field("trend", sr_trend_name(d->trend));
	field("assessed", sr_trend_name(d->trend_assessed));
	field("language", d->language);
	if (d->file) {
		if (d->line)
			printf("%-13s %s:%ld\n", "file", d->file, d->line);
		else
			field("file", d->file);
	}
	field("input id", d->id);
	field("url", d->url);
	for (size_t i = 0; i < d->ncites; i++) {
		sr_date_format(d->cites[i].date, a);
		printf("%-13s %s, %s\n", i ? "" : "cited", d->cites[i].name ? d->cites[i].name : "(name lost)",
		       a[0] ? a : "undated");
	}
	printf("\n%s\n", d->body ? d->body : "");
}

int cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "sitrep.db";
	int json = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'j': json = 1; break;
		case 'h': fputs(usage_text, stdout); return EXIT_ALLOK;
		case ':': return cli_usage_error("show", "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error("show", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("show", "no ID given");
	if (argc - optind > 1)
		return cli_usage_error("show", "one ID at a time");
	const char *arg = argv[optind];
	char *end;
	errno = 0;
	long long id = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || id <= 0 || *arg == '+' || *arg == ' ')
		return cli_usage_error("show", "ID is a positive number, not '%s'", arg);

	sr_store *s = NULL;
	sr_error err;
	sr_error_clear(&err);
	if (sr_store_open(db, SR_STORE_READONLY, &s, &err) < 0) {
		cli_report(&err);
		return EXIT_FATAL;
	}
	sr_doc d;
	int64_t dup_of = 0;
	int rc = sr_store_get_doc(s, id, &d, &dup_of, &err);
	sr_store_close(s);
	if (rc < 0) {
		sr_doc_cleanup(&d);
		cli_report(&err);
		return rc == SR_EINPUT ? EXIT_REJECTED : EXIT_FATAL;
	}
	int w = 0;
	if (json) {
		json_t *o = cli_doc_to_json(&d);
		/* "id" is the store's; the input's own id moves to "ext_id". */
		json_t *ext = json_object_get(o, "id");
		if (ext)
			json_object_set(o, "ext_id", ext);
		json_object_set_new(o, "id", json_integer(id));
		json_object_set_new(o, "dup_of", dup_of ? json_integer(dup_of) : json_null());
		w = cli_print_json(stdout, o);
		json_decref(o);
	} else {
		print_text(&d, id, dup_of);
	}
	sr_doc_cleanup(&d);
	if (w < 0 || fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "sitrep show: cannot write output\n");
		return EXIT_FATAL;
	}
	return EXIT_ALLOK;
}
