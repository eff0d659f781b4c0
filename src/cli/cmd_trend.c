/* cmd_trend.c — `sitrep trend`: a dyad's events as a weekly or monthly
 * series (counts per quad class, cooperation against conflict, Goldstein
 * sum and mean, the events that weigh most), every period from the first
 * with an event to the last, empty ones included: JSON lines or a table. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "store.h"
#include "util/buf.h"
#include "util/jsonesc.h"

static const char usage_text[] =
	"usage: sitrep trend [--db PATH] [--json] --dyad A-B [--directed]\n"
	"                    [--by week|month] [--from D] [--to D]\n"
	"\n"
	"The events between two parties as a series: one row per ISO week (Monday to\n"
	"Sunday, 2019-W12) or calendar month (2019-03), from the first period with an\n"
	"event to the last, the empty periods between included. Undated events are\n"
	"left out.\n"
	"\n"
	"  --db PATH          the database (default sitrep.db)\n"
	"  --json             one JSON object per period: dyad, period, start, end,\n"
	"                     events, quad [q1,q2,q3,q4], cooperation (quad 1+2),\n"
	"                     conflict (quad 3+4), goldstein_sum, goldstein_mean (null\n"
	"                     without a scored event), top_events (up to 3 event ids,\n"
	"                     highest |Goldstein| first; see sitrep events)\n"
	"  --dyad A-B         the parties (BLR-RUS), events either way\n"
	"  --directed         only A as source and B as target\n"
	"  --by week|month    the period (default week)\n"
	"  --from D, --to D   only events dated D (YYYY-MM-DD) or later / earlier\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 ok (also when no event matched), 2 usage, 3 fatal store or\n"
	"output error.\n";

typedef struct trend_state {
	int json;
	const char *dyad; /* as the user wrote it, upper-cased */
	sr_buf out;
	long n;
	int write_failed;
} trend_state;

static int json_bucket(sr_buf *b, const trend_state *st, const sr_series_bucket *k)
{
	char start[11], end[11];
	sr_date_format(k->start, start);
	sr_date_format(k->end, end);
	int rc = sr_buf_puts(b, "{\"dyad\":");
	rc |= sr_json_append_string(b, st->dyad, strlen(st->dyad));
	rc |= sr_buf_printf(b,
			    ",\"period\":\"%s\",\"start\":\"%s\",\"end\":\"%s\",\"events\":%lld,"
			    "\"quad\":[%lld,%lld,%lld,%lld],\"cooperation\":%lld,\"conflict\":%lld,",
			    k->period, start, end, (long long)k->events, (long long)k->quad[0],
			    (long long)k->quad[1], (long long)k->quad[2], (long long)k->quad[3],
			    (long long)k->cooperation, (long long)k->conflict);
	if (isfinite(k->goldstein_sum))
		rc |= sr_buf_printf(b, "\"goldstein_sum\":%.6g,", k->goldstein_sum);
	else
		rc |= sr_buf_puts(b, "\"goldstein_sum\":null,");
	if (k->scored && isfinite(k->goldstein_mean))
		rc |= sr_buf_printf(b, "\"goldstein_mean\":%.6g,", k->goldstein_mean);
	else
		rc |= sr_buf_puts(b, "\"goldstein_mean\":null,");
	rc |= sr_buf_puts(b, "\"top_events\":[");
	for (size_t i = 0; i < k->ntop; i++)
		rc |= sr_buf_printf(b, "%s%lld", i ? "," : "", (long long)k->top[i]);
	rc |= sr_buf_puts(b, "]}\n");
	return rc;
}

static const char table_header[] =
	"period     start       end          events    q1    q2    q3    q4   coop  confl"
	"  gold_sum  gold_mean  top_events\n";

static int text_bucket(sr_buf *b, const sr_series_bucket *k)
{
	char start[11], end[11];
	sr_date_format(k->start, start);
	sr_date_format(k->end, end);
	int rc = sr_buf_printf(b, "%-10s %-11s %-11s %7lld %5lld %5lld %5lld %5lld %6lld %6lld %9.1f ",
			       k->period, start, end, (long long)k->events, (long long)k->quad[0],
			       (long long)k->quad[1], (long long)k->quad[2], (long long)k->quad[3],
			       (long long)k->cooperation, (long long)k->conflict, k->goldstein_sum);
	if (k->scored)
		rc |= sr_buf_printf(b, "%10.2f", k->goldstein_mean);
	else
		rc |= sr_buf_printf(b, "%10s", "-");
	for (size_t i = 0; i < k->ntop; i++)
		rc |= sr_buf_printf(b, "%s%lld", i ? " " : "  ", (long long)k->top[i]);
	rc |= sr_buf_putc(b, '\n');
	return rc;
}

static int print_bucket(void *ud, const sr_series_bucket *k)
{
	trend_state *st = ud;
	sr_buf *b = &st->out;
	sr_buf_reset(b);
	int rc = 0;
	if (!st->json && st->n == 0)
		rc |= sr_buf_puts(b, table_header);
	rc |= st->json ? json_bucket(b, st, k) : text_bucket(b, k);
	if (rc < 0 || fwrite(b->p, 1, b->len, stdout) != b->len) {
		st->write_failed = 1;
		return 1;
	}
	st->n++;
	return 0;
}

int cmd_trend(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"dyad", required_argument, NULL, 'y'},
		{"directed", no_argument, NULL, 'D'},
		{"by", required_argument, NULL, 'b'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "sitrep.db";
	trend_state st = {0};
	sr_series_query q = {.by = SR_SERIES_WEEK};
	char parties[2 * SR_STORE_CODE_MAX + 2], label[2 * SR_STORE_CODE_MAX + 2];
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'j': st.json = 1; break;
		case 'y': {
			char *dash = strchr(optarg, '-');
			size_t n = strlen(optarg);
			if (!dash || dash == optarg || !dash[1] || strchr(dash + 1, '-') || n >= sizeof parties)
				return cli_usage_error("trend", "--dyad wants two parties A-B (BLR-RUS), not '%s'",
						       optarg);
			memcpy(parties, optarg, n + 1);
			parties[dash - optarg] = '\0';
			q.party_a = parties;
			q.party_b = parties + (dash - optarg) + 1;
			/* The label as the store matches it: upper case. */
			for (size_t i = 0; i <= n; i++)
				label[i] = optarg[i] >= 'a' && optarg[i] <= 'z' ? (char)(optarg[i] - 'a' + 'A')
										  : optarg[i];
			st.dyad = label;
			break;
		}
		case 'D': q.directed = 1; break;
		case 'b':
			if (!strcmp(optarg, "week"))
				q.by = SR_SERIES_WEEK;
			else if (!strcmp(optarg, "month"))
				q.by = SR_SERIES_MONTH;
			else
				return cli_usage_error("trend", "--by is week or month, not '%s'", optarg);
			break;
		case 'f':
		case 't': {
			sr_date d = sr_date_parse_iso(optarg, strlen(optarg));
			if (!d)
				return cli_usage_error("trend", "--%s wants a date YYYY-MM-DD, not '%s'",
						       c == 'f' ? "from" : "to", optarg);
			*(c == 'f' ? &q.from : &q.to) = d;
			break;
		}
		case 'h': fputs(usage_text, stdout); return EXIT_ALLOK;
		case ':': return cli_usage_error("trend", "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error("trend", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("trend", "unexpected argument '%s'", argv[optind]);
	if (!q.party_a)
		return cli_usage_error("trend", "--dyad A-B is required");
	if (q.from && q.to && q.from > q.to)
		return cli_usage_error("trend", "--from is after --to");
	if (!*db)
		return cli_usage_error("trend", "--db needs a path");

	sr_store *s = NULL;
	sr_error err;
	sr_error_clear(&err);
	int code = EXIT_ALLOK;
	sr_buf_init(&st.out, (size_t)1 << 20);
	if (sr_store_open(db, SR_STORE_READONLY, &s, &err) < 0) {
		cli_report(&err);
		code = EXIT_FATAL;
	} else {
		int rc = sr_store_series(s, &q, print_bucket, &st, &err);
		if (rc == SR_EINPUT) {
			code = cli_usage_error("trend", "%s", err.msg);
		} else if (rc < 0) {
			cli_report(&err);
			code = EXIT_FATAL;
		} else if (!st.json && st.n == 0 && !st.write_failed) {
			fprintf(stderr, "sitrep trend: no dated event for %s\n", st.dyad);
		}
	}
	sr_store_close(s);
	sr_buf_cleanup(&st.out);
	if (fflush(stdout) != 0 || st.write_failed) {
		fprintf(stderr, "sitrep trend: cannot write output\n");
		return EXIT_FATAL;
	}
	return code;
}
