/* web_api.c — the JSON API of `sitrep serve` (/api/v1/…; docs/api.md).
 *
 * Every handler reads its query arguments strictly (a malformed one is a
 * 400, never silently ignored), asks the store through store.h's bound
 * queries, and writes JSON by hand with util/jsonesc.h, in the shapes the
 * CLI's --json prints, so that a script can move between the two. A list
 * answer is {"total", "limit", "offset", "items"}; total is null where
 * counting would cost a second pass (events).
 *
 * Store errors are never shown as they are: their text can hold SQL or
 * paths. A query the store refuses as input (SR_EINPUT) is a 400 with the
 * store's message, which names only the user's input; anything else is a
 * 500 or, for a query past its deadline, a 503, with a fixed message. */
#include <ctype.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulletin_build.h"
#include "bulletin_json.h"
#include "series_json.h"
#include "text.h"
#include "timeline.h"
#include "util/jsonesc.h"
#include "web_int.h"

/* Paging: a page is at most PAGE_MAX items, so that one request's answer
 * and store time stay small; offsets past OFFSET_MAX are not a page anyone
 * reads (and would make the store skip that many rows). */
enum { PAGE_DEFAULT = 20, PAGE_MAX = 500, SERIES_MAX = 5000 };
#define OFFSET_MAX 10000000L

static const char json_type[] = "application/json; charset=utf-8";

/* ---- JSON pieces ---- */

static int jstr(sr_buf *b, const char *s)
{
	return s ? sr_json_append_string(b, s, strlen(s)) : sr_buf_puts(b, "null");
}

/* NULL and "" alike are null: the store keeps unknown codes as "". */
static int jstr_nonempty(sr_buf *b, const char *s)
{
	return jstr(b, s && *s ? s : NULL);
}

static int jdate(sr_buf *b, sr_date d)
{
	if (!d)
		return sr_buf_puts(b, "null");
	char s[11];
	sr_date_format(d, s);
	return sr_buf_printf(b, "\"%s\"", s);
}

static int jnum(sr_buf *b, double v)
{
	return isfinite(v) ? sr_buf_printf(b, "%.6g", v) : sr_buf_puts(b, "null");
}

/* "key": s, with a leading comma */
static int jkey_str(sr_buf *b, const char *key, const char *s)
{
	return sr_buf_printf(b, ",\"%s\":", key) | jstr(b, s);
}

static int list_begin(sr_buf *b, long long total, long limit, long offset)
{
	if (total < 0)
		return sr_buf_printf(b, "{\"total\":null,\"limit\":%ld,\"offset\":%ld", limit, offset);
	return sr_buf_printf(b, "{\"total\":%lld,\"limit\":%ld,\"offset\":%ld", total, limit, offset);
}

/* ---- arguments and failures ---- */

static int store_fail(const sr_web_req *r, sr_web_resp *resp, int rc, const sr_error *err)
{
	if (rc == SR_EINPUT)
		return sr_web_fail(r, resp, 400, "%s", err->msg);
	if (rc == SR_ENOMEM)
		return sr_web_fail(r, resp, 503, "the answer is too large or memory ran out");
	if (strstr(err->msg, "interrupted"))
		return sr_web_fail(r, resp, 503, "the query took too long");
	return sr_web_fail(r, resp, 500, "the store failed");
}

static int too_large(const sr_web_req *r, sr_web_resp *resp)
{
	return sr_web_fail(r, resp, 503, "the answer is too large");
}

/* A list's answer: the envelope ({"total", "limit", "offset", with "q" when
 * has_q, then "items") around the items already written, which it frees.
 * total < 0: not counted (null). */
static int list_answer(const sr_web_req *r, sr_web_resp *resp, long long total, long limit, long offset,
		       int has_q, const char *q, sr_buf *items)
{
	resp->type = json_type;
	sr_buf *b = &resp->body;
	int w = list_begin(b, total, limit, offset);
	if (has_q)
		w |= jkey_str(b, "q", q);
	w |= sr_buf_puts(b, ",\"items\":[");
	w |= sr_buf_append(b, items->p ? items->p : "", items->len);
	w |= sr_buf_puts(b, "]}\n");
	sr_buf_cleanup(items);
	return w ? too_large(r, resp) : 0;
}

static int arg_paging(const sr_web_req *r, sr_web_resp *resp, long *limit, long *offset)
{
	if (sr_web_arg_long(r, "limit", 1, PAGE_MAX, PAGE_DEFAULT, limit) < 0)
		return sr_web_fail(r, resp, 400, "limit wants a number from 1 to %d", PAGE_MAX);
	if (sr_web_arg_long(r, "offset", 0, OFFSET_MAX, 0, offset) < 0)
		return sr_web_fail(r, resp, 400, "offset wants a number from 0 to %ld", OFFSET_MAX);
	return 0;
}

static int arg_dates(const sr_web_req *r, sr_web_resp *resp, sr_date *from, sr_date *to)
{
	if (sr_web_arg_date(r, "from", from) < 0)
		return sr_web_fail(r, resp, 400, "from wants a date YYYY-MM-DD");
	if (sr_web_arg_date(r, "to", to) < 0)
		return sr_web_fail(r, resp, 400, "to wants a date YYYY-MM-DD");
	if (*from && *to && *from > *to)
		return sr_web_fail(r, resp, 400, "from is after to");
	return 0;
}

/* Every text argument must be UTF-8: they are matched against UTF-8 text
 * and some are echoed in the answer, which must stay valid JSON. */
static int arg_utf8(const sr_web_req *r, sr_web_resp *resp)
{
	static const char *const names[] = {"q",     "publication", "section", "actor", "root",
					    "topic", "dyad",        "party",   "sphere", "by"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		const char *v = sr_web_arg(r, names[i]);
		if (v && !sr_utf8_valid(v, strlen(v), NULL))
			return sr_web_fail(r, resp, 400, "%s is not valid UTF-8", names[i]);
	}
	return 0;
}

/* A text argument: NULL when absent or empty. */
static const char *arg_text(const sr_web_req *r, const char *name)
{
	const char *v = sr_web_arg(r, name);
	return v && *v ? v : NULL;
}

static int arg_flag(const sr_web_req *r, sr_web_resp *resp, const char *name, int *out)
{
	long v;
	if (sr_web_arg_long(r, name, 0, 1, 0, &v) < 0)
		return sr_web_fail(r, resp, 400, "%s wants 0 or 1", name);
	*out = (int)v;
	return 0;
}

/* dyad=A-B into buf (upper case): *a and *b point into it. */
static int arg_dyad(const sr_web_req *r, sr_web_resp *resp, char *buf, size_t size, const char **a,
		    const char **b)
{
	const char *v = arg_text(r, "dyad");
	*a = *b = NULL;
	if (!v)
		return 0;
	const char *dash = strchr(v, '-');
	size_t n = strlen(v);
	if (!dash || dash == v || !dash[1] || strchr(dash + 1, '-') || n >= size)
		return sr_web_fail(r, resp, 400, "dyad wants two parties A-B (BLR-RUS)");
	for (size_t i = 0; i <= n; i++)
		buf[i] = (char)toupper((unsigned char)v[i]);
	buf[dash - v] = '\0';
	*a = buf;
	*b = buf + (dash - v) + 1;
	return 0;
}

/* An id in the path: digits only, 1 or more. 0 when it is not one. */
static int64_t path_id(const char *s)
{
	if (!*s || strlen(s) > 18)
		return 0;
	int64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* ---- /api/v1/documents ---- */

typedef struct list_state {
	sr_buf *b;
	size_t n;
	int rc;
} list_state;

static int doc_row(void *ud, const sr_doc_row *row)
{
	list_state *st = ud;
	sr_buf *b = st->b;
	int rc = sr_buf_printf(b, "%s{\"id\":%" PRId64, st->n++ ? "," : "", row->id);
	rc |= jkey_str(b, "title", row->title);
	rc |= jkey_str(b, "publication", row->publication);
	rc |= jkey_str(b, "section", row->section);
	rc |= sr_buf_puts(b, ",\"date\":") | jdate(b, row->date);
	rc |= jkey_str(b, "url", row->url);
	rc |= jkey_str(b, "file", row->file);
	rc |= jkey_str(b, "trend", sr_trend_name(row->trend));
	rc |= jkey_str(b, "trend_assessed", sr_trend_name(row->trend_assessed));
	rc |= jkey_str(b, "language", row->language);
	rc |= sr_buf_putc(b, '}');
	st->rc |= rc;
	return rc;
}

static int api_documents(const sr_web_req *r, sr_web_resp *resp)
{
	long limit, offset;
	sr_doc_query q = {0};
	int rc;
	if ((rc = arg_utf8(r, resp)) || (rc = arg_paging(r, resp, &limit, &offset)) ||
	    (rc = arg_dates(r, resp, &q.from, &q.to)))
		return rc;
	q.publication = arg_text(r, "publication");
	q.section = arg_text(r, "section");
	q.limit = (size_t)limit;
	q.offset = (size_t)offset;
	/* the items first, into a buffer of their own: the total comes with them */
	sr_buf items;
	sr_buf_init(&items, SR_WEB_BODY_MAX);
	list_state st = {.b = &items};
	size_t total = 0;
	sr_error err;
	sr_error_clear(&err);
	rc = sr_store_documents(r->ctx->store, &q, doc_row, &st, &total, &err);
	if (rc < 0 || st.rc) {
		sr_buf_cleanup(&items);
		return st.rc ? too_large(r, resp) : store_fail(r, resp, rc, &err);
	}
	return list_answer(r, resp, (long long)total, limit, offset, 0, NULL, &items);
}

static int count_row(void *ud, const sr_event_row *row)
{
	(void)row;
	(*(long long *)ud)++;
	return 0;
}

/* The document as `sitrep extract --json` writes it, with the store's id
 * first ("id"; the JSONL input's own id is "ext_id"), its near-duplicate
 * link and its count of events. */
static int api_document(const sr_web_req *r, sr_web_resp *resp)
{
	int64_t id = path_id(r->rest);
	if (!id)
		return sr_web_fail(r, resp, 404, "no document at this address (ids are numbers)");
	sr_doc d;
	int64_t dup_of = 0;
	sr_error err;
	sr_error_clear(&err);
	int rc = sr_store_get_doc(r->ctx->store, id, &d, &dup_of, &err);
	if (rc == SR_EINPUT)
		return sr_web_fail(r, resp, 404, "no document %" PRId64, id);
	if (rc < 0)
		return store_fail(r, resp, rc, &err);
	long long events = 0;
	sr_event_query eq = {.doc_id = id};
	rc = sr_store_events(r->ctx->store, &eq, count_row, &events, &err);
	if (rc < 0) {
		sr_doc_cleanup(&d);
		return store_fail(r, resp, rc, &err);
	}
	sr_buf *b = &resp->body;
	int w = sr_buf_printf(b, "{\"id\":%" PRId64 ",\"dup_of\":", id);
	w |= dup_of ? sr_buf_printf(b, "%" PRId64, dup_of) : sr_buf_puts(b, "null");
	w |= sr_buf_printf(b, ",\"events\":%lld", events);
	w |= jkey_str(b, "file", d.file);
	if (d.line)
		w |= sr_buf_printf(b, ",\"line\":%ld", d.line);
	w |= jkey_str(b, "ext_id", d.id);
	w |= jkey_str(b, "url", d.url);
	w |= jkey_str(b, "publication", d.publication);
	w |= jkey_str(b, "title", d.title);
	w |= jkey_str(b, "byline", d.byline);
	w |= jkey_str(b, "section", d.section);
	w |= sr_buf_puts(b, ",\"period_start\":") | jdate(b, d.period_start);
	w |= sr_buf_puts(b, ",\"period_end\":") | jdate(b, d.period_end);
	w |= sr_buf_puts(b, ",\"date\":") | jdate(b, d.date);
	w |= jkey_str(b, "date_basis", sr_basis_name(d.date_basis));
	w |= jkey_str(b, "trend", sr_trend_name(d.trend));
	w |= jkey_str(b, "trend_assessed", sr_trend_name(d.trend_assessed));
	w |= d.volume >= 0 ? sr_buf_printf(b, ",\"volume\":%d", d.volume) : sr_buf_puts(b, ",\"volume\":null");
	w |= d.issue >= 0 ? sr_buf_printf(b, ",\"issue\":%d", d.issue) : sr_buf_puts(b, ",\"issue\":null");
	w |= jkey_str(b, "language", d.language);
	w |= sr_buf_puts(b, ",\"cited_sources\":[");
	for (size_t i = 0; i < d.ncites; i++) {
		w |= sr_buf_puts(b, i ? ",{\"name\":" : "{\"name\":") | jstr(b, d.cites[i].name);
		w |= sr_buf_puts(b, ",\"date\":") | jdate(b, d.cites[i].date) | sr_buf_putc(b, '}');
	}
	w |= sr_buf_puts(b, "],\"body\":");
	w |= d.body ? sr_json_append_string(b, d.body, d.body_len) : sr_buf_puts(b, "\"\"");
	w |= sr_buf_puts(b, "}\n");
	sr_doc_cleanup(&d);
	resp->type = json_type;
	return w ? too_large(r, resp) : 0;
}

/* ---- /api/v1/search ---- */

/* The snippet as plain text, and where its matches are: the store marks
 * them with \x02 … \x03; the client gets byte offsets into the text it
 * receives, so that it escapes the text itself. */
static int hit_row(void *ud, const sr_search_hit *h)
{
	list_state *st = ud;
	sr_buf *b = st->b;
	int rc = sr_buf_printf(b, "%s{\"id\":%" PRId64 ",\"score\":", st->n++ ? "," : "", h->id);
	rc |= jnum(b, h->score);
	rc |= jkey_str(b, "title", h->title);
	rc |= jkey_str(b, "publication", h->publication);
	rc |= jkey_str(b, "section", h->section);
	rc |= sr_buf_puts(b, ",\"date\":") | jdate(b, h->date);
	rc |= jkey_str(b, "file", h->file);
	const char *s = h->snippet ? h->snippet : "";
	size_t len = strlen(s), k = 0, open = 0, nmarks = 0;
	char *plain = malloc(len + 1);
	size_t(*marks)[2] = malloc((len / 2 + 1) * sizeof *marks);
	if (!plain || !marks) {
		free(plain);
		free(marks);
		st->rc = -1;
		return 1;
	}
	int in = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\x02') {
			open = k, in = 1;
		} else if (s[i] == '\x03') {
			if (in && k > open) {
				marks[nmarks][0] = open;
				marks[nmarks][1] = k;
				nmarks++;
			}
			in = 0;
		} else {
			plain[k++] = s[i];
		}
	}
	rc |= sr_buf_puts(b, ",\"snippet\":");
	rc |= h->snippet ? sr_json_append_string(b, plain, k) : sr_buf_puts(b, "null");
	rc |= sr_buf_puts(b, ",\"highlights\":[");
	for (size_t i = 0; i < nmarks; i++)
		rc |= sr_buf_printf(b, "%s[%zu,%zu]", i ? "," : "", marks[i][0], marks[i][1]);
	rc |= sr_buf_puts(b, "]}");
	free(plain);
	free(marks);
	st->rc |= rc;
	return rc;
}

static int api_search(const sr_web_req *r, sr_web_resp *resp)
{
	long limit, offset;
	sr_search_query q = {0};
	int rc;
	if ((rc = arg_utf8(r, resp)) || (rc = arg_paging(r, resp, &limit, &offset)) ||
	    (rc = arg_dates(r, resp, &q.from, &q.to)))
		return rc;
	q.text = arg_text(r, "q");
	if (!q.text)
		return sr_web_fail(r, resp, 400, "q wants the words to search for");
	q.publication = arg_text(r, "publication");
	q.section = arg_text(r, "section");
	q.limit = (size_t)limit;
	q.offset = (size_t)offset;
	sr_buf items;
	sr_buf_init(&items, SR_WEB_BODY_MAX);
	list_state st = {.b = &items};
	size_t total = 0;
	sr_error err;
	sr_error_clear(&err);
	rc = sr_store_search(r->ctx->store, &q, hit_row, &st, &total, &err);
	if (rc < 0 || st.rc) {
		sr_buf_cleanup(&items);
		return st.rc ? too_large(r, resp) : store_fail(r, resp, rc, &err);
	}
	return list_answer(r, resp, (long long)total, limit, offset, 1, q.text, &items);
}

/* ---- /api/v1/events ---- */

static int json_actor(sr_buf *b, const char *key, const char *code, const char *name)
{
	int rc = sr_buf_printf(b, ",\"%s\":", key);
	if (!code || !*code)
		return rc | sr_buf_puts(b, "null");
	rc |= sr_buf_puts(b, "{\"code\":") | jstr(b, code);
	rc |= sr_buf_puts(b, ",\"name\":") | jstr_nonempty(b, name);
	return rc | sr_buf_putc(b, '}');
}

/* One event as `sitrep events --json` prints it (cli_event_json and
 * cmd_events.c's json_row; the CLI's own code is not linked into the
 * library, so the shape is written again here, key for key). */
static int event_row(void *ud, const sr_event_row *row)
{
	list_state *st = ud;
	sr_buf *b = st->b;
	const sr_store_event *e = &row->ev;
	int rc = sr_buf_printf(b, "%s{\"event_id\":%" PRId64 ",\"doc_id\":%" PRId64 ",\"file\":",
			       st->n++ ? "," : "", row->id, row->doc_id);
	rc |= jstr_nonempty(b, row->file);
	if (row->line > 0)
		rc |= sr_buf_printf(b, ",\"line\":%ld", row->line);
	if (row->ext_id)
		rc |= sr_buf_puts(b, ",\"id\":") | jstr(b, row->ext_id);
	rc |= sr_buf_printf(b, ",\"sentence\":%d,\"date\":", e->sentence);
	rc |= jdate(b, e->date);
	rc |= json_actor(b, "source", e->source, e->source_name);
	rc |= json_actor(b, "target", e->target, e->target_name);
	rc |= sr_buf_puts(b, ",\"cameo\":") | jstr_nonempty(b, e->cameo);
	rc |= sr_buf_puts(b, ",\"root\":") | jstr_nonempty(b, e->root);
	if (e->quad > 0 && isfinite(e->goldstein))
		rc |= sr_buf_printf(b, ",\"quad\":%d,\"goldstein\":%.6g", e->quad, e->goldstein);
	else
		rc |= sr_buf_puts(b, ",\"quad\":null,\"goldstein\":null");
	rc |= sr_buf_puts(b, ",\"plover\":") | jstr_nonempty(b, e->plover);
	rc |= sr_buf_puts(b, ",\"text\":");
	rc |= e->text ? sr_json_append_string(b, e->text, e->text_len) : sr_buf_puts(b, "null");
	rc |= jkey_str(b, "title", row->title);
	rc |= jkey_str(b, "publication", row->publication);
	rc |= jkey_str(b, "url", row->url);
	rc |= sr_buf_printf(b, ",\"modal\":%s,\"reported\":%s}", e->flags & SR_EV_MODAL ? "true" : "false",
			    e->flags & SR_EV_REPORTED ? "true" : "false");
	st->rc |= rc;
	return rc;
}

static int api_events(const sr_web_req *r, sr_web_resp *resp)
{
	long limit, offset, quad, doc;
	sr_event_query q = {0};
	char dyad[2 * SR_STORE_CODE_MAX + 2];
	int rc;
	if ((rc = arg_utf8(r, resp)) || (rc = arg_paging(r, resp, &limit, &offset)) ||
	    (rc = arg_dates(r, resp, &q.from, &q.to)) || (rc = arg_dyad(r, resp, dyad, sizeof dyad, &q.party_a, &q.party_b)) ||
	    (rc = arg_flag(r, resp, "directed", &q.directed)))
		return rc;
	if (q.directed && !q.party_a)
		return sr_web_fail(r, resp, 400, "directed needs a dyad");
	if (sr_web_arg_long(r, "quad", 1, 4, 0, &quad) < 0)
		return sr_web_fail(r, resp, 400, "quad wants 1, 2, 3 or 4");
	if (sr_web_arg_long(r, "doc", 1, LONG_MAX, 0, &doc) < 0)
		return sr_web_fail(r, resp, 400, "doc wants a document id");
	q.quad = (int)quad;
	q.doc_id = doc;
	q.actor = arg_text(r, "actor");
	q.root = arg_text(r, "root");
	q.limit = (size_t)limit;
	q.offset = (size_t)offset;
	sr_buf items;
	sr_buf_init(&items, SR_WEB_BODY_MAX);
	list_state st = {.b = &items};
	sr_error err;
	sr_error_clear(&err);
	rc = sr_store_events(r->ctx->store, &q, event_row, &st, &err);
	if (rc < 0 || st.rc) {
		sr_buf_cleanup(&items);
		return st.rc ? too_large(r, resp) : store_fail(r, resp, rc, &err);
	}
	/* No total: counting would be a second pass over the matches. */
	return list_answer(r, resp, -1, limit, offset, 0, NULL, &items);
}

/* ---- /api/v1/series (and /api/v1/trend) ---- */

typedef struct series_state {
	sr_buf *b;
	const char *label, *sphere;
	long long n; /* periods seen; only the first SERIES_MAX are written */
	int rc;
} series_state;

/* One period as `sitrep trend --json` prints it. */
static int series_row(void *ud, const sr_series_bucket *k)
{
	series_state *st = ud;
	if (st->n++ >= SERIES_MAX)
		return 0; /* counted, not written */
	sr_buf *b = st->b;
	int rc = (st->n > 1 ? sr_buf_putc(b, ',') : 0) | sr_series_bucket_json(b, st->label, st->sphere, k);
	st->rc |= rc;
	return rc;
}

static int api_series(const sr_web_req *r, sr_web_resp *resp)
{
	sr_series_query q = {0};
	char dyad[2 * SR_STORE_CODE_MAX + 2], label[2 * SR_STORE_CODE_MAX + 2], party[SR_STORE_CODE_MAX + 1];
	int rc;
	if ((rc = arg_utf8(r, resp)) || (rc = arg_dates(r, resp, &q.from, &q.to)) ||
	    (rc = arg_dyad(r, resp, dyad, sizeof dyad, &q.party_a, &q.party_b)) ||
	    (rc = arg_flag(r, resp, "directed", &q.directed)))
		return rc;
	const char *p = arg_text(r, "party");
	if (p && q.party_a)
		return sr_web_fail(r, resp, 400, "dyad and party do not go together");
	if (q.directed && !q.party_a)
		return sr_web_fail(r, resp, 400, "directed needs a dyad");
	const char *by = arg_text(r, "by");
	if (!by || !strcmp(by, "week"))
		q.by = SR_SERIES_WEEK;
	else if (!strcmp(by, "month"))
		q.by = SR_SERIES_MONTH;
	else
		return sr_web_fail(r, resp, 400, "by is week or month");
	if (q.party_a) {
		snprintf(label, sizeof label, "%s-%s", q.party_a, q.party_b);
	} else if (p) {
		size_t n = strlen(p);
		if (n >= sizeof party)
			return sr_web_fail(r, resp, 400, "party wants a party code (BLR)");
		for (size_t i = 0; i <= n; i++)
			party[i] = (char)toupper((unsigned char)p[i]);
		q.party = party;
		snprintf(label, sizeof label, "%s", party);
	} else {
		snprintf(label, sizeof label, "all");
	}
	const char *sphere = arg_text(r, "sphere");
	if (sphere) {
		const sr_spheres *sph = r->ctx->spheres;
		int k = sph ? sr_spheres_find(sph, sphere) : -1;
		if (k < 0)
			return sr_web_fail(r, resp, 400, "no such sphere (/api/v1/stats lists them)");
		q.spheres = sph;
		q.sphere = k;
		sphere = sr_spheres_id(sph, (size_t)k);
	}
	sr_buf items;
	sr_buf_init(&items, SR_WEB_BODY_MAX);
	series_state st = {.b = &items, .label = label, .sphere = sphere};
	sr_error err;
	sr_error_clear(&err);
	rc = sr_store_series(r->ctx->store, &q, series_row, &st, &err);
	if (rc < 0 || st.rc) {
		sr_buf_cleanup(&items);
		return st.rc ? too_large(r, resp) : store_fail(r, resp, rc, &err);
	}
	/* Not paged: a chart wants the whole series. Past SERIES_MAX periods
	 * only the first are given, and total says how many there were. */
	return list_answer(r, resp, st.n, SERIES_MAX, 0, 0, NULL, &items);
}

/* ---- /api/v1/bulletins ---- */

static int api_bulletins(const sr_web_req *r, sr_web_resp *resp)
{
	long limit, offset;
	int rc = arg_paging(r, resp, &limit, &offset);
	if (rc)
		return rc;
	char(*weeks)[9] = NULL;
	size_t n = 0;
	sr_error err;
	sr_error_clear(&err);
	rc = sr_bulletin_weeks(r->ctx->store, &weeks, &n, &err);
	if (rc < 0)
		return store_fail(r, resp, rc, &err);
	sr_buf *b = &resp->body;
	int w = list_begin(b, (long long)n, limit, offset);
	w |= sr_buf_puts(b, ",\"items\":[");
	for (size_t i = (size_t)offset, k = 0; i < n && k < (size_t)limit; i++, k++) {
		sr_date mon = sr_week_monday(weeks[i]);
		sr_date sun = mon ? sr_date_from_days(sr_date_to_days(mon) + 6) : 0;
		w |= sr_buf_printf(b, "%s{\"week\":\"%s\",\"start\":", k ? "," : "", weeks[i]);
		w |= jdate(b, mon) | sr_buf_puts(b, ",\"end\":") | jdate(b, sun);
		w |= sr_buf_printf(b, ",\"href\":\"/api/v1/bulletins/%s\"}", weeks[i]);
	}
	w |= sr_buf_puts(b, "]}\n");
	free(weeks);
	resp->type = json_type;
	return w ? too_large(r, resp) : 0;
}

/* "YYYY-Www" with digits where they belong (the week's existence is
 * sr_week_monday's to say). */
static int week_shaped(const char *s)
{
	if (strlen(s) != 8 || s[4] != '-' || s[5] != 'W')
		return 0;
	for (int i = 0; i < 8; i++)
		if (i != 4 && i != 5 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

static int api_bulletin(const sr_web_req *r, sr_web_resp *resp)
{
	const char *week = r->rest;
	sr_date from, to;
	if (!week_shaped(week) || !sr_bulletin_window(week, &from, &to))
		return sr_web_fail(r, resp, 404, "no such week (weeks are YYYY-Www, 2019-W12)");
	const sr_web_ctx *c = r->ctx;
	if (!c->spheres)
		return sr_web_fail(r, resp, 500, "the server has no spheres to make a bulletin with");
	sr_bulletin_maker *m = NULL;
	sr_bulletin *bl = NULL;
	sr_error err;
	sr_error_clear(&err);
	int rc = sr_bulletin_maker_create(c->store, c->spheres, c->dict, c->focus, from, to, &m, &err);
	if (rc == 0)
		rc = sr_bulletin_make(m, week, &bl, &err);
	if (rc == SR_EINPUT && bl == NULL && m) {
		sr_bulletin_maker_free(m);
		return sr_web_fail(r, resp, 404, "no such week");
	}
	if (rc == 0) {
		rc = sr_bulletin_render_json(bl, &resp->body, &err);
		if (rc == 0 && sr_buf_putc(&resp->body, '\n') < 0)
			rc = sr_error_set(&err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	}
	sr_bulletin_free(bl);
	sr_bulletin_maker_free(m);
	if (rc < 0)
		return store_fail(r, resp, rc, &err);
	resp->type = json_type;
	return 0;
}

/* ---- /api/v1/timeline ---- */

static int api_timeline(const sr_web_req *r, sr_web_resp *resp)
{
	long limit, offset;
	sr_date from, to;
	int rc;
	if ((rc = arg_utf8(r, resp)) || (rc = arg_paging(r, resp, &limit, &offset)) ||
	    (rc = arg_dates(r, resp, &from, &to)))
		return rc;
	const char *actor = arg_text(r, "actor"), *topic = arg_text(r, "topic");
	if (!actor == !topic)
		return sr_web_fail(r, resp, 400, "give one of actor and topic");
	const sr_web_ctx *c = r->ctx;
	sr_timeline *tl = NULL;
	sr_error err;
	sr_error_clear(&err);
	rc = actor ? sr_timeline_actor(c->store, c->dict, c->coder, actor, from, to, &tl, &err)
		   : sr_timeline_topic(c->store, c->dict, topic, from, to, &tl, &err);
	if (rc < 0)
		return store_fail(r, resp, rc, &err);
	sr_buf *b = &resp->body;
	int w = list_begin(b, (long long)tl->n, limit, offset);
	if (actor) {
		w |= sr_buf_puts(b, ",\"actor\":{\"query\":") | jstr(b, actor);
		w |= sr_buf_puts(b, ",\"person\":") | jstr(b, tl->who.person);
		w |= sr_buf_puts(b, ",\"code\":") | jstr(b, tl->who.person ? NULL : tl->who.code);
		w |= sr_buf_putc(b, '}');
	} else {
		w |= jkey_str(b, "topic", topic);
	}
	w |= sr_buf_puts(b, ",\"items\":[");
	for (size_t i = (size_t)offset, k = 0; i < tl->n && k < (size_t)limit && !w; i++, k++) {
		if (k)
			w |= sr_buf_putc(b, ',');
		w |= sr_timeline_entry_json(&tl->entries[i], b);
	}
	w |= sr_buf_puts(b, "]}\n");
	sr_timeline_free(tl);
	resp->type = json_type;
	return w ? too_large(r, resp) : 0;
}

/* ---- /api/v1/stats ---- */

static int pub_row(void *ud, const char *name, int64_t n)
{
	list_state *st = ud;
	int rc = sr_buf_puts(st->b, st->n++ ? ",{\"name\":" : "{\"name\":") | jstr(st->b, name);
	rc |= sr_buf_printf(st->b, ",\"documents\":%" PRId64 "}", n);
	st->rc |= rc;
	return rc;
}

static int api_stats(const sr_web_req *r, sr_web_resp *resp)
{
	sr_store_stats s;
	sr_error err;
	sr_error_clear(&err);
	int rc = sr_store_stats_get(r->ctx->store, &s, &err);
	if (rc < 0)
		return store_fail(r, resp, rc, &err);
	sr_buf *b = &resp->body;
	int w = sr_buf_printf(b,
			      "{\"documents\":%" PRId64 ",\"near_duplicates\":%" PRId64 ",\"citations\":%" PRId64
			      ",\"events\":%" PRId64 ",\"coded\":%" PRId64 ",\"first\":",
			      s.documents, s.near_duplicates, s.citations, s.events, s.coded);
	w |= jdate(b, s.first) | sr_buf_puts(b, ",\"last\":") | jdate(b, s.last);
	w |= sr_buf_puts(b, ",\"publications\":[");
	list_state st = {.b = b};
	rc = sr_store_publications(r->ctx->store, pub_row, &st, &err);
	if (rc < 0 && !st.rc)
		return store_fail(r, resp, rc, &err);
	w |= st.rc | sr_buf_puts(b, "],\"spheres\":[");
	const sr_spheres *sph = r->ctx->spheres;
	for (size_t i = 0; sph && i < sr_spheres_count(sph); i++) {
		w |= sr_buf_puts(b, i ? ",{\"id\":" : "{\"id\":") | jstr(b, sr_spheres_id(sph, i));
		w |= jkey_str(b, "title", sr_spheres_title(sph, i)) | sr_buf_putc(b, '}');
	}
	w |= sr_buf_puts(b, "],\"focus\":") | jstr(b, r->ctx->focus);
	w |= sr_buf_puts(b, "}\n");
	resp->type = json_type;
	return w ? too_large(r, resp) : 0;
}

/* ---- the table ---- */

static int api_unknown(const sr_web_req *r, sr_web_resp *resp)
{
	return sr_web_fail(r, resp, 404, "no API route at this address (see docs/api.md)");
}

/* Exact paths before the prefixes that share their start. */
const sr_web_route sr_web_api_routes[] = {
	{"/api/v1/documents", api_documents},
	{"/api/v1/documents/", api_document},
	{"/api/v1/search", api_search},
	{"/api/v1/events", api_events},
	{"/api/v1/series", api_series},
	{"/api/v1/trend", api_series},
	{"/api/v1/bulletins", api_bulletins},
	{"/api/v1/bulletins/", api_bulletin},
	{"/api/v1/timeline", api_timeline},
	{"/api/v1/stats", api_stats},
	{"/api/", api_unknown},
	{NULL, NULL},
};
