/* cmd_fetch.c — `sitrep fetch` (one round over the feeds) and `sitrep watch`
 * (rounds every interval until SIGINT/SIGTERM): the live intake.
 *
 * A round, per feed: a conditional GET with the validators the store kept
 * (feed.h, fetch.h); for a changed feed, each item not yet taken, oldest
 * first: its page fetched, extracted, coded and assessed as `ingest` does,
 * then stored and the item marked taken in ONE transaction — so a crash at
 * any moment keeps both or neither, and the next round takes up exactly
 * the items that are missing. Then the new article's events are matched
 * against the watch rules (alert.h).
 *
 * Remote faults never end the run: a feed or page that fails is named on
 * stderr and the round goes on. A page that fails for a while (SR_EIO) is
 * left untaken, to be tried next round; one that fails for good (SR_EINPUT)
 * falls back to the text the feed carries, or is marked taken with no
 * article so it is not asked for forever. A feed's new validators are saved
 * only when every one of its items was settled: otherwise the next GET would
 * be answered 304 and the untaken items never tried again.
 *
 * Only store errors are fatal (exit 3). */
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alert.h"
#include "assess.h"
#include "cli.h"
#include "code.h"
#include "dict.h"
#include "extract.h"
#include "feed.h"
#include "fetch.h"
#include "sphere.h"
#include "store.h"
#include "util/buf.h"

static const char fetch_usage[] =
	"usage: sitrep fetch [--db PATH] [--dict PATH]... [--rules FILE [--webhook URL]\n"
	"                    [--alerts-out FILE]] [--json] [--timeout S] [--max-items N]\n"
	"                    [--tries N] [--host-delay S] FEED_URL...\n"
	"\n"
	"Poll each RSS or Atom feed once: a conditional GET (the feed's ETag and\n"
	"Last-Modified from the last poll); for a changed feed, fetch the page of each\n"
	"item not taken before (oldest first), extract, code and store it as `ingest`\n"
	"does, and mark the item taken in the same transaction. A page that cannot be\n"
	"fetched for now (timeout, 5xx) is tried again next time; one that is gone\n"
	"(4xx, too large) is stored from the feed's own text when it has some, else\n"
	"marked taken without an article. An article already stored (the same story\n"
	"through two feeds) is a duplicate. With --rules, the new articles' events are\n"
	"matched against the watch rules (docs/alerts.md) and each match printed.\n"
	"\n"
	"  --db PATH          the database: a file (default sitrep.db; created if missing)\n"
	"                     or postgresql://user@host/db\n"
	"  --dict PATH        code with this dictionary instead of the bundled ones\n"
	"                     (repeatable)\n"
	"  --rules FILE       watch rules for the new events\n"
	"  --webhook URL      POST each match (the JSON of `alerts --json`) to URL\n"
	"  --alerts-out FILE  append each match as a JSON line to FILE\n"
	"  --json             matches and the summary as JSON objects, one a line\n"
	"  --timeout S        seconds per request (default 60)\n"
	"  --max-items N      at most N new items per feed and round (default: all)\n"
	"  --tries N          tries per request, the first included (default 4)\n"
	"  --host-delay S     seconds between two requests to one host (default 1)\n"
	"  -h, --help         this text\n"
	"\n"
	"Prints \"feeds N, not modified N, new items N, stored N, duplicates N, failed\n"
	"pages N, failed feeds N, alerts N\". Failures are named on stderr with their URL.\n"
	"Exit status: 0 ok, 1 some feeds, pages or webhook deliveries failed (the rest\n"
	"done), 2 usage, 3 fatal store error (what was committed before it is kept).\n";

static const char watch_usage[] =
	"usage: sitrep watch --every DURATION [fetch's options] FEED_URL...\n"
	"\n"
	"Run `sitrep fetch` rounds over the feeds every DURATION (30s, 15m, 1h; at\n"
	"least 1s), a summary line after each, until SIGINT or SIGTERM: the item in\n"
	"progress is finished (its transaction committed) and the command exits 0.\n"
	"A kill at any moment loses nothing committed; a restart takes up exactly the\n"
	"items still missing.\n"
	"\n"
	"  --every DURATION   the time from the start of one round to the next\n"
	"  (the options of `sitrep fetch --help`)\n"
	"\n"
	"Exit status: 0 stopped by a signal, 2 usage, 3 fatal store error.\n";

enum {
	WEBHOOK_GIVE_UP = 5, /* failed deliveries in a row: the receiver is down */
	MAX_EVERY_S = 7 * 24 * 3600,
};

/* The strings of one event that the coder lends only for its callback. */
typedef struct round_stats {
	long feeds, not_modified, new_items, stored, duplicates, failed_pages, failed_feeds, alerts,
		alerts_failed;
} round_stats;

typedef struct fetch_state {
	sr_store *store;
	sr_fetcher *fetcher;
	sr_extractor *ex;
	sr_coder *coder;
	char dict_fp[CLI_DICT_FP_SIZE];
	sr_alerts *rules;
	const char *webhook;
	FILE *alerts_out;
	double timeout;
	int json;
	long max_items; /* 0: all */
	/* watch: SIGINT/SIGTERM are blocked and looked for between items */
	int watch;
	sigset_t sigs;
	int stop;
	round_stats r;
	long failed_row; /* webhook deliveries failed in a row */
	sr_buf line, body;
	int oom, write_failed;
} fetch_state;

/* ---- small helpers ---- */

/* A signal asked the watch to stop? Checked between items. */
static int stop_requested(fetch_state *st)
{
	if (!st->watch || st->stop)
		return st->stop;
	sigset_t pend;
	if (sigpending(&pend) == 0 && (sigismember(&pend, SIGINT) || sigismember(&pend, SIGTERM)))
		st->stop = 1;
	return st->stop;
}

/* A page's bytes as the extractor wants them: valid UTF-8 without NULs (a
 * NUL becomes a space, an invalid sequence U+FFFD). Pages declaring another
 * charset are rare in this field; what is not UTF-8 stays readable as text
 * around the replacement characters. 0 or -1 (no memory). */
static int utf8_clean(const char *p, size_t len, sr_buf *out)
{
	sr_buf_reset(out);
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)p[i];
		size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		int ok = n > 0 && i + n <= len;
		for (size_t k = 1; ok && k < n; k++)
			ok = ((unsigned char)p[i + k] & 0xC0) == 0x80;
		if (ok && n > 1) { /* overlong forms, surrogates and past U+10FFFF */
			unsigned char d = (unsigned char)p[i + 1];
			ok = !(n == 2 && c < 0xC2) && !(n == 3 && c == 0xE0 && d < 0xA0) &&
			     !(n == 3 && c == 0xED && d >= 0xA0) && !(n == 4 && c == 0xF0 && d < 0x90) &&
			     !(n == 4 && (c > 0xF4 || (c == 0xF4 && d >= 0x90)));
		}
		int rc;
		if (!ok) {
			rc = sr_buf_puts(out, "\xEF\xBF\xBD");
			i++;
		} else if (c == 0) {
			rc = sr_buf_putc(out, ' ');
			i++;
		} else {
			rc = sr_buf_append(out, p + i, n);
			i += n;
		}
		if (rc < 0)
			return -1;
	}
	return 0; /* sr_buf keeps its bytes NUL-terminated */
}

/* A fetch error: its message names the URL that failed (after redirects),
 * so the URL asked for is not printed before it a second time. */
static void report_fetch(sr_error *err)
{
	if (err->file[0] && strstr(err->msg, err->file))
		err->file[0] = '\0';
	cli_report(err);
}

/* ---- coding (cli.h's cli_coded, as ingest codes) ---- */

/* Code the document's body and assess it. 1 coded (cd->n may be 0), 0 the
 * coder refused the text (stored uncoded, warned), -1 no memory. */
static int code_doc(fetch_state *st, sr_doc *d, cli_coded *cd)
{
	long n = d->body_len ? sr_coder_code_text(st->coder, d->body, d->body_len, d->date, cli_coded_keep, cd)
			     : 0;
	if (cd->oom || n == SR_ENOMEM)
		return -1;
	if (n < 0) {
		fprintf(stderr, "sitrep: warning: %s: cannot code this article; stored without events\n",
			d->url ? d->url : d->file);
		cd->n = 0;
		return 0;
	}
	cli_coded_finish(cd);
	/* sitrep's own reading of the article, as ingest stores it */
	d->trend_assessed = cli_coded_assess(cd, d);
	return 1;
}

/* ---- alerts ---- */

typedef struct match_ctx {
	fetch_state *st;
	const sr_event_row *row;
} match_ctx;

static int on_match(void *ud, size_t i, const char *name)
{
	(void)i;
	match_ctx *m = ud;
	fetch_state *st = m->st;
	sr_buf_reset(&st->body);
	if (cli_alert_match_json(&st->body, name, m->row) < 0) {
		st->oom = 1;
		return 1;
	}
	sr_buf_reset(&st->line);
	int rc;
	if (st->json) {
		rc = sr_buf_append(&st->line, st->body.p, st->body.len) | sr_buf_putc(&st->line, '\n');
	} else {
		rc = sr_buf_printf(&st->line, "alert [%s]  ", name);
		cli_event_line(&st->line, m->row->url ? m->row->url : m->row->file, 0, &m->row->ev);
		rc |= sr_buf_printf(&st->line, "  [doc %lld]\n", (long long)m->row->doc_id);
	}
	if (rc < 0 || fwrite(st->line.p, 1, st->line.len, stdout) != st->line.len) {
		st->write_failed = 1;
		return 1;
	}
	if (st->alerts_out && (fwrite(st->body.p, 1, st->body.len, st->alerts_out) != st->body.len ||
			       fputc('\n', st->alerts_out) == EOF || fflush(st->alerts_out) != 0)) {
		st->write_failed = 1;
		return 1;
	}
	st->r.alerts++;
	if (st->webhook) {
		if (st->failed_row >= WEBHOOK_GIVE_UP) {
			st->r.alerts_failed++; /* the receiver is down: counted, not tried */
			return 0;
		}
		sr_error err;
		sr_error_clear(&err);
		if (sr_alert_post(st->webhook, st->body.p, st->timeout, &err) < 0) {
			cli_report(&err);
			st->r.alerts_failed++;
			if (++st->failed_row == WEBHOOK_GIVE_UP)
				fprintf(stderr, "sitrep: %d webhook deliveries in a row failed; not trying again this round\n",
					WEBHOOK_GIVE_UP);
		} else {
			st->failed_row = 0;
		}
	}
	return 0;
}

static int on_event_row(void *ud, const sr_event_row *r)
{
	match_ctx *m = ud;
	sr_alert_event ev;
	cli_alert_event_of_row(r, &ev);
	m->row = r;
	if (sr_alerts_match(m->st->rules, &ev, on_match, m) < 0)
		m->st->oom = 1;
	return m->st->oom || m->st->write_failed;
}

/* The stored events of a newly added article against the rules: read back
 * from the store, so a match carries the same ids and fields as `sitrep
 * alerts` would give over the store. 0, or -1 fatal (reported). */
static int alert_doc(fetch_state *st, int64_t doc_id)
{
	if (!st->rules || !sr_alerts_count(st->rules))
		return 0;
	sr_event_query q = {.doc_id = doc_id};
	match_ctx m = {.st = st};
	sr_error err;
	sr_error_clear(&err);
	if (sr_store_events(st->store, &q, on_event_row, &m, &err) < 0) {
		cli_report(&err);
		return -1;
	}
	if (st->oom || st->write_failed) {
		fprintf(stderr, "sitrep: %s\n", st->oom ? "out of memory" : "cannot write the alerts");
		return -1;
	}
	return 0;
}

/* ---- one item ---- */

/* Mark an item taken without an article, in its own transaction. */
static int mark_only(fetch_state *st, const char *feed, const sr_feed_item *it, int64_t doc_id)
{
	sr_error err;
	sr_error_clear(&err);
	if (sr_store_begin(st->store, &err) < 0 ||
	    sr_store_item_mark(st->store, feed, it->id, it->link, doc_id, &err) < 0 ||
	    sr_store_commit(st->store, &err) < 0) {
		cli_report(&err);
		sr_store_rollback(st->store);
		return -1;
	}
	return 0;
}

/* Extract, code, store and mark one item whose text is in (bytes, fmt).
 * 1 stored (or a duplicate), 0 the text was refused (reported; the caller
 * decides), -1 fatal (reported). */
static int store_item(fetch_state *st, const char *feed, const sr_feed_item *it, const char *url,
		      const char *bytes, size_t len, sr_format fmt)
{
	sr_buf clean;
	sr_buf_init(&clean, (size_t)4 * len + 16);
	if (utf8_clean(bytes, len, &clean) < 0) {
		sr_buf_cleanup(&clean);
		fprintf(stderr, "sitrep: out of memory\n");
		return -1;
	}
	sr_input in = {
		.file = feed,
		.id = it->id,
		.url = url,
		.title = it->title,
		.date = it->date,
		.format = fmt,
		.bytes = clean.p ? clean.p : "",
		.len = clean.len,
	};
	sr_doc d;
	sr_error err;
	sr_error_clear(&err);
	int rc = sr_extract_doc(st->ex, &in, &d, &err);
	sr_buf_cleanup(&clean);
	if (rc == SR_ENOMEM) {
		sr_doc_cleanup(&d);
		fprintf(stderr, "sitrep: out of memory\n");
		return -1;
	}
	if (rc < 0) {
		if (!err.file[0])
			snprintf(err.file, sizeof err.file, "%s", url);
		cli_report(&err);
		sr_doc_cleanup(&d);
		return 0;
	}
	cli_coded cd;
	cli_coded_init(&cd, d.body);
	int coded_ok = st->coder ? code_doc(st, &d, &cd) : 0;
	sr_store_key key;
	int out = -1;
	if (coded_ok < 0) {
		fprintf(stderr, "sitrep: out of memory\n");
		goto done;
	}
	rc = sr_store_key_doc(&d, &key, &err);
	if (rc == SR_EINPUT) {
		snprintf(err.file, sizeof err.file, "%s", url);
		cli_report(&err);
		out = 0;
		goto done;
	}
	if (rc < 0) {
		cli_report(&err);
		goto done;
	}
	sr_store_coding coding = {.ev = cd.ev, .n = cd.n, .dict = st->dict_fp};
	sr_put_result res = {0};
	if (sr_store_begin(st->store, &err) < 0) {
		cli_report(&err);
		goto done;
	}
	rc = sr_store_put_coded(st->store, &d, &key, coded_ok ? &coding : NULL, &res, &err);
	if (rc == SR_EINPUT) { /* nothing was written; the transaction is still clean */
		sr_store_rollback(st->store);
		snprintf(err.file, sizeof err.file, "%s", url);
		cli_report(&err);
		out = 0;
		goto done;
	}
	/* The item is marked with the article it brought: the new one, or for a
	 * duplicate the one already stored. */
	if (rc < 0 || sr_store_item_mark(st->store, feed, it->id, it->link, res.id, &err) < 0 ||
	    sr_store_commit(st->store, &err) < 0) {
		cli_report(&err);
		sr_store_rollback(st->store);
		goto done;
	}
	if (res.kind == SR_PUT_ADDED) {
		st->r.stored++;
		if (coded_ok && cd.n && alert_doc(st, res.id) < 0)
			goto done;
	} else {
		st->r.duplicates++;
	}
	out = 1;
done:
	cli_coded_cleanup(&cd);
	sr_doc_cleanup(&d);
	return out;
}

/* What the feed itself carries of an item, to store when its page is gone. */
static const char *feed_text(const sr_feed_item *it, sr_format *fmt /* OUT */)
{
	*fmt = SR_FMT_HTML;
	if (it->content_html && *it->content_html)
		return it->content_html;
	*fmt = SR_FMT_PLAIN;
	if (it->content && *it->content)
		return it->content;
	if (it->summary && *it->summary)
		return it->summary;
	return NULL;
}

/* One new item. 1 settled (stored, a duplicate, or marked as having none),
 * 0 left for the next round, -1 fatal. */
static int take_item(fetch_state *st, const char *feed, const sr_feed_item *it)
{
	sr_error err;
	sr_error_clear(&err);
	if (it->link) {
		sr_fetch_result res;
		sr_fetch_result_init(&res);
		int rc = sr_fetch_get(st->fetcher, it->link, NULL, &res, &err);
		if (rc == 0 && res.body.len == 0)
			rc = sr_error_set(&err, SR_EINPUT, it->link, 0, -1, "%s: empty page (HTTP %ld)",
					  it->link, res.status);
		if (rc == 0) {
			int s = store_item(st, feed, it, res.final_url ? res.final_url : it->link, res.body.p,
					   res.body.len, SR_FMT_HTML);
			sr_fetch_result_cleanup(&res);
			if (s != 0)
				return s;
			/* the page held no article: the feed's own text may */
		} else {
			sr_fetch_result_cleanup(&res);
			if (rc == SR_ENOMEM) {
				fprintf(stderr, "sitrep: out of memory\n");
				return -1;
			}
			report_fetch(&err);
			if (rc != SR_EINPUT) { /* for now (timeout, 5xx): next round */
				st->r.failed_pages++;
				return 0;
			}
		}
	}
	/* The page is gone for good, or there is none: the feed's text, else
	 * the item is marked taken with no article (not asked for forever). */
	sr_format fmt;
	const char *text = feed_text(it, &fmt);
	if (text) {
		int s = store_item(st, feed, it, it->link ? it->link : feed, text, strlen(text), fmt);
		if (s != 0)
			return s;
	}
	st->r.failed_pages++;
	fprintf(stderr, "sitrep: %s: item %s: nothing to store; marked as taken\n", feed,
		it->link ? it->link : it->id);
	return mark_only(st, feed, it, 0) < 0 ? -1 : 1;
}

/* ---- one feed ---- */

typedef struct pending {
	size_t idx;
	int dated;
	long long key; /* seconds */
} pending;

/* Oldest first: dated items by their time, undated ones before them in the
 * reverse of the feed's order (feeds list the newest first). */
static int pending_cmp(const void *a, const void *b)
{
	const pending *x = a, *y = b;
	if (x->dated != y->dated)
		return x->dated - y->dated;
	if (x->dated && x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->idx < y->idx ? 1 : x->idx > y->idx ? -1 : 0;
}

static void feed_failed(fetch_state *st, const char *url, sr_feed_state *fs, long status)
{
	st->r.failed_feeds++;
	fs->failures++;
	fs->status = (int)status;
	sr_error err;
	sr_error_clear(&err);
	if (sr_store_feed_put(st->store, url, fs, &err) < 0)
		cli_report(&err); /* the record of a failure only; next round writes it again */
}

/* 0, or -1 fatal (reported). */
static int poll_feed(fetch_state *st, const char *url)
{
	st->r.feeds++;
	sr_error err;
	sr_error_clear(&err);
	sr_feed_state fs;
	memset(&fs, 0, sizeof fs);
	int known = sr_store_feed_get(st->store, url, &fs, &err);
	if (known < 0) {
		cli_report(&err);
		return -1;
	}
	sr_fetch_cond cond = {.etag = fs.etag[0] ? fs.etag : NULL,
			      .last_modified = fs.last_modified[0] ? fs.last_modified : NULL};
	sr_fetch_result res;
	sr_fetch_result_init(&res);
	int rc = sr_fetch_get(st->fetcher, url, &cond, &res, &err);
	if (rc == SR_ENOMEM) {
		sr_fetch_result_cleanup(&res);
		fprintf(stderr, "sitrep: out of memory\n");
		return -1;
	}
	if (rc == 0 && !res.not_modified && res.body.len == 0)
		rc = sr_error_set(&err, SR_EINPUT, url, 0, -1, "%s: empty answer (HTTP %ld)", url, res.status);
	if (rc < 0) {
		report_fetch(&err);
		feed_failed(st, url, &fs, res.status);
		sr_fetch_result_cleanup(&res);
		return 0;
	}
	if (res.not_modified) {
		st->r.not_modified++;
		fs.status = 304;
		fs.failures = 0;
		sr_fetch_result_cleanup(&res);
		if (sr_store_feed_put(st->store, url, &fs, &err) < 0) {
			cli_report(&err);
			return -1;
		}
		return 0;
	}
	sr_feed *feed = NULL;
	rc = sr_feed_parse(res.body.p, res.body.len, res.final_url ? res.final_url : url, NULL, &feed, &err);
	if (rc < 0) {
		if (rc == SR_ENOMEM) {
			sr_fetch_result_cleanup(&res);
			fprintf(stderr, "sitrep: out of memory\n");
			return -1;
		}
		snprintf(err.file, sizeof err.file, "%s", url);
		cli_report(&err);
		feed_failed(st, url, &fs, res.status); /* old validators kept: the next GET is whole */
		sr_fetch_result_cleanup(&res);
		return 0;
	}
	size_t n = sr_feed_count(feed), np = 0;
	pending *p = n ? calloc(n, sizeof *p) : NULL;
	int out = 0, settled = 1;
	if (n && !p) {
		fprintf(stderr, "sitrep: out of memory\n");
		out = -1;
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const sr_feed_item *it = sr_feed_item_at(feed, i);
		int64_t doc = 0;
		int seen = sr_store_item_seen(st->store, url, it->id, &doc, &err);
		if (seen < 0) {
			cli_report(&err);
			out = -1;
			goto done;
		}
		if (seen)
			continue;
		/* the same id twice in one feed is one item */
		int twice = 0;
		for (size_t k = 0; k < np && !twice; k++)
			twice = !strcmp(sr_feed_item_at(feed, p[k].idx)->id, it->id);
		if (twice)
			continue;
		p[np].idx = i;
		p[np].dated = it->has_time || it->date;
		p[np].key = it->has_time ? it->published : (long long)sr_date_to_days(it->date) * 86400;
		np++;
	}
	qsort(p, np, sizeof *p, pending_cmp);
	for (size_t k = 0; k < np; k++) {
		if (stop_requested(st) || (st->max_items && (long)k >= st->max_items)) {
			settled = 0;
			break;
		}
		st->r.new_items++;
		int t = take_item(st, url, sr_feed_item_at(feed, p[k].idx));
		if (t < 0) {
			out = -1;
			goto done;
		}
		if (t == 0)
			settled = 0;
	}
	/* New validators only when nothing of this answer is left to take. */
	if (settled) {
		snprintf(fs.etag, sizeof fs.etag, "%s", res.etag && strlen(res.etag) < sizeof fs.etag ? res.etag : "");
		snprintf(fs.last_modified, sizeof fs.last_modified, "%s",
			 res.last_modified && strlen(res.last_modified) < sizeof fs.last_modified ? res.last_modified : "");
	}
	fs.status = (int)res.status;
	fs.failures = 0;
	if (sr_store_feed_put(st->store, url, &fs, &err) < 0) {
		cli_report(&err);
		out = -1;
	}
done:
	free(p);
	sr_feed_free(feed);
	sr_fetch_result_cleanup(&res);
	return out;
}

/* ---- rounds ---- */

static int print_summary(fetch_state *st)
{
	round_stats *r = &st->r;
	if (st->json) {
		json_t *o = json_pack("{sIsIsIsIsIsIsIsIsI}", "feeds", (json_int_t)r->feeds, "not_modified",
				      (json_int_t)r->not_modified, "new_items", (json_int_t)r->new_items,
				      "stored", (json_int_t)r->stored, "duplicates", (json_int_t)r->duplicates,
				      "failed_pages", (json_int_t)r->failed_pages, "failed_feeds",
				      (json_int_t)r->failed_feeds, "alerts", (json_int_t)r->alerts,
				      "alerts_failed", (json_int_t)r->alerts_failed);
		int w = o ? cli_print_json(stdout, o) : -1;
		json_decref(o);
		if (w < 0)
			return -1;
	} else {
		printf("feeds %ld, not modified %ld, new items %ld, stored %ld, duplicates %ld, failed pages %ld, "
		       "failed feeds %ld, alerts %ld\n",
		       r->feeds, r->not_modified, r->new_items, r->stored, r->duplicates, r->failed_pages,
		       r->failed_feeds, r->alerts);
	}
	return fflush(stdout) == 0 ? 0 : -1;
}

/* One round over the feeds: EXIT_ALLOK, EXIT_REJECTED (something remote
 * failed) or EXIT_FATAL. */
static int run_round(fetch_state *st, char **feeds, int nfeeds)
{
	memset(&st->r, 0, sizeof st->r);
	st->failed_row = 0;
	for (int i = 0; i < nfeeds && !stop_requested(st); i++)
		if (poll_feed(st, feeds[i]) < 0)
			return EXIT_FATAL;
	if (print_summary(st) < 0) {
		fprintf(stderr, "sitrep: cannot write output\n");
		return EXIT_FATAL;
	}
	round_stats *r = &st->r;
	return r->failed_pages || r->failed_feeds || r->alerts_failed ? EXIT_REJECTED : EXIT_ALLOK;
}

/* "30s", "15m", "1h", "2d", or bare seconds; 0 when malformed. */
static long parse_every(const char *s)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || errno || v <= 0)
		return 0;
	long mul = !*end ? 1 : !strcmp(end, "s") ? 1 : !strcmp(end, "m") ? 60 : !strcmp(end, "h") ? 3600
						   : !strcmp(end, "d")			   ? 86400
											   : 0;
	if (!mul || v > MAX_EVERY_S / mul)
		return 0;
	return v * mul;
}

static double parse_secs(const char *s, double lo, double hi)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno || !(v >= lo && v <= hi))
		return -1;
	return v;
}

static int run(int argc, char **argv, int watch)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},	      {"dict", required_argument, NULL, 'D'},
		{"rules", required_argument, NULL, 'r'},      {"webhook", required_argument, NULL, 'w'},
		{"alerts-out", required_argument, NULL, 'o'}, {"json", no_argument, NULL, 'j'},
		{"timeout", required_argument, NULL, 'T'},    {"max-items", required_argument, NULL, 'm'},
		{"tries", required_argument, NULL, 't'},      {"host-delay", required_argument, NULL, 'H'},
		{"every", required_argument, NULL, 'e'},      {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *cmd = watch ? "watch" : "fetch";
	const char *db = "sitrep.db", *rules_path = NULL, *alerts_path = NULL;
	double timeout = 60, host_delay = 1;
	long every = 0;
	static fetch_state st;
	memset(&st, 0, sizeof st);
	st.watch = watch;
	int c, ndicts = 0, tries = 4, code = EXIT_ALLOK;
	char **dicts = calloc((size_t)argc + 1, sizeof *dicts);
	if (!dicts) {
		fprintf(stderr, "sitrep: out of memory\n");
		return EXIT_FATAL;
	}
#define USAGE(...)                                            \
	do {                                                  \
		code = cli_usage_error(cmd, __VA_ARGS__);     \
		goto done_args;                               \
	} while (0)
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D':
			if (!*optarg)
				USAGE("--dict needs a path");
			dicts[ndicts++] = optarg;
			break;
		case 'r': rules_path = optarg; break;
		case 'w':
			if (!sr_alert_url_ok(optarg))
				USAGE("--webhook wants an http:// or https:// URL with a host");
			st.webhook = optarg;
			break;
		case 'o': alerts_path = optarg; break;
		case 'j': st.json = 1; break;
		case 'T':
			if ((timeout = parse_secs(optarg, 0.001, 3600)) < 0)
				USAGE("--timeout wants seconds, more than 0 and at most 3600, not '%s'", optarg);
			break;
		case 'H':
			if ((host_delay = parse_secs(optarg, 0, 3600)) < 0)
				USAGE("--host-delay wants seconds from 0 to 3600, not '%s'", optarg);
			break;
		case 'm': {
			double v = parse_secs(optarg, 1, 1e9);
			if (v < 0 || v != floor(v))
				USAGE("--max-items wants a whole number of at least 1, not '%s'", optarg);
			st.max_items = (long)v;
			break;
		}
		case 't': {
			double v = parse_secs(optarg, 1, 100);
			if (v < 0 || v != floor(v))
				USAGE("--tries wants a whole number from 1 to 100, not '%s'", optarg);
			tries = (int)v;
			break;
		}
		case 'e':
			if (!watch)
				USAGE("--every is for 'sitrep watch'");
			if (!(every = parse_every(optarg)))
				USAGE("--every wants a duration of at least 1s (30s, 15m, 1h), not '%s'", optarg);
			break;
		case 'h': fputs(watch ? watch_usage : fetch_usage, stdout); goto done_args;
		case ':': USAGE("option '%s' needs a value", argv[optind - 1]);
		default: USAGE("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		USAGE("no feed URL given");
	for (int i = optind; i < argc; i++)
		if (strncmp(argv[i], "http://", 7) && strncmp(argv[i], "https://", 8))
			USAGE("'%s' is not an http:// or https:// URL", argv[i]);
	if (watch && !every)
		USAGE("--every DURATION is required");
	if (!*db)
		USAGE("--db needs a path");
	if ((st.webhook || alerts_path) && !rules_path)
		USAGE("--webhook and --alerts-out need --rules");
	if (rules_path && !*rules_path)
		USAGE("--rules needs a path");
#undef USAGE
	st.timeout = timeout;

	sr_dict *dict = NULL;
	sr_spheres *spheres = NULL;
	sr_error err;
	sr_error_clear(&err);
	/* Dictionaries and rules first: a bad one stops before the store or
	 * the network is touched. */
	if (cli_dicts_load(dicts, ndicts, &dict, st.dict_fp) < 0) {
		code = EXIT_FATAL;
		goto done;
	}
	if (!(st.coder = sr_coder_create(dict))) {
		fprintf(stderr, "sitrep: out of memory\n");
		code = EXIT_FATAL;
		goto done;
	}
	if (rules_path) {
		int rc = sr_spheres_default(&spheres, &err);
		if (rc == 0) {
			sr_alerts_opts ao = {.coder = st.coder, .spheres = spheres};
			rc = sr_alerts_load(rules_path, &ao, &st.rules, &err);
		}
		if (rc < 0) {
			cli_report(&err);
			code = rc == SR_EINPUT || rc == SR_EIO ? EXIT_USAGE : EXIT_FATAL;
			goto done;
		}
	}
	if (alerts_path && !(st.alerts_out = fopen(alerts_path, "a"))) {
		fprintf(stderr, "sitrep: %s: %s\n", alerts_path, strerror(errno));
		code = EXIT_FATAL;
		goto done;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "sitrep: cannot start libcurl\n");
		code = EXIT_FATAL;
		goto done;
	}
	sr_fetch_opts fo;
	sr_fetch_opts_init(&fo);
	fo.timeout_ms = (long)ceil(timeout * 1000);
	if (fo.connect_timeout_ms > fo.timeout_ms)
		fo.connect_timeout_ms = fo.timeout_ms;
	if (fo.low_speed_secs > (long)timeout)
		fo.low_speed_secs = 0; /* the whole-try timeout is the tighter bound */
	fo.max_tries = tries;
	fo.host_delay_ms = (long)(host_delay * 1000);
	if (!(st.fetcher = sr_fetcher_new(&fo)) || !(st.ex = sr_extract_new())) {
		fprintf(stderr, "sitrep: cannot start the fetcher\n");
		code = EXIT_FATAL;
		goto done_curl;
	}
	if (sr_store_open(db, 0, &st.store, &err) < 0) {
		cli_report(&err);
		code = EXIT_FATAL;
		goto done_curl;
	}
	sr_buf_init(&st.line, (size_t)64 << 20);
	sr_buf_init(&st.body, SR_ALERT_BODY_MAX);
	signal(SIGPIPE, SIG_IGN);

	char **feeds = argv + optind;
	int nfeeds = argc - optind;
	if (!watch) {
		code = run_round(&st, feeds, nfeeds);
	} else {
		/* The signals are waited for, not handled: blocked, looked for
		 * between items, and slept on between rounds. */
		sigemptyset(&st.sigs);
		sigaddset(&st.sigs, SIGINT);
		sigaddset(&st.sigs, SIGTERM);
		sigprocmask(SIG_BLOCK, &st.sigs, NULL);
		for (;;) {
			struct timespec t0, t1;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			if (run_round(&st, feeds, nfeeds) == EXIT_FATAL) {
				code = EXIT_FATAL;
				break;
			}
			if (stop_requested(&st))
				break;
			clock_gettime(CLOCK_MONOTONIC, &t1);
			double left = (double)every - ((double)(t1.tv_sec - t0.tv_sec) +
						       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
			if (left <= 0)
				continue;
			struct timespec ts = {.tv_sec = (time_t)left,
					      .tv_nsec = (long)((left - floor(left)) * 1e9)};
			int sig = sigtimedwait(&st.sigs, NULL, &ts);
			if (sig == SIGINT || sig == SIGTERM)
				break;
		}
		if (code != EXIT_FATAL) {
			fprintf(stderr, "sitrep: watch stopped\n");
			code = EXIT_ALLOK;
		}
	}
	sr_buf_cleanup(&st.line);
	sr_buf_cleanup(&st.body);
	sr_store_close(st.store);
done_curl:
	sr_extract_free(st.ex);
	sr_fetcher_free(st.fetcher);
	curl_global_cleanup();
done:
	if (st.alerts_out && fclose(st.alerts_out) != 0 && code != EXIT_FATAL) {
		fprintf(stderr, "sitrep: %s: cannot write\n", alerts_path);
		code = EXIT_FATAL;
	}
	sr_alerts_free(st.rules);
	sr_spheres_free(spheres);
	sr_coder_free(st.coder);
	sr_dict_free(dict);
done_args:
	free(dicts);
	return code;
}

int cmd_fetch(int argc, char **argv)
{
	return run(argc, argv, 0);
}

int cmd_watch(int argc, char **argv)
{
	return run(argc, argv, 1);
}
