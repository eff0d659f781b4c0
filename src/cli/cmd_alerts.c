/* cmd_alerts.c — `sitrep alerts`: apply a rules file (alert.h,
 * docs/alerts.md) to the events already in a store, in date order: each
 * match as a readable line or a JSON line {"rule", "event"}, and, with
 * --webhook, POSTed as that JSON object. What `sitrep watch` does with
 * newly coded events, over the store's past. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "cli.h"
#include "code.h"
#include "dict.h"
#include "sphere.h"
#include "store.h"
#include "util/buf.h"
#include "util/jsonesc.h"

static const char usage_text[] =
	"usage: sitrep alerts [--db PATH] --rules FILE [--from D] [--to D] [--json]\n"
	"                     [--webhook URL] [--timeout S] [--dict PATH]... [--spheres FILE]\n"
	"\n"
	"Match the stored events, in order of date (undated first), against the watch\n"
	"rules of FILE (one rule a line: 'Drills: BLR RUS root 06', 'actor:Shoigu',\n"
	"'text:\"Union Shield\" conflict'; docs/alerts.md) and print each match: the\n"
	"rule's name, the event's date, source → target, CAMEO code and sentence. An\n"
	"event that matches two rules is printed (and posted) once for each.\n"
	"\n"
	"  --db PATH          the database: a file (default sitrep.db) or postgresql://…\n"
	"  --rules FILE       the rules (required); errors name FILE:LINE\n"
	"  --from D, --to D   only events dated D (YYYY-MM-DD) or later / earlier;\n"
	"                     undated events are then left out\n"
	"  --json             one JSON object per match: {\"rule\": NAME, \"event\": the\n"
	"                     object of `sitrep events --json`}\n"
	"  --webhook URL      POST each match's JSON object (application/json) to URL\n"
	"                     (http or https); tried 3 times with backoff; after 5\n"
	"                     failed deliveries in a row the rest are not tried\n"
	"  --timeout S        seconds per webhook attempt (default 10)\n"
	"  --dict PATH        dictionaries that resolve actor names (actor:Shoigu)\n"
	"                     instead of the bundled ones (repeatable)\n"
	"  --spheres FILE     the sphere mapping for 'sphere ID' conditions instead of\n"
	"                     the bundled one (docs/spheres.md)\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 ok (also when nothing matched), 1 some webhook deliveries\n"
	"failed (the count on stderr), 2 usage or a bad rules file, 3 fatal store or\n"
	"output error.\n";

enum {
	TEXT_CUT = 160,     /* characters of a sentence in the readable line */
	WEBHOOK_GIVE_UP = 5 /* failed deliveries in a row: the receiver is down */
};

typedef struct alerts_state {
	const sr_alerts *rules;
	int json;
	const char *webhook;
	double timeout;
	const sr_event_row *row;
	sr_buf out, body;
	long matches, failed, failed_row;
	int write_failed, oom;
	sr_error first_err; /* the first failed delivery, reported once */
} alerts_state;

/* The event of `sitrep events --json` (its json_row) into b, closed. */
/* The sentence on the line, spaces collapsed, cut after TEXT_CUT
 * characters (never inside one). */
static int text_cut(sr_buf *b, const char *s, size_t len)
{
	int rc = 0, space = 0;
	size_t chars = 0;
	for (size_t i = 0; s && i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = 1;
			continue;
		}
		if ((c & 0xC0) != 0x80) {
			if (chars + (size_t)space >= TEXT_CUT) {
				rc |= sr_buf_puts(b, " …");
				break;
			}
			chars += 1 + (size_t)space;
			if (space)
				rc |= sr_buf_putc(b, ' ');
			space = 0;
		}
		rc |= sr_buf_putc(b, (char)c);
	}
	return rc;
}

static int text_line(sr_buf *b, const char *rule, const sr_event_row *r)
{
	const sr_store_event *e = &r->ev;
	char date[11];
	sr_date_format(e->date, date);
	int rc = sr_buf_printf(b, "[%s]  %-10s  %s → %s  %s", rule, e->date ? date : "undated",
			       e->source && *e->source ? e->source : "-",
			       e->target && *e->target ? e->target : "-", e->cameo ? e->cameo : "-");
	if (e->quad > 0 && isfinite(e->goldstein))
		rc |= sr_buf_printf(b, " (%+.1f)", e->goldstein);
	rc |= sr_buf_puts(b, "  ");
	rc |= text_cut(b, e->text, e->text ? e->text_len : 0);
	rc |= sr_buf_printf(b, "  [doc %lld]\n", (long long)r->doc_id);
	return rc;
}

static int on_match(void *ud, size_t i, const char *name)
{
	(void)i;
	alerts_state *st = ud;
	const sr_event_row *r = st->row;
	int rc = 0;
	if (st->json || st->webhook) {
		sr_buf_reset(&st->body);
		rc = cli_alert_match_json(&st->body, name, r);
		if (rc < 0) {
			st->oom = 1;
			return 1;
		}
	}
	sr_buf_reset(&st->out);
	if (st->json)
		rc = sr_buf_append(&st->out, st->body.p, st->body.len) | sr_buf_putc(&st->out, '\n');
	else
		rc = text_line(&st->out, name, r);
	if (rc < 0 || fwrite(st->out.p, 1, st->out.len, stdout) != st->out.len) {
		st->write_failed = 1;
		return 1;
	}
	st->matches++;
	if (st->webhook) {
		if (st->failed_row >= WEBHOOK_GIVE_UP) {
			st->failed++; /* the receiver is down: counted, not tried */
			return 0;
		}
		sr_error err;
		sr_error_clear(&err);
		if (sr_alert_post(st->webhook, st->body.p, st->timeout, &err) < 0) {
			if (!st->failed)
				st->first_err = err;
			st->failed++;
			if (++st->failed_row == WEBHOOK_GIVE_UP)
				fprintf(stderr, "sitrep alerts: %d deliveries in a row failed; not trying the rest\n",
					WEBHOOK_GIVE_UP);
		} else {
			st->failed_row = 0;
		}
	}
	return 0;
}

static int on_row(void *ud, const sr_event_row *r)
{
	alerts_state *st = ud;
	sr_alert_event ev;
	cli_alert_event_of_row(r, &ev);
	st->row = r;
	int n = sr_alerts_match(st->rules, &ev, on_match, st);
	if (n < 0)
		st->oom = 1;
	return st->oom || st->write_failed;
}

int cmd_alerts(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"rules", required_argument, NULL, 'r'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"json", no_argument, NULL, 'j'},
		{"webhook", required_argument, NULL, 'w'},
		{"timeout", required_argument, NULL, 'T'},
		{"dict", required_argument, NULL, 'D'},
		{"spheres", required_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "sitrep.db", *rules_path = NULL, *spheres_path = NULL;
	alerts_state st = {.timeout = 10};
	sr_event_query q = {0};
	int c, ndicts = 0;
	char **dicts = calloc((size_t)argc + 1, sizeof *dicts);
	if (!dicts) {
		fprintf(stderr, "sitrep: out of memory\n");
		return EXIT_FATAL;
	}
	int code = EXIT_ALLOK;
#define USAGE(...)                                               \
	do {                                                     \
		code = cli_usage_error("alerts", __VA_ARGS__);   \
		goto done_args;                                  \
	} while (0)
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'r': rules_path = optarg; break;
		case 'j': st.json = 1; break;
		case 'w':
			if (!sr_alert_url_ok(optarg))
				USAGE("--webhook wants an http:// or https:// URL with a host");
			st.webhook = optarg;
			break;
		case 'T': {
			char *end;
			errno = 0;
			double v = strtod(optarg, &end);
			if (end == optarg || *end || errno || !(v > 0 && v <= 600))
				USAGE("--timeout wants seconds, more than 0 and at most 600, not '%s'", optarg);
			st.timeout = v;
			break;
		}
		case 'S': spheres_path = optarg; break;
		case 'f':
		case 't': {
			sr_date d = sr_date_parse_iso(optarg, strlen(optarg));
			if (!d)
				USAGE("--%s wants a date YYYY-MM-DD, not '%s'", c == 'f' ? "from" : "to", optarg);
			*(c == 'f' ? &q.from : &q.to) = d;
			break;
		}
		case 'D':
			if (!*optarg)
				USAGE("--dict needs a path");
			dicts[ndicts++] = optarg;
			break;
		case 'h': fputs(usage_text, stdout); goto done_args;
		case ':': USAGE("option '%s' needs a value", argv[optind - 1]);
		default: USAGE("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		USAGE("unexpected argument '%s'", argv[optind]);
	if (!rules_path || !*rules_path)
		USAGE("--rules FILE is required");
	if (q.from && q.to && q.from > q.to)
		USAGE("--from is after --to");
	if (!*db)
		USAGE("--db needs a path");
#undef USAGE

	sr_dict *dict = NULL;
	sr_coder *coder = NULL;
	sr_spheres *spheres = NULL;
	sr_alerts *rules = NULL;
	sr_store *s = NULL;
	sr_error err;
	sr_error_clear(&err);
	char fp[CLI_DICT_FP_SIZE];
	if (cli_dicts_load(dicts, ndicts, &dict, fp) < 0) {
		code = EXIT_FATAL;
		goto done;
	}
	if (!(coder = sr_coder_create(dict))) {
		fprintf(stderr, "sitrep: out of memory\n");
		code = EXIT_FATAL;
		goto done;
	}
	int rc = spheres_path ? sr_spheres_load(spheres_path, &spheres, &err) : sr_spheres_default(&spheres, &err);
	if (rc < 0) {
		cli_report(&err);
		code = rc == SR_EINPUT ? EXIT_USAGE : EXIT_FATAL;
		goto done;
	}
	/* Names are resolved and the file checked before the store is opened:
	 * a bad rules file is the same error whatever the store. */
	sr_alerts_opts opts = {.coder = coder, .spheres = spheres};
	rc = sr_alerts_load(rules_path, &opts, &rules, &err);
	if (rc < 0) {
		cli_report(&err);
		code = rc == SR_EINPUT || rc == SR_EIO ? EXIT_USAGE : EXIT_FATAL;
		goto done;
	}
	if (sr_store_open(db, SR_STORE_READONLY, &s, &err) < 0) {
		cli_report(&err);
		code = EXIT_FATAL;
		goto done;
	}
	st.rules = rules;
	sr_buf_init(&st.out, (size_t)64 << 20);
	sr_buf_init(&st.body, (size_t)64 << 20); /* sr_alert_post refuses what is over its bound */
	sr_error_clear(&st.first_err);
	rc = sr_alerts_count(rules) ? sr_store_events(s, &q, on_row, &st, &err) : 0;
	if (rc == SR_EINPUT) {
		code = cli_usage_error("alerts", "%s", err.msg);
	} else if (rc < 0) {
		cli_report(&err);
		code = EXIT_FATAL;
	} else if (st.oom) {
		fprintf(stderr, "sitrep alerts: out of memory\n");
		code = EXIT_FATAL;
	}
	sr_buf_cleanup(&st.out);
	sr_buf_cleanup(&st.body);
	if (fflush(stdout) != 0 || st.write_failed) {
		fprintf(stderr, "sitrep alerts: cannot write output\n");
		code = EXIT_FATAL;
	} else if (code == EXIT_ALLOK && st.failed) {
		cli_report(&st.first_err);
		fprintf(stderr, "sitrep alerts: %ld of %ld webhook deliveries failed\n", st.failed, st.matches);
		code = EXIT_REJECTED;
	}

done:
	sr_store_close(s);
	sr_alerts_free(rules);
	sr_spheres_free(spheres);
	sr_coder_free(coder);
	sr_dict_free(dict);
done_args:
	free(dicts);
	return code;
}
