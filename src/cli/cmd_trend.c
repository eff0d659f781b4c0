/* cmd_trend.c — `sitrep trend`: events as a weekly or monthly series (a
 * dyad's, a party's or all; optionally one sphere's): counts per quad class,
 * cooperation against conflict, Goldstein sum and mean, the events that
 * weigh most, the articles the store holds for the period, and the label
 * of the period against the ones before it; every period from the first
 * with an event to the last, empty ones included: JSON lines, a table, or
 * an SVG chart. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "series_json.h"
#include "cli.h"
#include "sphere.h"
#include "store.h"
#include "util/buf.h"
#include "util/jsonesc.h"

static const char usage_text[] =
	"usage: sitrep trend [--db PATH] [--json | --svg] [--dyad A-B [--directed] | --party P]\n"
	"                    [--sphere ID [--spheres FILE]] [--by week|month] [--from D] [--to D]\n"
	"\n"
	"Events as a series: one row per ISO week (Monday to Sunday, 2019-W12) or\n"
	"calendar month (2019-03), from the first period with an event to the last,\n"
	"the empty periods between included. Undated events are left out. Each\n"
	"period is judged against the periods before it that the store has articles\n"
	"for (better, unchanged, worse; docs/assess.md).\n"
	"\n"
	"  --db PATH          the database: a file (default sitrep.db) or postgresql://…\n"
	"  --json             one JSON object per period: dyad, sphere, period, start,\n"
	"                     end, events, quad [q1,q2,q3,q4], cooperation (quad 1+2),\n"
	"                     conflict (quad 3+4), goldstein_sum, goldstein_mean (null\n"
	"                     without a scored event), top_events (up to 3 event ids,\n"
	"                     highest |Goldstein| first; see sitrep events), documents\n"
	"                     (articles of the period), label, confidence, change,\n"
	"                     baseline (periods compared with)\n"
	"  --svg              the series as an SVG chart (cooperation and conflict\n"
	"                     bars, Goldstein mean line)\n"
	"  --dyad A-B         the parties (BLR-RUS), events either way\n"
	"  --directed         only A as source and B as target\n"
	"  --party P          one party's events, as source or target\n"
	"                     (neither --dyad nor --party: all events)\n"
	"  --sphere ID        only the events of one sphere (security, economy,\n"
	"                     domestic, foreign, ...; see docs/spheres.md)\n"
	"  --spheres FILE     the sphere mapping to use instead of the bundled one\n"
	"  --by week|month    the period (default week)\n"
	"  --from D, --to D   only events dated D (YYYY-MM-DD) or later / earlier\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 ok (also when no event matched), 2 usage, 3 fatal store or\n"
	"output error.\n";

typedef struct trend_state {
	int json, svg;
	const char *dyad;   /* as the user wrote it, upper-cased: "BLR-RUS", "BLR", "all" */
	const char *sphere; /* its id, or NULL */
	sr_buf out;
	long n;
	int write_failed;
	/* --svg: the points, and their period labels (periods[i] is 16 bytes) */
	sr_chart_point *pts;
	char (*periods)[16];
	size_t npts, cap;
	int oom;
} trend_state;

static const char table_header[] =
	"period     start       end          events    q1    q2    q3    q4   coop  confl"
	"  gold_sum  gold_mean  docs  label      conf  top_events\n";

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
	rc |= sr_buf_printf(b, " %5lld  %-9s %5.2f", (long long)k->documents,
			    sr_trend_name(k->trend.label), k->trend.confidence);
	for (size_t i = 0; i < k->ntop; i++)
		rc |= sr_buf_printf(b, "%s%lld", i ? " " : "  ", (long long)k->top[i]);
	rc |= sr_buf_putc(b, '\n');
	return rc;
}

static int keep_point(trend_state *st, const sr_series_bucket *k)
{
	if (st->npts == st->cap) {
		size_t cap = st->cap ? 2 * st->cap : 64;
		if (cap > SR_CHART_MAX_POINTS)
			cap = SR_CHART_MAX_POINTS;
		if (st->npts == cap)
			return 0; /* the chart refuses more; sr_chart_svg says so */
		sr_chart_point *p = realloc(st->pts, cap * sizeof *p);
		if (p)
			st->pts = p;
		char(*q)[16] = p ? realloc(st->periods, cap * sizeof *q) : NULL;
		if (!q)
			return st->oom = 1;
		st->periods = q;
		st->cap = cap;
	}
	memcpy(st->periods[st->npts], k->period, sizeof k->period);
	st->pts[st->npts] = (sr_chart_point){NULL, (double)k->cooperation, (double)k->conflict,
					     k->goldstein_mean, k->scored > 0};
	st->npts++;
	return 0;
}

static int print_bucket(void *ud, const sr_series_bucket *k)
{
	trend_state *st = ud;
	if (st->svg)
		return keep_point(st, k);
	sr_buf *b = &st->out;
	sr_buf_reset(b);
	int rc = 0;
	if (!st->json && st->n == 0)
		rc |= sr_buf_puts(b, table_header);
	if (st->json)
		rc |= sr_series_bucket_json(b, st->dyad, st->sphere, k) | sr_buf_putc(b, '\n');
	else
		rc |= text_bucket(b, k);
	if (rc < 0 || fwrite(b->p, 1, b->len, stdout) != b->len) {
		st->write_failed = 1;
		return 1;
	}
	st->n++;
	return 0;
}

static int upper_copy(const char *in, char *out, size_t size)
{
	size_t n = strlen(in);
	if (n >= size)
		return -1;
	for (size_t i = 0; i <= n; i++)
		out[i] = in[i] >= 'a' && in[i] <= 'z' ? (char)(in[i] - 'a' + 'A') : in[i];
	return 0;
}

/* The chart of what print_bucket kept, on stdout. */
static int write_svg(trend_state *st, sr_error *err)
{
	for (size_t i = 0; i < st->npts; i++)
		st->pts[i].period = st->periods[i];
	char title[3 * SR_STORE_CODE_MAX + 64];
	snprintf(title, sizeof title, "%s%s%s: cooperation and conflict", st->dyad,
		 st->sphere ? ", " : "", st->sphere ? st->sphere : "");
	sr_chart_opts o = {.title = title};
	sr_buf_reset(&st->out);
	int rc = sr_chart_svg(st->pts, st->npts, &o, &st->out, err);
	if (rc < 0)
		return rc;
	if (fwrite(st->out.p, 1, st->out.len, stdout) != st->out.len)
		st->write_failed = 1;
	return 0;
}

int cmd_trend(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"svg", no_argument, NULL, 'g'},
		{"dyad", required_argument, NULL, 'y'},
		{"directed", no_argument, NULL, 'D'},
		{"party", required_argument, NULL, 'p'},
		{"sphere", required_argument, NULL, 's'},
		{"spheres", required_argument, NULL, 'S'},
		{"by", required_argument, NULL, 'b'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "sitrep.db", *sphere = NULL, *spheres_file = NULL;
	trend_state st = {0};
	sr_series_query q = {.by = SR_SERIES_WEEK};
	char parties[2 * SR_STORE_CODE_MAX + 2], label[2 * SR_STORE_CODE_MAX + 2];
	char party[SR_STORE_CODE_MAX + 1];
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'j': st.json = 1; break;
		case 'g': st.svg = 1; break;
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
			upper_copy(optarg, label, sizeof label);
			st.dyad = label;
			break;
		}
		case 'D': q.directed = 1; break;
		case 'p':
			if (!*optarg || upper_copy(optarg, party, sizeof party) < 0)
				return cli_usage_error("trend", "--party wants a party code (BLR), not '%s'", optarg);
			q.party = party;
			break;
		case 's': sphere = optarg; break;
		case 'S': spheres_file = optarg; break;
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
	if (q.party_a && q.party)
		return cli_usage_error("trend", "--dyad and --party do not go together");
	if (q.directed && !q.party_a)
		return cli_usage_error("trend", "--directed needs --dyad");
	if (st.json && st.svg)
		return cli_usage_error("trend", "--json and --svg do not go together");
	if (spheres_file && !sphere)
		return cli_usage_error("trend", "--spheres needs --sphere");
	if (q.from && q.to && q.from > q.to)
		return cli_usage_error("trend", "--from is after --to");
	if (!*db)
		return cli_usage_error("trend", "--db needs a path");
	if (q.party)
		st.dyad = party;
	else if (!q.party_a)
		st.dyad = "all";

	sr_error err;
	sr_error_clear(&err);
	sr_spheres *sph = NULL;
	if (sphere) {
		int rc = spheres_file ? sr_spheres_load(spheres_file, &sph, &err) : sr_spheres_default(&sph, &err);
		if (rc < 0) {
			cli_report(&err);
			return rc == SR_EINPUT || rc == SR_EIO ? EXIT_USAGE : EXIT_FATAL;
		}
		q.spheres = sph;
		q.sphere = sr_spheres_find(sph, sphere);
		if (q.sphere < 0) {
			sr_buf ids;
			sr_buf_init(&ids, 4096);
			for (size_t i = 0; i < sr_spheres_count(sph); i++)
				sr_buf_printf(&ids, "%s%s", i ? ", " : "", sr_spheres_id(sph, i));
			int code = cli_usage_error("trend", "no sphere '%s' (there are: %s)", sphere,
						   ids.p ? ids.p : "");
			sr_buf_cleanup(&ids);
			sr_spheres_free(sph);
			return code;
		}
		st.sphere = sr_spheres_id(sph, (size_t)q.sphere);
	}

	sr_store *s = NULL;
	int code = EXIT_ALLOK;
	sr_buf_init(&st.out, (size_t)64 << 20);
	if (sr_store_open(db, SR_STORE_READONLY, &s, &err) < 0) {
		cli_report(&err);
		code = EXIT_FATAL;
	} else {
		int rc = sr_store_series(s, &q, print_bucket, &st, &err);
		if (rc == 0 && st.oom)
			rc = sr_error_set(&err, SR_ENOMEM, NULL, 0, -1, "out of memory for the chart");
		if (rc == 0 && st.svg)
			rc = write_svg(&st, &err);
		if (rc == SR_EINPUT) {
			code = cli_usage_error("trend", "%s", err.msg);
		} else if (rc < 0) {
			cli_report(&err);
			code = EXIT_FATAL;
		} else if (!st.json && !st.svg && st.n == 0 && !st.write_failed) {
			fprintf(stderr, "sitrep trend: no dated event for %s\n", st.dyad);
		}
	}
	sr_store_close(s);
	sr_buf_cleanup(&st.out);
	free(st.pts);
	free(st.periods);
	sr_spheres_free(sph);
	if (fflush(stdout) != 0 || st.write_failed) {
		fprintf(stderr, "sitrep trend: cannot write output\n");
		return EXIT_FATAL;
	}
	return code;
}
