/* cmd_events.c — `sitrep events`: list or export the stored events, in order
 * of date, document and sentence, filtered by dyad, actor, CAMEO root, quad
 * class and date: readable lines, JSON lines (the `code --json` object with
 * its document), or TSV in GDELT-like columns (docs/events.md). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "code.h"
#include "store.h"
#include "util/buf.h"
#include "util/jsonesc.h"

static const char usage_text[] =
	"usage: sitrep events [--db PATH] [--json | --format text|jsonl|tsv] [--dyad A-B]\n"
	"                     [--directed] [--actor CODE] [--root NN] [--quad N]\n"
	"                     [--from D] [--to D] [--limit N] [--offset N]\n"
	"\n"
	"List the events stored by ingest, by date (undated first), then article and\n"
	"sentence. An event of a near-duplicate (syndicated copy) is its original's and\n"
	"is listed once.\n"
	"\n"
	"  --db PATH          the database: a file (default sitrep.db) or postgresql://…\n"
	"  --json             one JSON object per event (same as --format jsonl)\n"
	"  --format F         text (default), jsonl, or tsv: GDELT-like columns with a\n"
	"                     header line (docs/events.md)\n"
	"  --dyad A-B         events between parties A and B, either way (BLR-RUS: Belarus\n"
	"                     and Russia); a party is an actor code's first three letters,\n"
	"                     or its dictionary's party (NATO: NAT)\n"
	"  --directed         with --dyad: only A as source and B as target\n"
	"  --actor CODE       source or target code starts with CODE (BLR, RUSMIL)\n"
	"  --root NN          CAMEO root code, two digits (06: material cooperation)\n"
	"  --quad N           quad class 1 verbal cooperation, 2 material cooperation,\n"
	"                     3 verbal conflict, 4 material conflict\n"
	"  --from D, --to D   only events dated D (YYYY-MM-DD) or later / earlier;\n"
	"                     undated events are then left out\n"
	"  --limit N          at most N events (default all)\n"
	"  --offset N         skip the first N events\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 ok (also when none matched), 2 usage, 3 fatal store or\n"
	"output error.\n";

enum { FMT_TEXT, FMT_JSONL, FMT_TSV };

typedef struct events_state {
	int format;
	sr_buf out;
	long n;
	int write_failed;
} events_state;

/* Text in a TSV field: tabs and line ends become spaces; NULL is empty. */
static void tsv_chars(sr_buf *b, const char *s, size_t len)
{
	for (size_t i = 0; s && i < len; i++) {
		char c = s[i];
		sr_buf_putc(b, c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
	}
}

static void tsv_field(sr_buf *b, const char *s, size_t len, int last)
{
	tsv_chars(b, s, len);
	sr_buf_putc(b, last ? '\n' : '\t');
}

static void tsv_str(sr_buf *b, const char *s)
{
	tsv_field(b, s, s ? strlen(s) : 0, 0);
}

static const char tsv_header[] =
	"GLOBALEVENTID\tSQLDATE\tActor1Code\tActor1Name\tActor1CountryCode\tActor2Code\tActor2Name\t"
	"Actor2CountryCode\tEventCode\tEventBaseCode\tEventRootCode\tQuadClass\tGoldsteinScale\t"
	"SOURCEURL\tDocID\tSentence\tPlover\tModal\tReported\tEvidence\n";

static void tsv_row(sr_buf *b, const sr_event_row *r)
{
	const sr_store_event *e = &r->ev;
	sr_buf_printf(b, "%lld\t", (long long)r->id);
	if (e->date)
		sr_buf_printf(b, "%08d", (int)e->date);
	sr_buf_putc(b, '\t');
	tsv_str(b, e->source);
	tsv_str(b, e->source_name);
	tsv_str(b, e->source_party);
	tsv_str(b, e->target);
	tsv_str(b, e->target_name);
	tsv_str(b, e->target_party);
	tsv_str(b, e->cameo);
	/* CAMEO's second level: the first three digits ("1712" → "171"). */
	size_t cl = e->cameo ? strlen(e->cameo) : 0;
	tsv_field(b, e->cameo, cl > 3 ? 3 : cl, 0);
	tsv_str(b, e->root);
	if (e->quad > 0 && isfinite(e->goldstein))
		sr_buf_printf(b, "%d\t%.6g\t", e->quad, e->goldstein);
	else
		sr_buf_puts(b, "\t\t");
	/* The article's URL, else where it was read from. */
	if (r->url) {
		tsv_str(b, r->url);
	} else {
		tsv_chars(b, r->file, r->file ? strlen(r->file) : 0);
		if (r->line > 0)
			sr_buf_printf(b, ":%ld", r->line);
		sr_buf_putc(b, '\t');
	}
	sr_buf_printf(b, "%lld\t%d\t", (long long)r->doc_id, e->sentence);
	tsv_str(b, e->plover);
	sr_buf_printf(b, "%d\t%d\t", (e->flags & SR_EV_MODAL) != 0, (e->flags & SR_EV_REPORTED) != 0);
	tsv_field(b, e->text, e->text ? e->text_len : 0, 1);
}

static int json_row(sr_buf *b, const sr_event_row *r)
{
	char lead[64];
	snprintf(lead, sizeof lead, "\"event_id\":%lld,\"doc_id\":%lld,", (long long)r->id,
		 (long long)r->doc_id);
	int rc = cli_event_json(b, lead, r->file, r->line, r->ext_id, &r->ev);
	rc |= sr_buf_puts(b, ",\"title\":");
	rc |= r->title ? sr_json_append_string(b, r->title, strlen(r->title)) : sr_buf_puts(b, "null");
	rc |= sr_buf_puts(b, ",\"publication\":");
	rc |= r->publication ? sr_json_append_string(b, r->publication, strlen(r->publication))
			     : sr_buf_puts(b, "null");
	rc |= sr_buf_puts(b, ",\"url\":");
	rc |= r->url ? sr_json_append_string(b, r->url, strlen(r->url)) : sr_buf_puts(b, "null");
	rc |= sr_buf_printf(b, ",\"modal\":%s,\"reported\":%s}\n",
			    r->ev.flags & SR_EV_MODAL ? "true" : "false",
			    r->ev.flags & SR_EV_REPORTED ? "true" : "false");
	return rc;
}

static int print_row(void *ud, const sr_event_row *r)
{
	events_state *st = ud;
	sr_buf *b = &st->out;
	sr_buf_reset(b);
	int rc = 0;
	if (st->format == FMT_JSONL) {
		rc = json_row(b, r);
	} else if (st->format == FMT_TSV) {
		tsv_row(b, r);
	} else {
		cli_event_line(b, r->file, r->line, &r->ev);
		rc = sr_buf_printf(b, "  [doc %lld]\n", (long long)r->doc_id);
	}
	if (rc < 0 || fwrite(b->p, 1, b->len, stdout) != b->len) {
		st->write_failed = 1;
		return 1;
	}
	st->n++;
	return 0;
}

/* A count option: digits only, within [min, max]. */
static int parse_count(const char *s, long long min, long long max, size_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	*out = (size_t)v;
	return 0;
}

int cmd_events(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"format", required_argument, NULL, 'F'},
		{"dyad", required_argument, NULL, 'y'},
		{"directed", no_argument, NULL, 'D'},
		{"actor", required_argument, NULL, 'a'},
		{"root", required_argument, NULL, 'r'},
		{"quad", required_argument, NULL, 'Q'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"limit", required_argument, NULL, 'l'},
		{"offset", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "sitrep.db";
	events_state st = {0};
	sr_event_query q = {0};
	char dyad[2 * SR_STORE_CODE_MAX + 2];
	int c;
	size_t v;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'j': st.format = FMT_JSONL; break;
		case 'F':
			if (!strcmp(optarg, "text"))
				st.format = FMT_TEXT;
			else if (!strcmp(optarg, "jsonl") || !strcmp(optarg, "json"))
				st.format = FMT_JSONL;
			else if (!strcmp(optarg, "tsv"))
				st.format = FMT_TSV;
			else
				return cli_usage_error("events", "--format is text, jsonl or tsv, not '%s'", optarg);
			break;
		case 'y': {
			char *dash = strchr(optarg, '-');
			size_t n = strlen(optarg);
			if (!dash || dash == optarg || !dash[1] || strchr(dash + 1, '-') || n >= sizeof dyad)
				return cli_usage_error("events", "--dyad wants two parties A-B (BLR-RUS), not '%s'",
						       optarg);
			memcpy(dyad, optarg, n + 1);
			dyad[dash - optarg] = '\0';
			q.party_a = dyad;
			q.party_b = dyad + (dash - optarg) + 1;
			break;
		}
		case 'D': q.directed = 1; break;
		case 'a': q.actor = optarg; break;
		case 'r': q.root = optarg; break;
		case 'Q':
			if (parse_count(optarg, 1, 4, &v) < 0)
				return cli_usage_error("events", "--quad wants 1, 2, 3 or 4, not '%s'", optarg);
			q.quad = (int)v;
			break;
		case 'f':
		case 't': {
			sr_date d = sr_date_parse_iso(optarg, strlen(optarg));
			if (!d)
				return cli_usage_error("events", "--%s wants a date YYYY-MM-DD, not '%s'",
						       c == 'f' ? "from" : "to", optarg);
			*(c == 'f' ? &q.from : &q.to) = d;
			break;
		}
		case 'l':
			if (parse_count(optarg, 1, 1000000000000LL, &q.limit) < 0)
				return cli_usage_error("events", "--limit wants a positive number, not '%s'", optarg);
			break;
		case 'o':
			if (parse_count(optarg, 0, 1000000000000LL, &q.offset) < 0)
				return cli_usage_error("events", "--offset wants a number, not '%s'", optarg);
			break;
		case 'h': fputs(usage_text, stdout); return EXIT_ALLOK;
		case ':': return cli_usage_error("events", "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error("events", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("events", "unexpected argument '%s'", argv[optind]);
	if (q.directed && !q.party_a)
		return cli_usage_error("events", "--directed needs --dyad");
	if (q.from && q.to && q.from > q.to)
		return cli_usage_error("events", "--from is after --to");
	if (!*db)
		return cli_usage_error("events", "--db needs a path");

	sr_store *s = NULL;
	sr_error err;
	sr_error_clear(&err);
	int code = EXIT_ALLOK;
	sr_buf_init(&st.out, (size_t)64 << 20);
	if (sr_store_open(db, SR_STORE_READONLY, &s, &err) < 0) {
		cli_report(&err);
		code = EXIT_FATAL;
	} else {
		if (st.format == FMT_TSV && fputs(tsv_header, stdout) == EOF)
			st.write_failed = 1;
		int rc = st.write_failed ? 0 : sr_store_events(s, &q, print_row, &st, &err);
		if (rc == SR_EINPUT) {
			code = cli_usage_error("events", "%s", err.msg);
		} else if (rc < 0) {
			cli_report(&err);
			code = EXIT_FATAL;
		}
	}
	sr_store_close(s);
	sr_buf_cleanup(&st.out);
	if (fflush(stdout) != 0 || st.write_failed) {
		fprintf(stderr, "sitrep events: cannot write output\n");
		return EXIT_FATAL;
	}
	return code;
}
