/* cmd_search.c — `sitrep search`: full-text search over stored articles,
 * best first, with a snippet around the matches. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "store.h"
#include "util/buf.h"
#include "util/limits.h"

static const char usage_text[] =
	"usage: sitrep search [--db PATH] [--json] [--from D] [--to D] [--publication P]\n"
	"                     [--section S] [--limit N] [--offset N] [--all] QUERY...\n"
	"\n"
	"Search stored articles, best match first (BM25; a match in the title weighs\n"
	"more than one in the text). Words are matched in any case and form (English\n"
	"words are stemmed: \"sanction\" finds \"sanctions\"). The words of QUERY:\n"
	"  word      must occur          word*        a word starting with \"word\"\n"
	"  \"a b\"     the phrase          a OR b       either one\n"
	"  -word     must not occur (also -\"a b\" and NOT word)\n"
	"Other punctuation is ignored. Near-duplicates (syndicated copies) are hidden.\n"
	"Ranking is exact for queries matching up to 3,000 articles; a broader query\n"
	"ranks only its 3,000 most recently stored matches (the total still counts\n"
	"all): narrow it with more words or --from/--to to rank older articles.\n"
	"\n"
	"  --db PATH          the database: a file (default sitrep.db) or postgresql://…\n"
	"  --json             one JSON object per hit: id, score, date, publication,\n"
	"                     section, title, file, snippet (matches in [brackets])\n"
	"  --from D, --to D   only articles dated D (YYYY-MM-DD) or later / earlier\n"
	"  --publication P    only this publication (exact name)\n"
	"  --section S        only this section (exact name)\n"
	"  --limit N          hits per page (default 20, at most 1000)\n"
	"  --offset N         skip the first N hits (paging)\n"
	"  --all              include near-duplicates\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 ok (also when nothing matched), 2 usage (including a query\n"
	"with nothing to search for), 3 fatal store error.\n";

typedef struct search_state {
	int json;
	int bold; /* ANSI bold for matches, else [brackets] */
	size_t rank;
	int write_failed;
	sr_buf line;
} search_state;

/* The snippet with matches marked for output, white space collapsed so a
 * hit stays on one line. */
static const char *render_snippet(search_state *st, const char *snip)
{
	sr_buf *b = &st->line;
	sr_buf_reset(b);
	const char *on = st->bold ? "\033[1m" : "[", *off = st->bold ? "\033[0m" : "]";
	int space = 0;
	for (const char *p = snip ? snip : ""; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			space = 1;
			continue;
		}
		if (space && b->len)
			sr_buf_putc(b, ' ');
		space = 0;
		if (*p == '\x02')
			sr_buf_puts(b, on);
		else if (*p == '\x03')
			sr_buf_puts(b, off);
		else
			sr_buf_putc(b, *p);
	}
	return b->p ? b->p : "";
}

static int print_hit(void *ud, const sr_search_hit *h)
{
	search_state *st = ud;
	char date[11];
	sr_date_format(h->date, date);
	st->rank++;
	if (st->json) {
		int bold = st->bold;
		st->bold = 0;
		json_t *o = json_pack("{sIsfss?ss?ss?ss?ss?ss}", "id", (json_int_t)h->id, "score",
				      h->score, "date", date[0] ? date : NULL,
				      "publication", h->publication, "section", h->section, "title", h->title,
				      "file", h->file, "snippet", render_snippet(st, h->snippet));
		st->bold = bold;
		int rc = o ? cli_print_json(stdout, o) : -1;
		json_decref(o);
		if (rc < 0) {
			st->write_failed = 1;
			return 1;
		}
		return 0;
	}
	printf("%3zu. %-10s  %s  %s  (id %lld)\n     %s\n", st->rank, date[0] ? date : "undated",
	       h->publication ? h->publication : "-", h->title ? h->title : "(untitled)",
	       (long long)h->id, render_snippet(st, h->snippet));
	if (ferror(stdout)) {
		st->write_failed = 1;
		return 1;
	}
	return 0;
}

/* A count option: digits only, within [min, max]. */
static int parse_count(const char *s, long min, long max, size_t *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	*out = (size_t)v;
	return 0;
}

int cmd_search(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"publication", required_argument, NULL, 'p'},
		{"section", required_argument, NULL, 's'},
		{"limit", required_argument, NULL, 'l'},
		{"offset", required_argument, NULL, 'o'},
		{"all", no_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "sitrep.db";
	search_state st = {0};
	sr_search_query q = {.limit = 20};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'j': st.json = 1; break;
		case 'f':
		case 't': {
			sr_date d = sr_date_parse_iso(optarg, strlen(optarg));
			if (!d)
				return cli_usage_error("search", "--%s wants a date YYYY-MM-DD, not '%s'",
						       c == 'f' ? "from" : "to", optarg);
			*(c == 'f' ? &q.from : &q.to) = d;
			break;
		}
		case 'p': q.publication = optarg; break;
		case 's': q.section = optarg; break;
		case 'l':
			if (parse_count(optarg, 1, SR_MAX_RESULTS, &q.limit) < 0)
				return cli_usage_error("search", "--limit wants a number from 1 to %u, not '%s'",
						       (unsigned)SR_MAX_RESULTS, optarg);
			break;
		case 'o':
			if (parse_count(optarg, 0, 1000000000L, &q.offset) < 0)
				return cli_usage_error("search", "--offset wants a number, not '%s'", optarg);
			break;
		case 'a': q.include_near_dups = 1; break;
		case 'h': fputs(usage_text, stdout); return EXIT_ALLOK;
		case ':': return cli_usage_error("search", "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error("search", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("search", "no query given");
	if (q.from && q.to && q.from > q.to)
		return cli_usage_error("search", "--from is after --to");

	/* The query's words may come as one argument or several. */
	sr_buf text;
	sr_buf_init(&text, SR_MAX_QUERY);
	for (int i = optind; i < argc; i++)
		if ((i > optind && sr_buf_putc(&text, ' ') < 0) || sr_buf_puts(&text, argv[i]) < 0) {
			sr_buf_cleanup(&text);
			return cli_usage_error("search", "query is longer than %u bytes", (unsigned)SR_MAX_QUERY);
		}
	q.text = text.p ? text.p : "";

	const char *nc = getenv("NO_COLOR");
	st.bold = !st.json && isatty(STDOUT_FILENO) && !(nc && *nc);
	sr_buf_init(&st.line, 1u << 20);

	sr_store *s = NULL;
	sr_error err;
	sr_error_clear(&err);
	int code = EXIT_ALLOK;
	size_t total = 0;
	if (sr_store_open(db, SR_STORE_READONLY, &s, &err) < 0) {
		cli_report(&err);
		code = EXIT_FATAL;
	} else {
		/* The total costs a second pass; only the reader of text sees it. */
		int rc = sr_store_search(s, &q, print_hit, &st, st.json ? NULL : &total, &err);
		if (rc == SR_EINPUT) {
			code = cli_usage_error("search", "%s", err.msg);
		} else if (rc < 0) {
			cli_report(&err);
			code = EXIT_FATAL;
		} else if (!st.json && !st.write_failed) {
			if (st.rank == 0)
				printf("no matches\n");
			else
				printf("%zu–%zu of %zu matches\n", q.offset + 1, q.offset + st.rank, total);
		}
	}
	sr_store_close(s);
	sr_buf_cleanup(&text);
	sr_buf_cleanup(&st.line);
	if (fflush(stdout) != 0 || st.write_failed) {
		fprintf(stderr, "sitrep search: cannot write output\n");
		return EXIT_FATAL;
	}
	return code;
}
