/* test_alert.c — watch rules (alert.h): every parse error with its line,
 * names, each condition on its own and together (AND), dyad directions,
 * names through the recognizer (Russian included), case folding; and the
 * webhook against an in-process HTTP server that records what it was
 * sent: each match delivered once, a 500 tried again, lasting failure
 * reported, URLs that are not http(s) refused before anything is sent. */
#include "testutil.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert.h"
#include "code.h"
#include "dict.h"
#include "sphere.h"

/* ---- parsing ---- */

static sr_alerts *parse_opts(const char *text, const sr_alerts_opts *o)
{
	sr_alerts *a = NULL;
	sr_error err;
	sr_error_clear(&err);
	int rc = sr_alerts_parse("w.rules", text, strlen(text), o, &a, &err);
	if (rc != 0)
		fail_msg("parse failed: %d, line %ld: %s", rc, err.line, err.msg);
	assert_non_null(a);
	return a;
}

static sr_alerts *parse(const char *text)
{
	return parse_opts(text, NULL);
}

static void fails_opts(const char *text, const sr_alerts_opts *o, long line, const char *what)
{
	sr_alerts *a = (sr_alerts *)1;
	sr_error err;
	sr_error_clear(&err);
	int rc = sr_alerts_parse("bad.rules", text, strlen(text), o, &a, &err);
	if (rc != SR_EINPUT)
		fail_msg("expected SR_EINPUT for '%s', got %d (%s)", text, rc, err.msg);
	assert_null(a);
	assert_string_equal(err.file, "bad.rules");
	if (err.line != line)
		fail_msg("'%s': line %ld, expected %ld (%s)", text, err.line, line, err.msg);
	if (!strstr(err.msg, what))
		fail_msg("'%s': message '%s' does not say '%s'", text, err.msg, what);
}

static void fails(const char *text, long line, const char *what)
{
	fails_opts(text, NULL, line, what);
}

static void test_parse_errors(void **state)
{
	(void)state;
	/* each error names its line: a good line or a comment comes first */
	fails("BLR RUS\nroot 6\n", 2, "two digits");
	fails("# c\n\nroot 06,1x\n", 3, "two digits");
	fails("root\n", 1, "'root' needs a value");
	fails("root:\n", 1, "'root' needs a value");
	fails("cameo 08a1\n", 1, "CAMEO code");
	fails("quad 5\n", 1, "1 to 4");
	fails("quad 1,\n", 1, "1 to 4");
	fails("goldstein <= x\n", 1, "a number from -10 to 10");
	fails("goldstein < 11\n", 1, "a number from -10 to 10");
	fails("goldstein <=\n", 1, "needs a comparison");
	fails("frobnicate\n", 1, "unknown condition 'frobnicate'");
	fails("colour:red\n", 1, "unknown condition 'colour:red'");
	fails("NATO\n", 1, "is not a party");
	fails("BLR-RU\n", 1, "unknown condition 'BLR-RU'");
	fails("BLR RUS UKR\n", 1, "third party");
	fails("BLR->RUS UKR\n", 1, "third party");
	fails("dyad BLR+RUS\n", 1, "a dyad is");
	fails("text:\"Union Shield\n", 1, "quote is not closed");
	fails("text:\"\"\n", 1, "needs a word");
	fails("text:\"--\"\n", 1, "needs a word");
	fails("a: BLR\na: RUS\n", 2, "already on line 1");
	fails("BLR RUS\nBLR RUS\n", 2, "already on line 1");
	fails("Name only:\n", 1, "has no condition");
	fails(" : BLR\n", 1, "name before ':' is empty");
	fails("conflict:1\n", 1, "takes no value");
	fails("sphere security\n", 1, "needs a sphere mapping");
	fails("plover AS SAULT\n", 1, "'SAULT' is not a party"); /* a capital word of 5 */
	fails("actor:\"\"\n", 1, "needs a name or a code");
	fails("BLR\nroot 06 \xff\n", 2, "not valid UTF-8");

	{ /* a NUL byte: found by the fuzzer as an empty name */
		static const char nul[] = "BLR\n\0: \"Zapad\"\n";
		sr_alerts *a = (sr_alerts *)1;
		sr_error err;
		sr_error_clear(&err);
		assert_int_equal(sr_alerts_parse("bad.rules", nul, sizeof nul - 1, NULL, &a, &err), SR_EINPUT);
		assert_null(a);
		assert_int_equal(err.line, 2);
		assert_non_null(strstr(err.msg, "NUL byte"));
	}

	char *big = malloc(SR_ALERT_LINE_MAX + 16);
	assert_non_null(big);
	memset(big, 'a', SR_ALERT_LINE_MAX + 1);
	memcpy(big + SR_ALERT_LINE_MAX + 1, "\n", 2);
	fails(big, 1, "longer than");
	free(big);

	/* a sphere id not in the mapping */
	sr_spheres *sp = NULL;
	sr_error err;
	assert_int_equal(sr_spheres_default(&sp, &err), 0);
	sr_alerts_opts o = {.spheres = sp};
	fails_opts("BLR\nsphere nosuch\n", &o, 2, "no sphere 'nosuch'");
	sr_spheres_free(sp);

	/* a file that cannot be read */
	sr_alerts *a = (sr_alerts *)1;
	assert_int_equal(sr_alerts_load("/nonexistent/w.rules", NULL, &a, &err), SR_EIO);
	assert_null(a);
}

static void test_parse_names(void **state)
{
	(void)state;
	sr_alerts *a = parse("# watch list\n"
			     "\n"
			     "Belarus–Russia drills: BLR RUS root 06   # trailing comment\n"
			     "  actor:Shoigu  \r\n"
			     "publication: \"Eurasia Daily Monitor\" text:\"a # b\"\n"
			     "Zapad#2: text:Zapad #2\n");
	assert_int_equal(sr_alerts_count(a), 4);
	assert_string_equal(sr_alerts_name(a, 0), "Belarus–Russia drills");
	assert_int_equal(sr_alerts_line(a, 0), 3);
	assert_string_equal(sr_alerts_name(a, 1), "actor:Shoigu");
	assert_int_equal(sr_alerts_line(a, 1), 4);
	/* a key before ": " is a condition, not a name; '#' in quotes is text */
	assert_string_equal(sr_alerts_name(a, 2), "publication: \"Eurasia Daily Monitor\" text:\"a # b\"");
	/* '#' not after a space is part of the name; after one, a comment */
	assert_string_equal(sr_alerts_name(a, 3), "Zapad#2");
	assert_null(sr_alerts_name(a, 4));
	sr_alerts_free(a);

	a = parse("");
	assert_int_equal(sr_alerts_count(a), 0);
	sr_alerts_free(a);
	a = parse("# nothing\n\n   \n");
	assert_int_equal(sr_alerts_count(a), 0);
	sr_alerts_free(a);
	sr_alerts_free(NULL);
}

/* ---- matching ---- */

typedef struct hits {
	char s[512];
} hits;

static int on_hit(void *ud, size_t i, const char *name)
{
	hits *h = ud;
	size_t n = strlen(h->s);
	snprintf(h->s + n, sizeof h->s - n, "%s%s", n ? "|" : "", name);
	(void)i;
	return 0;
}

/* The names of the rules ev matches, '|'-separated, in file order. */
static const char *matches(const sr_alerts *a, const sr_alert_event *ev)
{
	static hits h;
	h.s[0] = '\0';
	int n = sr_alerts_match(a, ev, on_hit, &h);
	assert_true(n >= 0);
	size_t bars = 0;
	for (const char *p = h.s; *p; p++)
		bars += *p == '|';
	assert_int_equal((size_t)n, h.s[0] ? bars + 1 : 0);
	return h.s;
}

static sr_alert_event event(const char *src, const char *tgt, const char *cameo, int quad, double g,
			    const char *text)
{
	sr_alert_event e = {
		.date = 20240312,
		.source = src,
		.target = tgt,
		.cameo = cameo,
		.quad = quad,
		.goldstein = g,
		.text = text,
		.text_len = text ? strlen(text) : 0,
	};
	return e;
}

static void test_match_conditions(void **state)
{
	(void)state;
	sr_alerts *a = parse("either: BLR RUS\n"
			     "dash: BLR-RUS\n"
			     "directed: BLR->RUS\n"
			     "back: RUS->BLR\n"
			     "party: BLR\n"
			     "roots: root 06,14\n"
			     "cameos: cameo 087\n"
			     "quads: quad 4\n"
			     "conflict: conflict\n"
			     "coop: cooperation\n"
			     "g: goldstein <= -5\n"
			     "g2: goldstein>-5\n"
			     "g3: goldstein:=7.4\n"
			     "code: actor:BLRMIL\n"
			     "src: source:RUS\n"
			     "tgt: target RUS\n"
			     "plovers: plover assault\n");
	/* BLR → RUS 062 material cooperation */
	sr_alert_event e = event("BLRGOV", "RUS", "062", 2, 7.4, "x");
	assert_string_equal(matches(a, &e), "either|dash|directed|party|roots|coop|g2|g3|tgt");
	/* the other way round: not "directed", but "back" */
	e = event("RUSMIL", "BLRMIL", "0871", 4, -9.2, "x");
	e.plover = "ASSAULT";
	assert_string_equal(matches(a, &e), "either|dash|back|party|cameos|quads|conflict|g|code|src|plovers");
	/* 14 is a root too; goldstein exactly -5; parties given override codes */
	e = event("IGOWSTNAT", "BLRGOV", "141", 3, -5.0, "x");
	e.source_party = "RUS";
	assert_string_equal(matches(a, &e), "either|dash|back|party|roots|conflict|g");
	/* unknown quad: no goldstein, quad or cooperation condition holds */
	e = event("UKR", "POL", "999", 0, 0, "x");
	assert_string_equal(matches(a, &e), "");
	/* an event without parties or codes at all */
	sr_alert_event none = {0};
	assert_string_equal(matches(a, &none), "");
	sr_alerts_free(a);
}

static void test_match_and(void **state)
{
	(void)state;
	sr_alerts *a = parse("all: BLR RUS root 06 goldstein >= 7 text:\"union shield\"\n"
			     "twice: root 06 root 14\n" /* two conditions, both must hold: never */
			     "pub: publication:\"Eurasia  Daily monitor\" conflict\n"
			     "ttl: title:zapad\n");
	sr_alert_event e = event("RUS", "BLR", "062", 2, 7.4, "Troops trained for the Union Shield exercise.");
	assert_string_equal(matches(a, &e), "all");
	e.goldstein = 6.9; /* one condition fails: the rule does not match */
	assert_string_equal(matches(a, &e), "");
	e.goldstein = 7.4;
	e.text = "Troops trained for the Union exercise, a shield.";
	e.text_len = strlen(e.text);
	assert_string_equal(matches(a, &e), "");
	/* whole words, case and punctuation aside */
	e.text = "«UNION-SHIELD» began";
	e.text_len = strlen(e.text);
	assert_string_equal(matches(a, &e), "all");
	e.text = "Reunion shields";
	e.text_len = strlen(e.text);
	assert_string_equal(matches(a, &e), "");
	/* text_len bounds the sentence: the phrase past it does not count */
	e.text = "It began. Union Shield";
	e.text_len = 9;
	assert_string_equal(matches(a, &e), "");

	/* publication: folded, equal, not a phrase within */
	e = event("BLR", "LTU", "1722", 4, -5, "x");
	e.publication = "EURASIA DAILY MONITOR";
	assert_string_equal(matches(a, &e), "pub");
	e.publication = "Eurasia Daily Monitor Weekly";
	assert_string_equal(matches(a, &e), "");
	e.publication = NULL;
	assert_string_equal(matches(a, &e), "");
	e.title = "Before Zapad-2021";
	assert_string_equal(matches(a, &e), "ttl");
	sr_alerts_free(a);
}

static void test_match_fold_cyrillic(void **state)
{
	(void)state;
	/* without a coder: names compare folded with the canonical names */
	sr_alerts *a = parse("p: actor:\"sergei SHOIGU\"\n"
			     "t: text:\"ЩИТ СОЮЗА\"\n");
	sr_alert_event e = event("RUSMIL", "BLRMIL", "042", 1, 1.9, "Учения «Щит Союза» начались.");
	e.source_name = "Sergei Shoigu";
	assert_string_equal(matches(a, &e), "p|t");
	e.source_name = "Sergei Shoigu Jr";
	assert_string_equal(matches(a, &e), "t");
	e.text = "Invalid \xff UTF-8 Щит Союза";
	e.text_len = strlen(e.text);
	assert_string_equal(matches(a, &e), ""); /* not an error: just no match */
	sr_alerts_free(a);
}

static void test_match_recognizer(void **state)
{
	(void)state;
	sr_dict *d = sr_dict_create();
	sr_error err;
	sr_error_clear(&err);
	assert_int_equal(sr_dict_load_default(d, &err), 0);
	assert_int_equal(sr_dict_finish(d, &err), 0);
	sr_coder *c = sr_coder_create(d);
	assert_non_null(c);
	sr_spheres *sp = NULL;
	assert_int_equal(sr_spheres_default(&sp, &err), 0);
	sr_alerts_opts o = {.coder = c, .spheres = sp};

	sr_alerts *a = parse_opts("ru: actor:Шойгу\n"
				  "en: actor:Shoigu\n"
				  "full: source:\"Sergei Shoigu\"\n"
				  "country: actor:Belarus\n"
				  "sec: sphere security\n"
				  "econ: sphere economy,domestic\n",
				  &o);
	/* a person by canonical name, whatever code the post gave */
	sr_alert_event e = event("RUSMIL", "BLRMIL", "042", 1, 1.9, "x");
	e.source_name = "Sergei Shoigu";
	assert_string_equal(matches(a, &e), "ru|en|full|country|sec");
	e = event("BLRGOV", "RUSGOV", "042", 1, 1.9, "x");
	e.target_name = "Sergei Shoigu";
	assert_string_equal(matches(a, &e), "ru|en|country");
	/* the code alone is not the person */
	e.target_name = "Andrei Belousov";
	assert_string_equal(matches(a, &e), "country");
	e = event("BLRBUS", "BLRGOV", "0311", 1, 1, "x");
	assert_string_equal(matches(a, &e), "country|econ");
	sr_alerts_free(a);

	/* a name the dictionaries do not know, on its line */
	fails_opts("actor:Shoigu\nactor:Qwzxv\n", &o, 2, "no actor named 'Qwzxv'");

	sr_spheres_free(sp);
	sr_coder_free(c);
	sr_dict_free(d);
}

static int stop_first(void *ud, size_t i, const char *name)
{
	(void)name;
	*(size_t *)ud = i;
	return 1;
}

static void test_match_stop(void **state)
{
	(void)state;
	sr_alerts *a = parse("a: BLR\nb: RUS\nc: BLR RUS\n");
	sr_alert_event e = event("RUS", "BLR", "010", 1, 0, "x");
	size_t first = 99;
	assert_int_equal(sr_alerts_match(a, &e, stop_first, &first), 1);
	assert_int_equal(first, 0);
	assert_int_equal(sr_alerts_match(a, &e, NULL, NULL), 3);
	sr_alerts_free(a);
}

/* ---- webhook ---- */

enum { MAX_BODIES = 64 };

typedef struct server {
	struct MHD_Daemon *d;
	unsigned port;
	pthread_mutex_t mu;
	char *body[MAX_BODIES];
	char type[MAX_BODIES][64];
	int nbodies;       /* requests with a body received */
	int status[16];    /* the answer to request i; 200 past the script */
	int nstatus;
} server;

typedef struct req {
	char *p;
	size_t len;
} req;

static enum MHD_Result on_req(void *cls, struct MHD_Connection *con, const char *url, const char *method,
			      const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	(void)url;
	(void)version;
	server *s = cls;
	req *r = *con_cls;
	if (!r) {
		if (!(r = calloc(1, sizeof *r)))
			return MHD_NO;
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_size) {
		char *p = realloc(r->p, r->len + *upload_size + 1);
		if (!p)
			return MHD_NO;
		memcpy(p + r->len, upload, *upload_size);
		r->len += *upload_size;
		p[r->len] = '\0';
		r->p = p;
		*upload_size = 0;
		return MHD_YES;
	}
	pthread_mutex_lock(&s->mu);
	int i = s->nbodies;
	int status = i < s->nstatus ? s->status[i] : 200;
	if (i < MAX_BODIES && !strcmp(method, "POST")) {
		s->body[i] = r->p ? r->p : strdup("");
		r->p = NULL;
		const char *t = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Type");
		snprintf(s->type[i], sizeof s->type[i], "%s", t ? t : "");
		s->nbodies++;
	}
	pthread_mutex_unlock(&s->mu);
	static const char ok[] = "{\"ok\":true}";
	struct MHD_Response *res =
		MHD_create_response_from_buffer(sizeof ok - 1, (void *)ok, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result rc = MHD_queue_response(con, (unsigned)status, res);
	MHD_destroy_response(res);
	return rc;
}

static void on_done(void *cls, struct MHD_Connection *con, void **con_cls, enum MHD_RequestTerminationCode t)
{
	(void)cls;
	(void)con;
	(void)t;
	req *r = *con_cls;
	if (r) {
		free(r->p);
		free(r);
	}
	*con_cls = NULL;
}

static void server_start(server *s, const int *status, int nstatus)
{
	memset(s, 0, sizeof *s);
	pthread_mutex_init(&s->mu, NULL);
	for (int i = 0; i < nstatus; i++)
		s->status[i] = status[i];
	s->nstatus = nstatus;
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_req, s, MHD_OPTION_SOCK_ADDR,
				(struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL, MHD_OPTION_END);
	assert_non_null(s->d);
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	assert_non_null(info);
	s->port = info->port;
	assert_true(s->port > 0);
}

static void server_stop(server *s)
{
	MHD_stop_daemon(s->d);
	for (int i = 0; i < s->nbodies; i++)
		free(s->body[i]);
	pthread_mutex_destroy(&s->mu);
}

typedef struct post_ctx {
	char url[128];
	const sr_alert_event *ev;
	int idx;
	int failed;
} post_ctx;

/* What a watcher does: each match POSTed as {"rule": NAME, "event": I}. */
static int post_match(void *ud, size_t i, const char *name)
{
	(void)i;
	post_ctx *p = ud;
	char json[256];
	snprintf(json, sizeof json, "{\"rule\":\"%s\",\"event\":%d}", name, p->idx);
	sr_error err;
	sr_error_clear(&err);
	if (sr_alert_post(p->url, json, 5, &err) != 0)
		p->failed++;
	return 0;
}

static int has_body(const server *s, const char *body)
{
	int n = 0;
	for (int i = 0; i < s->nbodies; i++)
		n += !strcmp(s->body[i], body);
	return n;
}

static void test_webhook_delivery(void **state)
{
	(void)state;
	server s;
	server_start(&s, NULL, 0);
	sr_alerts *a = parse("drills: BLR RUS root 06\nconflict: conflict\n");
	sr_alert_event ev[] = {
		event("BLR", "RUS", "062", 2, 7.4, "a"),  /* drills */
		event("RUS", "BLR", "0871", 4, -9, "b"),  /* conflict */
		event("POL", "LTU", "042", 1, 1.9, "c"),  /* neither */
		event("RUS", "BLR", "061", 2, 6.4, "d"),  /* drills */
		event("UKR", "RUS", "010", 1, 0, "e"),    /* neither */
	};
	post_ctx p = {0};
	snprintf(p.url, sizeof p.url, "http://127.0.0.1:%u/hook/secret-token", s.port);
	int total = 0;
	for (int i = 0; i < 5; i++) {
		p.idx = i;
		int n = sr_alerts_match(a, &ev[i], post_match, &p);
		assert_true(n >= 0);
		total += n;
	}
	assert_int_equal(p.failed, 0);
	assert_int_equal(total, 3);
	assert_int_equal(s.nbodies, 3);
	assert_int_equal(has_body(&s, "{\"rule\":\"drills\",\"event\":0}"), 1);
	assert_int_equal(has_body(&s, "{\"rule\":\"conflict\",\"event\":1}"), 1);
	assert_int_equal(has_body(&s, "{\"rule\":\"drills\",\"event\":3}"), 1);
	for (int i = 0; i < s.nbodies; i++)
		assert_string_equal(s.type[i], "application/json");
	sr_alerts_free(a);
	server_stop(&s);
}

static void test_webhook_retry(void **state)
{
	(void)state;
	sr_error err;
	char url[128];

	/* 500, then 200: delivered on the second attempt */
	server s;
	int once[] = {500};
	server_start(&s, once, 1);
	snprintf(url, sizeof url, "http://127.0.0.1:%u/h", s.port);
	sr_error_clear(&err);
	assert_int_equal(sr_alert_post(url, "{\"n\":1}", 5, &err), 0);
	assert_int_equal(s.nbodies, 2);
	assert_string_equal(s.body[0], "{\"n\":1}");
	assert_string_equal(s.body[1], "{\"n\":1}");
	server_stop(&s);

	/* always 500: every attempt made, then a failure that says so */
	int always[] = {500, 503, 500, 500, 500};
	server_start(&s, always, 5);
	snprintf(url, sizeof url, "http://user:pw@127.0.0.1:%u/hook/SECRET?k=SECRET", s.port);
	sr_error_clear(&err);
	assert_int_equal(sr_alert_post(url, "{}", 5, &err), SR_EIO);
	assert_int_equal(s.nbodies, SR_ALERT_POST_TRIES);
	assert_non_null(strstr(err.msg, "HTTP 500"));
	assert_non_null(strstr(err.msg, "127.0.0.1"));
	assert_null(strstr(err.msg, "SECRET")); /* the path and query are not shown */
	assert_null(strstr(err.msg, "pw"));
	server_stop(&s);

	/* 404 will not get better: one attempt */
	int missing[] = {404, 200};
	server_start(&s, missing, 2);
	snprintf(url, sizeof url, "http://127.0.0.1:%u/h", s.port);
	sr_error_clear(&err);
	assert_int_equal(sr_alert_post(url, "{}", 5, &err), SR_EIO);
	assert_int_equal(s.nbodies, 1);
	assert_non_null(strstr(err.msg, "HTTP 404"));
	/* nothing listening: a network failure after the retries */
	unsigned port = s.port;
	server_stop(&s);
	snprintf(url, sizeof url, "http://127.0.0.1:%u/h", port);
	sr_error_clear(&err);
	assert_int_equal(sr_alert_post(url, "{}", 2, &err), SR_EIO);
	assert_non_null(strstr(err.msg, "after 3 attempts"));
}

static void test_webhook_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://h/", "http://", "https:///path",
		"127.0.0.1:80/x",    "http://h/a b",       "",            "http://@/x",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sr_error err;
		sr_error_clear(&err);
		assert_false(sr_alert_url_ok(bad[i]));
		if (sr_alert_post(bad[i], "{}", 1, &err) != SR_EUSAGE)
			fail_msg("'%s' was not refused", bad[i]);
	}
	assert_false(sr_alert_url_ok(NULL));
	assert_true(sr_alert_url_ok("http://127.0.0.1:8080/hook"));
	assert_true(sr_alert_url_ok("HTTPS://hooks.example.org"));

	/* a body over the bound is refused before anything is sent */
	server s;
	server_start(&s, NULL, 0);
	char url[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%u/h", s.port);
	char *big = malloc(SR_ALERT_BODY_MAX + 2);
	assert_non_null(big);
	memset(big, 'x', SR_ALERT_BODY_MAX + 1);
	big[SR_ALERT_BODY_MAX + 1] = '\0';
	sr_error err;
	sr_error_clear(&err);
	assert_int_equal(sr_alert_post(url, big, 5, &err), SR_EUSAGE);
	big[SR_ALERT_BODY_MAX] = '\0'; /* exactly the bound: sent */
	assert_int_equal(sr_alert_post(url, big, 5, &err), 0);
	free(big);
	assert_int_equal(s.nbodies, 1);
	assert_int_equal(strlen(s.body[0]), SR_ALERT_BODY_MAX);
	server_stop(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_names),
		cmocka_unit_test(test_match_conditions),
		cmocka_unit_test(test_match_and),
		cmocka_unit_test(test_match_fold_cyrillic),
		cmocka_unit_test(test_match_recognizer),
		cmocka_unit_test(test_match_stop),
		cmocka_unit_test(test_webhook_delivery),
		cmocka_unit_test(test_webhook_retry),
		cmocka_unit_test(test_webhook_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
