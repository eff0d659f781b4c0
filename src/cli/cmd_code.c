/* cmd_code.c — `sitrep code`: articles in, coded events out, one per line
 * (--json: the object of DESIGN.md). A filter: reads stdin with "-", writes
 * stdout; articles are read exactly as `extract` reads them and each body is
 * coded with the article's date.
 *
 * Also what `code`, `ingest` and `events` share: loading the dictionaries
 * (cli_dicts_load) and writing an event as JSON (cli_event_json). Events are
 * written by hand, not by jansson: its reals print 6.4 as
 * 6.4000000000000004, and this is the hot path of a filter. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "code.h"
#include "dict.h"
#include "store.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/jsonesc.h"

static const char usage_text[] =
	"usage: sitrep code [--json] [--dict PATH]... [--repair-utf8] [--quiet] PATH...\n"
	"\n"
	"Read articles (files, directories, or - for stdin; plain text, HTML or JSONL),\n"
	"find the events in their text — who did what to whom, as a CAMEO code with its\n"
	"Goldstein score, quad class and PLOVER category — and print one per line with\n"
	"the words that are its evidence. Each event is dated by a date stated in its\n"
	"sentence, else by the article's date.\n"
	"\n"
	"  --json         one JSON object per event: file, line and id (JSONL input),\n"
	"                 sentence, date, source and target {code, name}, cameo, root,\n"
	"                 quad, goldstein, plover, text\n"
	"  --dict PATH    code with this dictionary instead of the bundled ones\n"
	"                 (repeatable; sitrep's .sd format or TABARI/PETRARCH files)\n"
	"  --repair-utf8  replace invalid UTF-8 with U+FFFD (warned) instead of rejecting\n"
	"  --quiet        no warnings, no progress bar\n"
	"  -h, --help     this text\n"
	"\n"
	"Exit status: 0 ok (also when no event was found), 1 some inputs rejected\n"
	"(named on stderr), 2 usage, 3 fatal (a dictionary that cannot be loaded,\n"
	"an output error).\n";

/* ---- shared with ingest and events ---- */

/* A fingerprint of the dictionary files: XXH3-128 over each file's own
 * hash, in order, so that the same files give the same fingerprint. */
static int fingerprint_files(char **paths, int n, char *out, size_t size)
{
	sr_buf all;
	sr_buf_init(&all, (size_t)n * SR_HASH_LEN + 1);
	for (int i = 0; i < n; i++) {
		FILE *f = fopen(paths[i], "rb");
		if (!f) {
			sr_buf_cleanup(&all);
			return -1;
		}
		sr_buf content;
		sr_buf_init(&content, (size_t)512 << 20);
		char chunk[65536];
		size_t got;
		int bad = 0;
		while (!bad && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
			bad = sr_buf_append(&content, chunk, got);
		bad |= ferror(f);
		fclose(f);
		unsigned char h[SR_HASH_LEN];
		sr_hash128(content.p ? content.p : "", content.len, h);
		sr_buf_cleanup(&content);
		if (bad || sr_buf_append(&all, h, sizeof h) < 0) {
			sr_buf_cleanup(&all);
			return -1;
		}
	}
	char hex[SR_HASH_HEX_LEN + 1];
	sr_hash128_hex(all.p ? all.p : "", all.len, hex);
	sr_buf_cleanup(&all);
	snprintf(out, size, "xxh128:%s", hex);
	return 0;
}

int cli_dicts_load(char **paths, int n, sr_dict **out, char fingerprint[CLI_DICT_FP_SIZE])
{
	*out = NULL;
	sr_error err;
	sr_error_clear(&err);
	sr_dict *d = sr_dict_create();
	if (!d) {
		fprintf(stderr, "sitrep: out of memory\n");
		return -1;
	}
	int rc = 0;
	if (n == 0)
		rc = sr_dict_load_default(d, &err);
	for (int i = 0; i < n && rc == 0; i++)
		rc = sr_dict_load_file(d, paths[i], &err);
	/* TABARI/PETRARCH files carry no code table: the bundled one gives
	 * their events Goldstein scores, quad classes and PLOVER. */
	sr_dict_stats st;
	sr_dict_get_stats(d, &st);
	if (rc == 0 && st.cameo_codes == 0)
		rc = sr_dict_load_default_cameo(d, &err);
	if (rc == 0)
		rc = sr_dict_finish(d, &err);
	if (rc < 0) {
		if (!err.msg[0])
			snprintf(err.msg, sizeof err.msg, "cannot load the dictionaries");
		cli_report(&err);
		sr_dict_free(d);
		return -1;
	}
	if (err.msg[0]) { /* loaded, with lines skipped: say so once */
		char buf[1200];
		fprintf(stderr, "sitrep: warning: %s\n", sr_error_format(&err, buf, sizeof buf));
	}
	if (n == 0)
		snprintf(fingerprint, CLI_DICT_FP_SIZE, "default");
	else if (fingerprint_files(paths, n, fingerprint, CLI_DICT_FP_SIZE) < 0)
		snprintf(fingerprint, CLI_DICT_FP_SIZE, "files"); /* loaded, then unreadable: a race */
	*out = d;
	return 0;
}

void cli_event_from_coder(const sr_event *ev, const char *body, sr_store_event *out)
{
	*out = (sr_store_event){
		.sentence = ev->sentence,
		.date = ev->date,
		.source = ev->source,
		.source_name = ev->source_name,
		.target = ev->target,
		.target_name = ev->target_name,
		.source_party = ev->source_party,
		.target_party = ev->target_party,
		.cameo = ev->cameo,
		.root = ev->root,
		.quad = ev->quad,
		.goldstein = ev->goldstein,
		.plover = ev->plover,
		.text = body + ev->start,
		.text_len = ev->end > ev->start ? ev->end - ev->start : 0,
		.start = ev->start,
		.end = ev->end,
		.flags = ev->flags,
	};
}

static int put_str_or_null(sr_buf *b, const char *s)
{
	return s && *s ? sr_json_append_string(b, s, strlen(s)) : sr_buf_puts(b, "null");
}

static int put_actor(sr_buf *b, const char *key, const char *code, const char *name)
{
	int rc = sr_buf_printf(b, ",\"%s\":", key);
	if (!code || !*code)
		return rc | sr_buf_puts(b, "null");
	rc |= sr_buf_puts(b, "{\"code\":");
	rc |= sr_json_append_string(b, code, strlen(code));
	rc |= sr_buf_puts(b, ",\"name\":");
	rc |= put_str_or_null(b, name);
	return rc | sr_buf_putc(b, '}');
}

int cli_event_json(sr_buf *b, const char *lead, const char *file, long line, const char *id,
		   const sr_store_event *e)
{
	char date[11];
	sr_date_format(e->date, date);
	int rc = sr_buf_putc(b, '{');
	if (lead)
		rc |= sr_buf_puts(b, lead);
	rc |= sr_buf_puts(b, "\"file\":");
	rc |= put_str_or_null(b, file);
	if (line > 0)
		rc |= sr_buf_printf(b, ",\"line\":%ld", line);
	if (id) {
		rc |= sr_buf_puts(b, ",\"id\":");
		rc |= sr_json_append_string(b, id, strlen(id));
	}
	rc |= sr_buf_printf(b, ",\"sentence\":%d,\"date\":", e->sentence);
	rc |= date[0] ? sr_buf_printf(b, "\"%s\"", date) : sr_buf_puts(b, "null");
	rc |= put_actor(b, "source", e->source, e->source_name);
	rc |= put_actor(b, "target", e->target, e->target_name);
	rc |= sr_buf_puts(b, ",\"cameo\":");
	rc |= put_str_or_null(b, e->cameo);
	rc |= sr_buf_puts(b, ",\"root\":");
	rc |= put_str_or_null(b, e->root);
	/* Quad 0: the code is not in the CAMEO table, so its score is unknown too. */
	if (e->quad > 0 && isfinite(e->goldstein))
		rc |= sr_buf_printf(b, ",\"quad\":%d,\"goldstein\":%.6g", e->quad, e->goldstein);
	else
		rc |= sr_buf_puts(b, ",\"quad\":null,\"goldstein\":null");
	rc |= sr_buf_puts(b, ",\"plover\":");
	rc |= put_str_or_null(b, e->plover);
	rc |= sr_buf_puts(b, ",\"text\":");
	rc |= e->text ? sr_json_append_string(b, e->text, e->text_len) : sr_buf_puts(b, "null");
	return rc ? -1 : 0;
}

void cli_event_line(sr_buf *b, const char *file, long line, const sr_store_event *e)
{
	char date[11];
	sr_date_format(e->date, date);
	sr_buf_printf(b, "%-10s  %s -> %s  %s", date[0] ? date : "undated",
		      e->source && *e->source ? e->source : "-",
		      e->target && *e->target ? e->target : "-", e->cameo ? e->cameo : "-");
	if (e->quad > 0)
		sr_buf_printf(b, " (%+.1f%s%s)", e->goldstein, e->plover ? ", " : "",
			      e->plover ? e->plover : "");
	sr_buf_printf(b, "  %s%s%.0ld #%d: ", file ? file : "-", line > 0 ? ":" : "", line > 0 ? line : 0,
		      e->sentence);
	/* The evidence on one line. */
	int space = 0;
	for (size_t i = 0; e->text && i < e->text_len; i++) {
		char c = e->text[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			space = 1;
			continue;
		}
		if (space)
			sr_buf_putc(b, ' ');
		space = 0;
		sr_buf_putc(b, c);
	}
}

/* ---- the command ---- */

typedef struct code_state {
	int json;
	sr_coder *coder;
	const sr_doc *doc;
	const char *file;
	long line;
	sr_buf out;
	long events, rejected;
	int write_failed;
} code_state;

static int print_event(const sr_event *ev, void *ud)
{
	code_state *st = ud;
	const sr_doc *d = st->doc;
	sr_store_event e;
	cli_event_from_coder(ev, d->body, &e);
	sr_buf_reset(&st->out);
	int rc;
	if (st->json) {
		rc = cli_event_json(&st->out, NULL, st->file, st->line, d->id, &e);
		rc |= sr_buf_puts(&st->out, "}\n");
	} else {
		cli_event_line(&st->out, st->file, st->line, &e);
		rc = sr_buf_putc(&st->out, '\n');
	}
	if (rc < 0 || fwrite(st->out.p, 1, st->out.len, stdout) != st->out.len) {
		st->write_failed = 1;
		return 1;
	}
	st->events++;
	return 0;
}

static int code_doc(void *ud, const sr_input *in, sr_doc *d)
{
	code_state *st = ud;
	if (!d->body || !d->body_len)
		return 0;
	st->doc = d;
	st->file = d->file ? d->file : in->file;
	st->line = d->line ? d->line : in->line;
	long n = sr_coder_code_text(st->coder, d->body, d->body_len, d->date, print_event, st);
	if (st->write_failed)
		return -1;
	if (n == SR_EINPUT) { /* this article cannot be coded; the others can */
		fprintf(stderr, "sitrep: %s%s%.0ld: cannot code this article\n", st->file,
			st->line > 0 ? ":" : "", st->line > 0 ? st->line : 0);
		st->rejected++;
		return 0;
	}
	if (n < 0) {
		fprintf(stderr, "sitrep: %s: coding failed (%s)\n", st->file,
			n == SR_ENOMEM ? "out of memory" : "internal error");
		return -1;
	}
	return 0;
}

int cmd_code(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"dict", required_argument, NULL, 'D'},
		{"repair-utf8", no_argument, NULL, 'r'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	code_state st = {0};
	cli_input_opts opts = {.progress = 1};
	char **dicts = calloc((size_t)argc + 1, sizeof *dicts);
	int ndicts = 0, c;
	if (!dicts) {
		fprintf(stderr, "sitrep: out of memory\n");
		return EXIT_FATAL;
	}
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': st.json = 1; break;
		case 'D':
			if (!*optarg) {
				free(dicts);
				return cli_usage_error("code", "--dict needs a path");
			}
			dicts[ndicts++] = optarg;
			break;
		case 'r': opts.read.repair_utf8 = 1; break;
		case 'q': opts.quiet = 1, opts.progress = 0; break;
		case 'h': free(dicts); fputs(usage_text, stdout); return EXIT_ALLOK;
		case ':': free(dicts); return cli_usage_error("code", "option '%s' needs a value", argv[optind - 1]);
		default: free(dicts); return cli_usage_error("code", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		free(dicts);
		return cli_usage_error("code", "no input given (a path, or - for stdin)");
	}
	sr_dict *dict = NULL;
	char fp[CLI_DICT_FP_SIZE];
	int rc = cli_dicts_load(dicts, ndicts, &dict, fp);
	free(dicts);
	if (rc < 0)
		return EXIT_FATAL;
	st.coder = sr_coder_create(dict);
	if (!st.coder) {
		fprintf(stderr, "sitrep: out of memory\n");
		sr_dict_free(dict);
		return EXIT_FATAL;
	}
	/* An evidence span is a sentence or less; a 32 MB article's one
	 * sentence is the bound. */
	sr_buf_init(&st.out, (size_t)64 << 20);
	long rejected = 0;
	rc = cli_for_each_doc(argv + optind, argc - optind, &opts, code_doc, &st, &rejected);
	sr_buf_cleanup(&st.out);
	sr_coder_free(st.coder);
	sr_dict_free(dict);
	if (fflush(stdout) != 0 || st.write_failed) {
		fprintf(stderr, "sitrep code: cannot write output\n");
		return EXIT_FATAL;
	}
	if (rc < 0)
		return EXIT_FATAL;
	return rejected + st.rejected ? EXIT_REJECTED : EXIT_ALLOK;
}
