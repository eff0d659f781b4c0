/* seriesbench.c — event series and bulletin generation over a large store,
 * in-process.
 *
 * usage: seriesbench DB [EVENTS [PART]]   (EVENTS default 1000000, 10 a document)
 *
 * PART, for profiling one thing alone (perf record): all, sphere, party,
 * dyad, month, dates or bulletin; default every one.
 *
 * 1. Builds DB (SQLite, through store.h) unless DB.stamp says it already
 *    holds this generator's store of EVENTS events and the store's counts
 *    agree: synthetic documents (fixed seed) dated 2015-2024, each a few
 *    sentences of random words with one coded event per sentence, its
 *    evidence the sentence. Parties, agent types and CAMEO codes are drawn
 *    from skewed lists; the CAMEO codes carry the Goldstein scores, quad
 *    classes and PLOVER categories of dict/cameo.sd. Prints the build time.
 * 2. Times, best of 3 (CLOCK_MONOTONIC; the caller pins it to one core):
 *    sr_store_series over all events, over one sphere (security, bundled
 *    mapping), of party BLR, of dyad BLR-RUS by week and by month; then
 *    bulletin generation: the latest week (sr_bulletin_weeks), a maker over
 *    the events that week needs (sr_bulletin_window), sr_bulletin_make, HTML
 *    and Markdown rendering; and the archive's maker over every event.
 *    Each line gives the events that went into the buckets (their sum).
 * Built and run by bench/run, linked with build/libsitrep.a. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bulletin.h"
#include "bulletin_build.h"
#include "doc.h"
#include "sphere.h"
#include "store.h"

/* Bump when the generated store changes, so an old one is rebuilt. */
#define GEN_VERSION 1
#define EV_PER_DOC 10
#define DOCS_PER_TX 1000

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x5eed5eedcafef00dULL;
static uint64_t next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}
static unsigned below(unsigned n)
{
	return (unsigned)((next() >> 33) % n);
}

static void die(const char *what, const sr_error *e)
{
	char buf[1200];
	fprintf(stderr, "seriesbench: %s: %s\n", what, e ? sr_error_format(e, buf, sizeof buf) : "failed");
	exit(1);
}

/* ---- what the synthetic events are made of ---- */

typedef struct party {
	const char *code; /* actor code prefix */
	const char *name;
	unsigned weight;
} party;

static const party parties[] = {
	{"BLR", "Belarus", 300}, {"RUS", "Russia", 200}, {"UKR", "Ukraine", 100},
	{"POL", "Poland", 60},   {"LTU", "Lithuania", 50}, {"USA", "United States", 70},
	{"IGOWSTNAT", "NATO", 40}, {"IGOEUREEC", "European Union", 60}, {"CHN", "China", 30},
	{"LVA", "Latvia", 20},   {"DEU", "Germany", 20},  {"GBR", "United Kingdom", 10},
	{"FRA", "France", 10},   {"KAZ", "Kazakhstan", 10}, {"IGOUNO", "United Nations", 20},
};

typedef struct agent {
	const char *code, *name;
	unsigned weight;
} agent;

static const agent agents[] = {
	{"", "", 150},          {"GOV", "government", 350}, {"MIL", "military", 150},
	{"OPP", "opposition", 50}, {"BUS", "business", 80},  {"MED", "media", 40},
	{"JUD", "judiciary", 30}, {"SPY", "intelligence", 20}, {"LEG", "parliament", 30},
	{"CVL", "civilians", 30}, {"ELI", "elite", 20},       {"COP", "police", 30},
};

typedef struct cameo {
	const char *code;
	double goldstein;
	int quad;
	const char *plover;
	unsigned weight;
} cameo;

/* scores, quad classes and PLOVER categories as dict/cameo.sd gives them */
static const cameo cameos[] = {
	{"010", 0.0, 1, "CONSULT", 120},   {"012", -0.4, 1, "ACCUSE", 30},
	{"013", 0.4, 1, "SUPPORT", 30},    {"020", 3.0, 1, "REQUEST", 30},
	{"0211", 3.4, 1, "REQUEST", 10},   {"031", 5.2, 1, "AGREE", 20},
	{"0311", 5.2, 1, "AGREE", 10},     {"036", 4.0, 1, "AGREE", 40},
	{"040", 1.0, 1, "CONSULT", 60},    {"042", 1.9, 1, "CONSULT", 70},
	{"043", 2.8, 1, "CONSULT", 50},    {"046", 7.0, 1, "CONSULT", 30},
	{"051", 3.4, 1, "SUPPORT", 30},    {"057", 8.0, 1, "AGREE", 25},
	{"061", 6.4, 2, "COOPERATE", 30},  {"062", 7.4, 2, "COOPERATE", 30},
	{"071", 7.4, 2, "AID", 10},        {"073", 7.4, 2, "AID", 10},
	{"081", 5.0, 2, "CONCEDE", 5},     {"084", 7.0, 2, "CONCEDE", 8},
	{"0871", 9.0, 2, "RETREAT", 3},    {"090", -2.0, 3, "ACCUSE", 15},
	{"100", -5.0, 3, "REQUEST", 15},   {"1011", -5.0, 3, "REQUEST", 5},
	{"111", -2.0, 3, "ACCUSE", 60},    {"112", -2.0, 3, "ACCUSE", 40},
	{"120", -4.0, 3, "REJECT", 20},    {"1211", -4.0, 3, "REJECT", 5},
	{"125", -5.0, 3, "REJECT", 8},     {"130", -4.4, 3, "THREATEN", 15},
	{"138", -7.0, 3, "THREATEN", 8},   {"1384", -7.0, 3, "THREATEN", 3},
	{"140", -6.5, 4, "PROTEST", 10},   {"141", -6.5, 4, "PROTEST", 12},
	{"150", -7.2, 4, "MOBILIZE", 10},  {"154", -7.2, 4, "MOBILIZE", 8},
	{"163", -8.0, 4, "SANCTION", 15},  {"1621", -5.6, 4, "SANCTION", 4},
	{"172", -5.0, 4, "COERCE", 8},     {"173", -5.0, 4, "COERCE", 15},
	{"1711", -9.2, 4, "COERCE", 2},    {"175", -9.0, 4, "COERCE", 4},
	{"180", -9.0, 4, "ASSAULT", 3},    {"181", -9.0, 4, "ASSAULT", 2},
	{"182", -9.5, 4, "ASSAULT", 3},    {"190", -10.0, 4, "ASSAULT", 5},
	{"192", -9.5, 4, "ASSAULT", 2},    {"193", -10.0, 4, "ASSAULT", 3},
	{"195", -10.0, 4, "ASSAULT", 3},   {"200", -10.0, 4, "ASSAULT", 1},
};

static const char *const words[] = {
	"minister", "talks", "border", "exercise", "troops", "sanctions", "trade", "agreement",
	"visit", "delegation", "statement", "president", "official", "meeting", "gas", "oil",
	"prices", "loan", "credit", "security", "defence", "protest", "court", "election",
	"opposition", "journalist", "arrest", "union", "state", "treaty", "integration", "summit",
	"pipeline", "export", "import", "tariff", "factory", "bank", "ruble", "budget",
	"airspace", "missile", "brigade", "regiment", "drills", "refugees", "migrants", "checkpoint",
	"embassy", "ambassador", "consul", "spokesman", "parliament", "decree", "law", "reform",
	"potash", "fertilizer", "railway", "transit", "port", "customs", "inspection", "audit",
	"contract", "tender", "investment", "debt", "subsidy", "quota", "harvest", "grain",
	"energy", "nuclear", "plant", "station", "grid", "electricity", "hostile", "friendly",
	"strategic", "partnership", "alliance", "cooperation", "tension", "crisis", "escalation",
	"dialogue", "negotiation", "memorandum", "framework", "roadmap", "programme", "forum",
	"conference", "session", "week", "month", "year", "region", "district", "capital",
	"city", "village", "forces", "units", "staff", "command", "headquarters", "intelligence",
	"service", "police", "detention", "charges", "verdict", "sentence", "prison", "rights",
	"activists", "media", "television", "newspaper", "website", "blocked", "access",
	"campaign", "candidate", "vote", "turnout", "commission", "observers", "monitoring",
	"mission", "report", "analysis", "experts", "forecast", "growth", "decline", "inflation",
	"wages", "pensions", "workers", "strike", "industry", "machinery", "tractors", "trucks",
	"dairy", "meat", "ban", "restrictions", "licence", "permit", "visa", "travel", "flights",
	"airline", "airport", "sky", "weapons", "systems", "deployment", "base", "garrison",
	"readiness", "inspection", "assessment", "doctrine", "concept", "initiative", "proposal",
	"response", "reaction", "criticism", "support", "praise", "concern", "warning", "threat",
	"demand", "request", "appeal", "offer", "refusal", "delay", "postponed", "announced",
	"confirmed", "denied", "reported", "claimed", "stated", "noted", "stressed", "added",
};
#define NWORDS (sizeof words / sizeof *words)

static const char *const sections[] = {
	"Security issues", "Economy", "Domestic politics", "Foreign policy",
	"Belarus-Russia relations", "Belarus-West relations", "Ruling elite", NULL,
};

#define PICK(arr) pick_weighted(&(arr)[0].weight, sizeof(arr) / sizeof *(arr), sizeof *(arr))
static size_t pick_weighted(const unsigned *w0, size_t n, size_t stride)
{
	unsigned total = 0;
	for (size_t i = 0; i < n; i++)
		total += *(const unsigned *)((const char *)w0 + i * stride);
	unsigned r = below(total);
	for (size_t i = 0; i < n; i++) {
		unsigned w = *(const unsigned *)((const char *)w0 + i * stride);
		if (r < w)
			return i;
		r -= w;
	}
	return n - 1;
}

typedef struct actor {
	char code[32];
	char name[64];
} actor;

static void make_actor(size_t p, actor *a)
{
	const agent *g = &agents[PICK(agents)];
	snprintf(a->code, sizeof a->code, "%s%s", parties[p].code, g->code);
	snprintf(a->name, sizeof a->name, "%s%s%s", parties[p].name, *g->name ? " " : "", g->name);
}

/* ---- building the store ---- */

static void put_words(char *body, size_t *len, size_t cap, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		const char *w = words[below(NWORDS)];
		*len += (size_t)snprintf(body + *len, cap - *len, " %s", w);
	}
}

static void build(const char *db, long nevents)
{
	remove(db);
	char side[4200];
	snprintf(side, sizeof side, "%s-wal", db);
	remove(side);
	snprintf(side, sizeof side, "%s-shm", db);
	remove(side);
	sr_error err;
	sr_store *s;
	if (sr_store_open(db, 0, &s, &err) != 0)
		die("opening the store", &err);
	long ndocs = (nevents + EV_PER_DOC - 1) / EV_PER_DOC;
	long day0 = sr_date_to_days(20150101), span = sr_date_to_days(20241231) - day0 + 1;
	long added = 0, stored_events = 0, near = 0, dup = 0;
	double t0 = now();
	static char body[16384];
	actor src[EV_PER_DOC], tgt[EV_PER_DOC];
	sr_store_event ev[EV_PER_DOC];
	size_t sstart[EV_PER_DOC], send[EV_PER_DOC];
	for (long d = 0; d < ndocs; d++) {
		if (d % DOCS_PER_TX == 0 && sr_store_begin(s, &err) != 0)
			die("begin", &err);
		int nev = (int)(nevents - d * EV_PER_DOC < EV_PER_DOC ? nevents - d * EV_PER_DOC : EV_PER_DOC);
		sr_date date = sr_date_from_days(day0 + (long)below((unsigned)span));
		size_t len = 0;
		for (int i = 0; i < nev; i++) {
			size_t ps = PICK(parties), pt;
			/* one event in seven is internal (government and opposition of one country) */
			if (below(7) == 0)
				pt = ps;
			else
				do
					pt = PICK(parties);
				while (pt == ps);
			make_actor(ps, &src[i]);
			make_actor(pt, &tgt[i]);
			const cameo *c = &cameos[PICK(cameos)];
			if (i)
				body[len++] = ' ';
			sstart[i] = len;
			len += (size_t)snprintf(body + len, sizeof body - len, "The %s", src[i].name);
			put_words(body, &len, sizeof body, 3 + below(5));
			len += (size_t)snprintf(body + len, sizeof body - len, " %s", tgt[i].name);
			put_words(body, &len, sizeof body, 4 + below(8));
			body[len++] = '.';
			send[i] = len;
			ev[i] = (sr_store_event){
				.sentence = i,
				.date = sr_date_add(date, -(long)below(7)),
				.source = src[i].code,
				.source_name = src[i].name,
				.target = tgt[i].code,
				.target_name = tgt[i].name,
				.cameo = c->code,
				.quad = c->quad,
				.goldstein = c->goldstein,
				.plover = c->plover,
			};
		}
		body[len] = 0;
		/* roots and evidence spans point into storage that lives through the put */
		char roots[EV_PER_DOC][3];
		for (int i = 0; i < nev; i++) {
			roots[i][0] = ev[i].cameo[0], roots[i][1] = ev[i].cameo[1], roots[i][2] = 0;
			ev[i].root = roots[i];
			ev[i].text = body + sstart[i];
			ev[i].text_len = send[i] - sstart[i];
			ev[i].start = sstart[i];
			ev[i].end = send[i];
		}
		sr_doc doc;
		sr_doc_init(&doc);
		char title[64], id[32];
		snprintf(title, sizeof title, "Synthetic report %ld", d + 1);
		snprintf(id, sizeof id, "s%ld", d + 1);
		const char *sec = sections[below(sizeof sections / sizeof *sections)];
		if (sr_doc_set(&doc.file, "seriesbench", 11) || sr_doc_set(&doc.id, id, strlen(id)) ||
		    sr_doc_set(&doc.title, title, strlen(title)) ||
		    sr_doc_set(&doc.publication, "Synthetic Weekly", 16) ||
		    (sec && sr_doc_set(&doc.section, sec, strlen(sec))) || sr_doc_set(&doc.body, body, len))
			die("out of memory", NULL);
		doc.body_len = len;
		doc.date = date;
		doc.date_basis = SR_BASIS_STATED;
		doc.trend_assessed = (sr_trend)(1 + below(3));
		memcpy(doc.language, "en", 3);
		sr_store_key key;
		if (sr_store_key_doc(&doc, &key, &err) != 0)
			die("keying a document", &err);
		sr_store_coding coding = {ev, (size_t)nev, "seriesbench"};
		sr_put_result res;
		if (sr_store_put_coded(s, &doc, &key, &coding, &res, &err) != 0)
			die("storing a document", &err);
		if (res.kind == SR_PUT_ADDED)
			added++, stored_events += nev;
		else if (res.kind == SR_PUT_NEAR_DUP)
			near++;
		else
			dup++;
		sr_doc_cleanup(&doc);
		if ((d + 1) % DOCS_PER_TX == 0 || d + 1 == ndocs) {
			if (sr_store_commit(s, &err) != 0)
				die("commit", &err);
		}
	}
	if (sr_store_optimize(s, &err) != 0)
		die("optimize", &err);
	sr_store_close(s);
	double t = now() - t0;
	if (near || dup || stored_events != nevents) {
		fprintf(stderr, "seriesbench: %ld near-duplicates, %ld duplicates: %ld of %ld events stored\n",
			near, dup, stored_events, nevents);
		exit(1);
	}
	char stamp[4200];
	snprintf(stamp, sizeof stamp, "%s.stamp", db);
	FILE *f = fopen(stamp, "w");
	if (!f || fprintf(f, "seriesbench %d %ld\n", GEN_VERSION, nevents) < 0 || fclose(f) != 0)
		die("writing the stamp", NULL);
	printf("store built: %ld documents, %ld events in %.1f s (%.0f events/s)\n", added, stored_events, t,
	       (double)stored_events / t);
}

/* The store is ours and complete: its stamp names this generator and size,
 * and it holds that many events in that many documents. */
static int reusable(const char *db, long nevents)
{
	char stamp[4200], line[128], want[128];
	snprintf(stamp, sizeof stamp, "%s.stamp", db);
	FILE *f = fopen(stamp, "r");
	if (!f)
		return 0;
	int ok = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	snprintf(want, sizeof want, "seriesbench %d %ld\n", GEN_VERSION, nevents);
	if (!ok || strcmp(line, want) != 0)
		return 0;
	sr_store *s;
	sr_error err;
	if (sr_store_open(db, SR_STORE_READONLY, &s, &err) != 0)
		return 0;
	sr_store_stats st;
	ok = sr_store_stats_get(s, &st, &err) == 0 && st.events == nevents &&
	     st.documents == (nevents + EV_PER_DOC - 1) / EV_PER_DOC;
	sr_store_close(s);
	return ok;
}

/* ---- timing ---- */

typedef struct tally {
	int64_t events;
	size_t buckets;
} tally;

static int count_bucket(void *ud, const sr_series_bucket *b)
{
	tally *t = ud;
	t->events += b->events;
	t->buckets++;
	return 0;
}

static void time_series(sr_store *s, const char *label, const sr_series_query *q)
{
	double best = 1e30;
	tally t = {0};
	for (int run = 0; run < 3; run++) {
		sr_error err;
		t = (tally){0};
		double t0 = now();
		if (sr_store_series(s, q, count_bucket, &t, &err) != 0)
			die(label, &err);
		double dt = now() - t0;
		if (dt < best)
			best = dt;
	}
	printf("%s: %lld events, %zu %s, %.2f s\n", label, (long long)t.events, t.buckets,
	       q->by == SR_SERIES_MONTH ? "months" : "weeks", best);
	fflush(stdout);
}

static const char *only; /* the one part to run, NULL all */
static int want(const char *part)
{
	return !only || !strcmp(only, part);
}

static int count_date(void *ud, sr_date d)
{
	(void)d;
	(*(long *)ud)++;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: seriesbench DB [EVENTS [all|sphere|party|dyad|month|dates|bulletin]]\n");
		return 2;
	}
	const char *db = argv[1];
	long nevents = argc >= 3 ? strtol(argv[2], NULL, 10) : 1000000;
	only = argc == 4 ? argv[3] : NULL;
	if (nevents < 1) {
		fprintf(stderr, "seriesbench: EVENTS must be positive\n");
		return 2;
	}
	if (!reusable(db, nevents))
		build(db, nevents);
	else
		printf("store reused: %s (%ld events)\n", db, nevents);
	fflush(stdout);

	sr_error err;
	sr_store *s;
	if (sr_store_open(db, SR_STORE_READONLY, &s, &err) != 0)
		die("opening the store", &err);
	sr_spheres *sp;
	if (sr_spheres_default(&sp, &err) != 0)
		die("the bundled spheres", &err);
	int security = sr_spheres_find(sp, "security");
	if (security < 0) {
		fprintf(stderr, "seriesbench: no sphere 'security' in the bundled mapping\n");
		return 1;
	}

	/* warm the page cache once, untimed: the figures are of a warm store */
	{
		tally t = {0};
		sr_series_query q = {.by = SR_SERIES_WEEK}; /* a scan of every event row */
		if (sr_store_series(s, &q, count_bucket, &t, &err) != 0)
			die("warm-up", &err);
	}

	if (want("all"))
		time_series(s, "series all events by week", &(sr_series_query){.by = SR_SERIES_WEEK});
	if (want("sphere"))
		time_series(s, "series sphere security by week",
			    &(sr_series_query){.spheres = sp, .sphere = security, .by = SR_SERIES_WEEK});
	if (want("party"))
		time_series(s, "series party BLR by week",
			    &(sr_series_query){.party = "BLR", .by = SR_SERIES_WEEK});
	if (want("dyad"))
		time_series(s, "series dyad BLR-RUS by week",
			    &(sr_series_query){.party_a = "BLR", .party_b = "RUS", .by = SR_SERIES_WEEK});
	if (want("month"))
		time_series(s, "series dyad BLR-RUS by month",
			    &(sr_series_query){.party_a = "BLR", .party_b = "RUS", .by = SR_SERIES_MONTH});

	/* a split: the articles' dates, read by every series for its coverage */
	if (want("dates")) {
		double best = 1e30;
		long n = 0;
		for (int run = 0; run < 3; run++) {
			n = 0;
			double t0 = now();
			if (sr_store_doc_dates(s, count_date, &n, &err) != 0)
				die("doc dates", &err);
			double dt = now() - t0;
			if (dt < best)
				best = dt;
		}
		printf("  (of which each series reads the articles' dates: %ld articles, %.3f s)\n", n, best);
	}

	/* bulletin generation: the maker (every sphere's series), the latest week, both renderings */
	if (!want("bulletin"))
		goto out;
	double best = 1e30, best_create = 1e30, best_make = 1e30, best_render = 1e30;
	char week[9] = "";
	size_t html_len = 0, md_len = 0, nspheres = 0;
	long wk_docs = 0;
	double best_all = 1e30;
	for (int run = 0; run < 3; run++) {
		/* what `sitrep bulletin --latest` does: the latest week, a maker
		 * over the events that week needs, the week, both renderings */
		double t0 = now();
		char(*weeks)[9];
		size_t nweeks;
		if (sr_bulletin_weeks(s, &weeks, &nweeks, &err) != 0 || nweeks == 0)
			die("bulletin weeks", &err);
		memcpy(week, weeks[0], sizeof week);
		free(weeks);
		sr_date from, to;
		if (!sr_bulletin_window(week, &from, &to))
			die("bulletin window", &err);
		sr_bulletin_maker *m;
		if (sr_bulletin_maker_create(s, sp, NULL, NULL, from, to, &m, &err) != 0)
			die("bulletin maker", &err);
		double t1 = now();
		sr_bulletin *b;
		if (sr_bulletin_make(m, week, &b, &err) != 0)
			die("bulletin make", &err);
		double t2 = now();
		sr_buf html, md;
		sr_buf_init(&html, (size_t)64 << 20);
		sr_buf_init(&md, (size_t)64 << 20);
		sr_render_opts o = {.charts = 1};
		if (sr_bulletin_render_html(b, &o, &html, &err) != 0)
			die("render html", &err);
		if (sr_bulletin_render_md(b, &o, &md, &err) != 0)
			die("render md", &err);
		double t3 = now();
		html_len = html.len, md_len = md.len, nspheres = b->nspheres, wk_docs = b->documents;
		sr_buf_cleanup(&html);
		sr_buf_cleanup(&md);
		sr_bulletin_free(b);
		sr_bulletin_maker_free(m);
		double t4 = now();
		if (t4 - t0 < best)
			best = t4 - t0;
		if (t1 - t0 < best_create)
			best_create = t1 - t0;
		if (t2 - t1 < best_make)
			best_make = t2 - t1;
		if (t3 - t2 < best_render)
			best_render = t3 - t2;
		/* the archive's maker: every sphere's series over all events */
		t0 = now();
		if (sr_bulletin_maker_create(s, sp, NULL, NULL, 0, 0, &m, &err) != 0)
			die("bulletin maker", &err);
		sr_bulletin_maker_free(m);
		if (now() - t0 < best_all)
			best_all = now() - t0;
	}
	printf("bulletin generation (week %s, %zu spheres, %ld articles; HTML %zu B, Markdown %zu B): %.2f s\n",
	       week, nspheres, wk_docs, html_len, md_len, best);
	printf("  (weeks + maker over the week's window: %.2f s; make the week %.3f s; render HTML+MD %.3f s)\n",
	       best_create, best_make, best_render);
	printf("bulletin archive maker (all %zu spheres' series over every event, one pass): %.2f s\n",
	       sr_spheres_count(sp), best_all);
out:
	sr_spheres_free(sp);
	sr_store_close(s);
	return 0;
}
