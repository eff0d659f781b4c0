/* cmd_timeline.c — `sitrep timeline`: what one actor did, or what happened
 * around a topic, in order of date.
 *
 * An actor is a code prefix (BLR, RUSMIL) or a name the dictionaries know: a
 * person is matched by canonical name, since a person's code changes with
 * the posts held; a country or organisation by its code. A topic is a phrase:
 * the articles that hold it, each with its coded events whose evidence names
 * it, or, without one, the article itself with its first sentence naming it.
 * The entries come from timeline.h; this prints them as readable blocks or
 * JSON lines. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "code.h"
#include "dict.h"
#include "store.h"
#include "text.h"
#include "timeline.h"
#include "util/buf.h"

static const char usage_text[] =
	"usage: sitrep timeline [--db PATH] (--actor X | --topic TEXT) [--from D] [--to D]\n"
	"                       [--limit N] [--json] [--dict PATH]...\n"
	"\n"
	"What an actor did, or what happened around a topic, in order of date (then\n"
	"article and sentence; undated entries last), each entry with its evidence\n"
	"sentence and article.\n"
	"\n"
	"  --db PATH          the database: a file (default sitrep.db) or postgresql://…\n"
	"  --actor X          an actor code prefix in capitals (BLR, BLRMIL, IGOWSTNAT):\n"
	"                     the events with such a code as source or target; or a\n"
	"                     name the dictionaries know (Lukashenka, Шойгу, NATO):\n"
	"                     a person's events by the person's name, whatever code\n"
	"                     the post held gave; a country's or organisation's by its\n"
	"                     code. A capitalised name the dictionaries know as a whole\n"
	"                     (NATO, EU) is read as that name\n"
	"  --topic TEXT       a phrase (Union Shield, Запад-2021; search syntax when it\n"
	"                     holds quotes): the articles holding it, near-duplicates\n"
	"                     left out, each with its events whose evidence sentence\n"
	"                     holds the phrase (case and punctuation aside);\n"
	"                     an article with none is one entry with its first\n"
	"                     sentence that holds it\n"
	"  --from D, --to D   only entries dated D (YYYY-MM-DD) or later / earlier;\n"
	"                     undated entries are then left out. An event is dated by\n"
	"                     the event, an article entry by the article\n"
	"  --limit N          at most N entries, the first in order (default 0: all)\n"
	"  --json             one JSON object per entry: kind (event or article), date,\n"
	"                     event_id, doc_id, source and target ({code, name}),\n"
	"                     cameo, cameo_name, goldstein, text, title, publication,\n"
	"                     doc_date; null where unknown or not an event's\n"
	"  --dict PATH        dictionaries to read names and CAMEO codes with instead of\n"
	"                     the bundled ones (repeatable)\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 ok (also when nothing matched), 2 usage (also an actor name\n"
	"the dictionaries do not know), 3 fatal store or output error.\n";

enum { TEXT_CUT = 200 }; /* characters of a sentence shown */

/* The sentence on one indented line, spaces collapsed, cut after TEXT_CUT
 * characters (never inside one) with an ellipsis. */
static int text_sentence(sr_buf *b, const char *s)
{
	int rc = sr_buf_puts(b, "    ");
	size_t chars = 0;
	int space = 0;
	for (const char *p = s; p && *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = 1;
			continue;
		}
		if ((c & 0xC0) != 0x80) { /* a character starts */
			if (chars + space >= TEXT_CUT) {
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
	if (!s)
		rc |= sr_buf_puts(b, "(no text)");
	rc |= sr_buf_putc(b, '\n');
	return rc;
}

static int text_entry(sr_buf *b, const sr_timeline_entry *e, const char *cameo_name)
{
	char date[11];
	sr_date_format(e->date, date);
	int rc = sr_buf_printf(b, "%-10s  ", e->date ? date : "undated");
	if (e->kind == SR_TL_EVENT) {
		rc |= sr_buf_printf(b, "%s → %s  %s", e->source ? e->source : "-",
				    e->target ? e->target : "-", e->cameo ? e->cameo : "-");
		if (cameo_name)
			rc |= sr_buf_printf(b, " %s", cameo_name);
		if (e->quad > 0 && isfinite(e->goldstein))
			rc |= sr_buf_printf(b, " (%+.1f)", e->goldstein);
		rc |= sr_buf_putc(b, '\n');
		rc |= text_sentence(b, e->text);
		char doc_date[11];
		sr_date_format(e->doc_date, doc_date);
		rc |= sr_buf_printf(b, "    — %s", e->title ? e->title : "(untitled)");
		if (e->publication && e->doc_date)
			rc |= sr_buf_printf(b, " (%s, %s)", e->publication, doc_date);
		else if (e->publication || e->doc_date)
			rc |= sr_buf_printf(b, " (%s)", e->publication ? e->publication : doc_date);
		rc |= sr_buf_putc(b, '\n');
	} else {
		rc |= sr_buf_printf(b, "article  %s", e->title ? e->title : "(untitled)");
		if (e->publication)
			rc |= sr_buf_printf(b, " (%s)", e->publication);
		rc |= sr_buf_putc(b, '\n');
		rc |= text_sentence(b, e->text);
	}
	return rc;
}

/* ---- options ---- */

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

int cmd_timeline(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"actor", required_argument, NULL, 'a'},
		{"topic", required_argument, NULL, 'T'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"limit", required_argument, NULL, 'l'},
		{"json", no_argument, NULL, 'j'},
		{"dict", required_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *db = "sitrep.db", *actor = NULL, *topic = NULL;
	int json = 0, c, ndicts = 0;
	size_t limit = 0;
	sr_date from = 0, to = 0;
	char **dicts = calloc((size_t)argc + 1, sizeof *dicts);
	if (!dicts) {
		fprintf(stderr, "sitrep: out of memory\n");
		return EXIT_FATAL;
	}
	int code = EXIT_ALLOK;
#define USAGE(...)                                                  \
	do {                                                        \
		code = cli_usage_error("timeline", __VA_ARGS__);    \
		goto done_args;                                     \
	} while (0)
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a':
			if (actor)
				USAGE("--actor given twice");
			actor = optarg;
			break;
		case 'T':
			if (topic)
				USAGE("--topic given twice");
			topic = optarg;
			break;
		case 'f':
		case 't': {
			sr_date d = sr_date_parse_iso(optarg, strlen(optarg));
			if (!d)
				USAGE("--%s wants a date YYYY-MM-DD, not '%s'", c == 'f' ? "from" : "to", optarg);
			*(c == 'f' ? &from : &to) = d;
			break;
		}
		case 'l':
			if (parse_count(optarg, 0, 1000000000000LL, &limit) < 0)
				USAGE("--limit wants a number (0: all), not '%s'", optarg);
			break;
		case 'j': json = 1; break;
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
	if (!actor == !topic)
		USAGE("give one of --actor and --topic");
	if (actor && !*actor)
		USAGE("--actor needs a code or a name");
	if (from && to && from > to)
		USAGE("--from is after --to");
	if (!*db)
		USAGE("--db needs a path");
	if (topic && !sr_utf8_valid(topic, strlen(topic), NULL))
		USAGE("--topic is not valid UTF-8");
#undef USAGE

	/* The dictionaries: names for --actor, CAMEO names for the output. */
	sr_dict *dict = NULL;
	sr_coder *coder = NULL;
	sr_store *s = NULL;
	sr_timeline *tl = NULL;
	sr_error err;
	sr_error_clear(&err);
	char fp[CLI_DICT_FP_SIZE];
	if (cli_dicts_load(dicts, ndicts, &dict, fp) < 0) {
		code = EXIT_FATAL;
		goto done;
	}
	if (actor) {
		if (!(coder = sr_coder_create(dict))) {
			fprintf(stderr, "sitrep: out of memory\n");
			code = EXIT_FATAL;
			goto done;
		}
		/* Resolved before the store is opened, so that a name the
		 * dictionaries do not know is a usage error whatever the store;
		 * sr_timeline_actor resolves it again, at no cost to speak of. */
		sr_timeline_who who;
		if (sr_timeline_resolve(coder, actor, &who, &err) < 0) {
			code = cli_usage_error("timeline", "%s", err.msg);
			goto done;
		}
		if (!json && (who.person || strcmp(who.code, actor)))
			fprintf(stderr, "sitrep timeline: '%s' is %s%s%s\n", actor,
				who.person ? who.person : who.code, who.person ? " (a person, by name)" : "",
				who.person ? "" : " (actor code)");
	}

	if (sr_store_open(db, SR_STORE_READONLY, &s, &err) < 0) {
		cli_report(&err);
		code = EXIT_FATAL;
		goto done;
	}
	int rc = actor ? sr_timeline_actor(s, dict, coder, actor, from, to, &tl, &err)
		       : sr_timeline_topic(s, dict, topic, from, to, &tl, &err);
	sr_store_close(s);
	if (rc == SR_ENOMEM) {
		fprintf(stderr, "sitrep: out of memory\n");
		code = EXIT_FATAL;
		goto done;
	} else if (rc == SR_EINPUT) {
		code = cli_usage_error("timeline", "%s", err.msg);
		goto done;
	} else if (rc < 0) {
		cli_report(&err);
		code = EXIT_FATAL;
		goto done;
	}

	size_t shown = limit && limit < tl->n ? limit : tl->n;
	sr_buf out;
	sr_buf_init(&out, (size_t)64 << 20);
	int write_failed = 0;
	for (size_t i = 0; i < shown && !write_failed; i++) {
		const sr_timeline_entry *e = &tl->entries[i];
		sr_buf_reset(&out);
		int wrc = json ? sr_timeline_entry_json(e, &out) | sr_buf_putc(&out, '\n')
			       : text_entry(&out, e, e->cameo_name);
		if (!json && i + 1 < shown)
			wrc |= sr_buf_putc(&out, '\n');
		if (wrc < 0 || fwrite(out.p, 1, out.len, stdout) != out.len)
			write_failed = 1;
	}
	sr_buf_cleanup(&out);
	if (fflush(stdout) != 0 || write_failed) {
		fprintf(stderr, "sitrep timeline: cannot write output\n");
		code = EXIT_FATAL;
	} else if (!shown && !json) {
		fprintf(stderr, "sitrep timeline: nothing found for %s '%s'%s\n",
			actor ? "actor" : "topic", actor ? actor : topic,
			from || to ? " in those dates" : "");
	}

done:
	sr_timeline_free(tl);
	sr_coder_free(coder);
	sr_dict_free(dict);
done_args:
	free(dicts);
	return code;
}
