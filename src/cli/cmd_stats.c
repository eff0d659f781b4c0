/* cmd_stats.c — `sitrep stats`: what the store holds — documents,
 * near-duplicates, citations, the date range and documents per publication. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "store.h"

static const char usage_text[] =
	"usage: sitrep stats [--db PATH] [--json]\n"
	"\n"
	"Summarise the store: documents, near-duplicates, citations, coded events, the range of\n"
	"article dates, and documents per publication.\n"
	"\n"
	"  --db PATH   the database: a file (default sitrep.db) or postgresql://…\n"
	"  --json      one JSON object\n"
	"  -h, --help  this text\n";

static int add_pub(void *ud, const char *name, int64_t n)
{
	json_t *arr = ud;
	json_t *o = json_object();
	json_object_set_new(o, "name", name ? json_string(name) : json_null());
	json_object_set_new(o, "documents", json_integer(n));
	json_array_append_new(arr, o);
	return 0;
}

int cmd_stats(int argc, char **argv)
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
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'j': json = 1; break;
		case 'h': fputs(usage_text, stdout); return EXIT_ALLOK;
		default: return cli_usage_error("stats", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage_error("stats", "unexpected argument '%s'", argv[optind]);

	sr_store *s = NULL;
	sr_error err;
	sr_error_clear(&err);
	sr_store_stats st;
	json_t *pubs = json_array();
	int rc = sr_store_open(db, SR_STORE_READONLY, &s, &err);
	if (!rc)
		rc = sr_store_stats_get(s, &st, &err);
	if (!rc)
		rc = sr_store_publications(s, add_pub, pubs, &err);
	sr_store_close(s);
	if (rc) {
		cli_report(&err);
		json_decref(pubs);
		return EXIT_FATAL;
	}
	char first[11], last[11];
	sr_date_format(st.first, first);
	sr_date_format(st.last, last);
	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "documents", json_integer(st.documents));
		json_object_set_new(o, "near_duplicates", json_integer(st.near_duplicates));
		json_object_set_new(o, "citations", json_integer(st.citations));
		json_object_set_new(o, "events", json_integer(st.events));
		json_object_set_new(o, "coded", json_integer(st.coded));
		json_object_set_new(o, "first", first[0] ? json_string(first) : json_null());
		json_object_set_new(o, "last", last[0] ? json_string(last) : json_null());
		json_object_set_new(o, "publications", pubs);
		rc = cli_print_json(stdout, o);
		json_decref(o);
	} else {
		printf("%" PRId64 " documents (%" PRId64 " of them near-duplicates), %" PRId64 " citations\n",
		       st.documents, st.near_duplicates, st.citations);
		printf("%" PRId64 " events coded from %" PRId64 " documents\n", st.events, st.coded);
		if (first[0])
			printf("dated %s to %s\n", first, last);
		size_t i;
		json_t *p;
		json_array_foreach(pubs, i, p) {
			json_t *name = json_object_get(p, "name");
			printf("%8" JSON_INTEGER_FORMAT "  %s\n", json_integer_value(json_object_get(p, "documents")),
			       json_is_string(name) ? json_string_value(name) : "(publication unknown)");
		}
		json_decref(pubs);
	}
	if (fflush(stdout) != 0 || rc < 0) {
		fprintf(stderr, "sitrep stats: cannot write output\n");
		return EXIT_FATAL;
	}
	return EXIT_ALLOK;
}
