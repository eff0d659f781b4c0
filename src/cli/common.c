/* common.c — what the subcommands share: error lines, the read → extract
 * loop, the progress bar and the JSON shape of a document. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <ftw.h>
#include <time.h>
#include <unistd.h>

#include "alert.h"
#include "assess.h"
#include "cli.h"
#include "code.h"
#include "extract.h"
#include "store.h"
#include "util/buf.h"
#include "util/jsonesc.h"

void cli_report(const sr_error *err)
{
	char buf[1200];
	fprintf(stderr, "sitrep: %s\n", sr_error_format(err, buf, sizeof buf));
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "sitrep %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry 'sitrep %s --help'.\n", cmd);
	va_end(ap);
	return EXIT_USAGE;
}

/* ---- progress ------------------------------------------------------------- */

struct cli_progress {
	const char *label;
	long long total;
	struct timespec t0, last;
	int shown;
};

static double secs(struct timespec a, struct timespec b)
{
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

cli_progress *cli_progress_new(const char *label, long long total_bytes)
{
	if (!isatty(STDERR_FILENO))
		return NULL;
	cli_progress *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->label = label;
	p->total = total_bytes;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	p->last = p->t0;
	return p;
}

void cli_progress_update(cli_progress *p, long long done, long docs)
{
	if (!p)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (p->shown && secs(p->last, now) < 0.1)
		return;
	p->last = now;
	p->shown = 1;
	double el = secs(p->t0, now);
	double mbs = el > 0 ? (double)done / 1048576.0 / el : 0;
	if (p->total > 0) {
		double f = (double)done / (double)p->total;
		if (f > 1)
			f = 1;
		int w = 30, fill = (int)(f * w);
		char bar[32];
		for (int i = 0; i < w; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[w] = '\0';
		fprintf(stderr, "\r%s [%s] %3.0f%% %ld docs %.1f MB/s ", p->label, bar, f * 100, docs, mbs);
	} else {
		fprintf(stderr, "\r%s %ld docs %.1f MB %.1f MB/s ", p->label, docs, (double)done / 1048576.0, mbs);
	}
	fflush(stderr);
}

void cli_progress_free(cli_progress *p)
{
	if (!p)
		return;
	if (p->shown)
		fprintf(stderr, "\r\033[K");
	free(p);
}

/* Clear the bar's line so an error line can be printed; the next update redraws it. */
static void progress_clear(cli_progress *p)
{
	if (p && p->shown) {
		fprintf(stderr, "\r\033[K");
		p->shown = 0;
	}
}

static long long walk_sum; /* nftw has no user pointer */

static int add_size(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (type == FTW_F)
		walk_sum += st->st_size;
	return 0;
}

/* Total bytes under the inputs (for the bar); 0 (unknown) if stdin is among them. */
static long long input_bytes(char **paths, int n)
{
	walk_sum = 0;
	for (int i = 0; i < n; i++) {
		if (!strcmp(paths[i], "-"))
			return 0;
		nftw(paths[i], add_size, 16, FTW_PHYS);
	}
	return walk_sum;
}

/* ---- the input loop ------------------------------------------------------- */

int cli_for_each_doc(char **paths, int npaths, const cli_input_opts *opts, cli_doc_fn fn, void *ud,
		     long *rejected)
{
	*rejected = 0;
	sr_reader *r = sr_reader_new(&opts->read);
	sr_extractor *x = sr_extract_new();
	if (!r || !x) {
		fprintf(stderr, "sitrep: out of memory\n");
		sr_reader_free(r);
		sr_extract_free(x);
		return -1;
	}
	for (int i = 0; i < npaths; i++)
		if (sr_reader_add(r, paths[i]) < 0) {
			fprintf(stderr, "sitrep: out of memory\n");
			sr_reader_free(r);
			sr_extract_free(x);
			return -1;
		}
	/* Sizing the bar walks every input with a stat per file: only for a terminal. */
	cli_progress *bar = opts->progress && isatty(STDERR_FILENO)
				    ? cli_progress_new("reading", input_bytes(paths, npaths))
				    : NULL;
	long long bytes = 0;
	long docs = 0;
	int rc = 0;
	for (;;) {
		sr_input in;
		sr_error err;
		int got = sr_reader_next(r, &in, &err);
		if (got == 0)
			break;
		if (got < 0) {
			progress_clear(bar);
			cli_report(&err);
			(*rejected)++;
			continue;
		}
		if (in.repaired && !opts->quiet) {
			progress_clear(bar);
			fprintf(stderr, "sitrep: warning: %s%s%.0ld: replaced %zu invalid UTF-8 sequence(s)\n", in.file,
				in.line ? ":" : "", in.line, in.repaired);
		}
		sr_doc doc;
		if (sr_extract_doc(x, &in, &doc, &err) < 0) {
			if (!err.file[0])
				snprintf(err.file, sizeof err.file, "%s", in.file);
			if (!err.line)
				err.line = in.line;
			progress_clear(bar);
			cli_report(&err);
			(*rejected)++;
			sr_doc_cleanup(&doc);
			continue;
		}
		bytes += (long long)in.len;
		docs++;
		rc = fn(ud, &in, &doc);
		sr_doc_cleanup(&doc);
		if (rc < 0)
			break;
		cli_progress_update(bar, bytes, docs);
	}
	cli_progress_free(bar);
	sr_reader_free(r);
	sr_extract_free(x);
	return rc < 0 ? rc : 0;
}

/* ---- JSON ----------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *date_or_null(sr_date d)
{
	char buf[11];
	sr_date_format(d, buf);
	return buf[0] ? json_string(buf) : json_null();
}

static json_t *int_or_null(int v)
{
	return v >= 0 ? json_integer(v) : json_null();
}

json_t *cli_doc_to_json(const sr_doc *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "file", str_or_null(d->file));
	if (d->line)
		json_object_set_new(o, "line", json_integer(d->line));
	if (d->id)
		json_object_set_new(o, "id", json_string(d->id));
	if (d->url)
		json_object_set_new(o, "url", json_string(d->url));
	json_object_set_new(o, "publication", str_or_null(d->publication));
	json_object_set_new(o, "title", str_or_null(d->title));
	json_object_set_new(o, "byline", str_or_null(d->byline));
	json_object_set_new(o, "section", str_or_null(d->section));
	json_object_set_new(o, "period_start", date_or_null(d->period_start));
	json_object_set_new(o, "period_end", date_or_null(d->period_end));
	json_object_set_new(o, "date", date_or_null(d->date));
	json_object_set_new(o, "date_basis", str_or_null(sr_basis_name(d->date_basis)));
	json_object_set_new(o, "trend", str_or_null(sr_trend_name(d->trend)));
	json_object_set_new(o, "trend_assessed", str_or_null(sr_trend_name(d->trend_assessed)));
	json_object_set_new(o, "volume", int_or_null(d->volume));
	json_object_set_new(o, "issue", int_or_null(d->issue));
	json_object_set_new(o, "language", json_string(d->language));
	json_t *cites = json_array();
	for (size_t i = 0; i < d->ncites; i++) {
		json_t *c = json_object();
		json_object_set_new(c, "name", str_or_null(d->cites[i].name));
		json_object_set_new(c, "date", date_or_null(d->cites[i].date));
		json_array_append_new(cites, c);
	}
	json_object_set_new(o, "cited_sources", cites);
	/* The body was checked as UTF-8 when read; checking it again here
	 * would be a second pass over the largest field. */
	json_object_set_new(o, "body", d->body ? json_stringn_nocheck(d->body, d->body_len) : json_string(""));
	return o;
}

static int dump_to_buf(const char *p, size_t n, void *ud)
{
	return sr_buf_append(ud, p, n);
}

int cli_print_json(FILE *out, json_t *obj)
{
	/* One buffer reused across objects, and one write per object. A long
	 * "body" string is written last by sr_json_append_string, which copies
	 * it in runs; jansson writes the rest. */
	static sr_buf line;
	if (!line.limit)
		sr_buf_init(&line, (size_t)1 << 30);
	sr_buf_reset(&line);
	json_t *body = json_object_get(obj, "body");
	if (json_is_string(body)) {
		json_incref(body);
		json_object_del(obj, "body");
	} else {
		body = NULL;
	}
	int rc = json_dump_callback(obj, dump_to_buf, &line, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (rc == 0 && body) {
		line.len--; /* the closing brace */
		rc = sr_buf_puts(&line, line.len > 1 ? ",\"body\":" : "\"body\":");
		if (rc == 0)
			rc = sr_json_append_string(&line, json_string_value(body), json_string_length(body));
		if (rc == 0)
			rc = sr_buf_putc(&line, '}');
	}
	if (body)
		json_object_set_new(obj, "body", body);
	if (rc != 0 || sr_buf_putc(&line, '\n') < 0)
		return -1;
	return fwrite(line.p, 1, line.len, out) == line.len ? 0 : -1;
}

/* The match object of `sitrep alerts --json` ({"rule", "event"}, the event
 * as `sitrep events --json` prints it) for one stored event, closed, into b.
 * `sitrep alerts` and `sitrep fetch`/`watch` both use it, so that a live
 * round and a replay over the store deliver the same bytes. 0 or -1 (no
 * memory). */
int cli_alert_match_json(sr_buf *b, const char *rule, const sr_event_row *r)
{
	char lead[64];
	snprintf(lead, sizeof lead, "\"event_id\":%lld,\"doc_id\":%lld,", (long long)r->id,
		 (long long)r->doc_id);
	int rc = sr_buf_puts(b, "{\"rule\":");
	rc |= sr_json_append_string(b, rule, strlen(rule));
	rc |= sr_buf_puts(b, ",\"event\":");
	rc |= cli_event_json(b, lead, r->file, r->line, r->ext_id, &r->ev);
	rc |= sr_buf_puts(b, ",\"title\":");
	rc |= r->title ? sr_json_append_string(b, r->title, strlen(r->title)) : sr_buf_puts(b, "null");
	rc |= sr_buf_puts(b, ",\"publication\":");
	rc |= r->publication ? sr_json_append_string(b, r->publication, strlen(r->publication))
			     : sr_buf_puts(b, "null");
	rc |= sr_buf_puts(b, ",\"url\":");
	rc |= r->url ? sr_json_append_string(b, r->url, strlen(r->url)) : sr_buf_puts(b, "null");
	rc |= sr_buf_printf(b, ",\"modal\":%s,\"reported\":%s}}",
			    r->ev.flags & SR_EV_MODAL ? "true" : "false",
			    r->ev.flags & SR_EV_REPORTED ? "true" : "false");
	return rc < 0 ? -1 : 0;
}

/* What a rule looks at in a stored event (pointers borrowed from r). */
void cli_alert_event_of_row(const sr_event_row *r, sr_alert_event *out)
{
	const sr_store_event *e = &r->ev;
	*out = (sr_alert_event){
		.date = e->date,
		.source = e->source,
		.source_name = e->source_name,
		.source_party = e->source_party,
		.target = e->target,
		.target_name = e->target_name,
		.target_party = e->target_party,
		.cameo = e->cameo,
		.root = e->root,
		.quad = e->quad,
		.goldstein = e->goldstein,
		.plover = e->plover,
		.text = e->text,
		.text_len = e->text ? e->text_len : 0,
		.title = r->title,
		.publication = r->publication,
		.url = r->url,
	};
}

/* ---- an article's coding, owned (cli.h) ---- */

struct cli_codes {
	char source[SR_CODE_MAX], target[SR_CODE_MAX], cameo[8], root[4];
	char source_party[8], target_party[8];
	size_t source_name, target_name, plover; /* offset + 1 in names; 0 none */
};

void cli_coded_init(cli_coded *c, const char *body)
{
	memset(c, 0, sizeof *c);
	c->body = body;
	sr_buf_init(&c->names, (size_t)256 << 20);
}

void cli_coded_cleanup(cli_coded *c)
{
	free(c->ev);
	free(c->codes);
	sr_buf_cleanup(&c->names);
	memset(c, 0, sizeof *c);
}

int cli_coded_keep(const sr_event *ev, void *ud)
{
	cli_coded *j = ud;
	if (j->n == j->cap) {
		size_t cap = j->cap ? 2 * j->cap : 16;
		sr_store_event *e = realloc(j->ev, cap * sizeof *e);
		if (e)
			j->ev = e;
		struct cli_codes *c = e ? realloc(j->codes, cap * sizeof *c) : NULL;
		if (!c)
			return j->oom = 1;
		j->codes = c;
		j->cap = cap;
	}
	struct cli_codes *c = &j->codes[j->n];
	cli_event_from_coder(ev, j->body, &j->ev[j->n]);
	sr_str_copy(c->source, sizeof c->source, ev->source);
	sr_str_copy(c->target, sizeof c->target, ev->target);
	sr_str_copy(c->cameo, sizeof c->cameo, ev->cameo);
	sr_str_copy(c->root, sizeof c->root, ev->root);
	sr_str_copy(c->source_party, sizeof c->source_party, ev->source_party);
	sr_str_copy(c->target_party, sizeof c->target_party, ev->target_party);
	const char *strs[3] = {ev->source_name, ev->target_name, ev->plover};
	size_t *offs[3] = {&c->source_name, &c->target_name, &c->plover};
	for (int i = 0; i < 3; i++) {
		*offs[i] = 0;
		if (!strs[i])
			continue;
		*offs[i] = j->names.len + 1;
		if (sr_buf_append(&j->names, strs[i], strlen(strs[i]) + 1) < 0)
			return j->oom = 1;
	}
	j->n++;
	return 0;
}

void cli_coded_finish(cli_coded *j)
{
	for (size_t i = 0; i < j->n; i++) {
		struct cli_codes *c = &j->codes[i];
		sr_store_event *e = &j->ev[i];
		e->source = c->source;
		e->target = c->target;
		e->cameo = c->cameo;
		e->root = c->root;
		e->source_party = c->source_party;
		e->target_party = c->target_party;
		e->source_name = c->source_name ? j->names.p + c->source_name - 1 : NULL;
		e->target_name = c->target_name ? j->names.p + c->target_name - 1 : NULL;
		e->plover = c->plover ? j->names.p + c->plover - 1 : NULL;
	}
}

sr_trend cli_coded_assess(const cli_coded *j, const sr_doc *d)
{
	sr_event *ev = j->n ? calloc(j->n, sizeof *ev) : NULL;
	size_t n = ev ? j->n : 0;
	for (size_t i = 0; i < n; i++) {
		ev[i].sentence = j->ev[i].sentence;
		ev[i].quad = j->ev[i].quad;
		ev[i].goldstein = j->ev[i].goldstein;
		ev[i].flags = j->ev[i].flags;
	}
	/* without memory for the copy, judge on the wording alone */
	sr_trend t = sr_assess_article(d, ev, n, NULL);
	free(ev);
	return t;
}
