/* bulletin_build.c — a week's bulletin from the store (bulletin_build.h).
 *
 * The maker reads each sphere's weekly series once; making a week then
 * reads only that week's articles and events. Everything a bulletin points
 * to is owned by its `own` list, freed with it. */
#include "bulletin_build.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "util/buf.h"

/* Evidence items per sphere, and weeks of series on each chart. */
enum { MAX_EVIDENCE = 5, CHART_WEEKS = 12, LEAD_MAX = 600 };

typedef struct sphere_series {
	sr_series_bucket *b; /* oldest first */
	size_t n, cap;
} sphere_series;

struct sr_bulletin_maker {
	sr_store *store;
	const sr_spheres *spheres;
	const sr_dict *dict;
	char focus[SR_STORE_CODE_MAX + 1]; /* "" none */
	sphere_series series[SR_SPHERES_MAX];
	int oom;
};

/* ---- what a bulletin owns ---- */

typedef struct owner {
	void **p;
	size_t n, cap;
	/* for sr_bulletin_summarize */
	const char **titles, **headlines;
	sr_trend *labels;
	long events;
} owner;

static void *own(owner *o, void *p)
{
	if (!p)
		return NULL;
	if (o->n == o->cap) {
		size_t cap = o->cap ? 2 * o->cap : 64;
		void **q = realloc(o->p, cap * sizeof *q);
		if (!q) {
			free(p);
			return NULL;
		}
		o->p = q, o->cap = cap;
	}
	return o->p[o->n++] = p;
}

static char *own_str(owner *o, const char *s, int *oom)
{
	if (!s)
		return NULL;
	char *c = own(o, sr_strndup(s, strlen(s)));
	if (!c)
		*oom = 1;
	return c;
}

static void owner_free(owner *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->p[i]);
	free(o->p);
	free(o);
}

/* ---- weeks ---- */

sr_date sr_week_monday(const char *week)
{
	int y, w;
	char tail;
	if (!week || strlen(week) != 8 || week[4] != '-' || week[5] != 'W' ||
	    sscanf(week, "%4d-W%2d%c", &y, &w, &tail) != 2 || y < 1000 || w < 1 || w > 53)
		return 0;
	for (int i = 0; i < 8; i++)
		if (i != 4 && i != 5 && (week[i] < '0' || week[i] > '9'))
			return 0;
	sr_date jan4 = sr_date_make(y, 1, 4); /* always in week 1 */
	long mon = sr_date_to_days(jan4) - (sr_date_weekday(jan4) - 1) + 7L * (w - 1);
	sr_date d = sr_date_from_days(mon);
	int yy, ww;
	sr_date_isoweek(d, &yy, &ww);
	return yy == y && ww == w ? d : 0; /* week 53 of a 52-week year is not a week */
}

static void week_name(sr_date monday, char out[9])
{
	int y, w;
	sr_date_isoweek(monday, &y, &w);
	unsigned yy = (unsigned)y % 10000u, ww = (unsigned)w % 100u;
	snprintf(out, 9, "%04u-W%02u", yy, ww);
}

/* ---- the maker ---- */

static int keep_bucket(void *ud, int sphere, const sr_series_bucket *b)
{
	sr_bulletin_maker *m = ud;
	sphere_series *ss = &m->series[sphere];
	if (ss->n == ss->cap) {
		size_t cap = ss->cap ? 2 * ss->cap : 64;
		sr_series_bucket *p = realloc(ss->b, cap * sizeof *p);
		if (!p)
			return m->oom = 1;
		ss->b = p, ss->cap = cap;
	}
	ss->b[ss->n++] = *b;
	return 0;
}

int sr_bulletin_window(const char *week, sr_date *from, sr_date *to)
{
	sr_date monday = sr_week_monday(week);
	if (!monday)
		return *from = *to = 0;
	/* the label looks back 4 windows of weeks (store.c's horizon), the chart CHART_WEEKS */
	long back = 4L * SR_TREND_WINDOW > CHART_WEEKS ? 4L * SR_TREND_WINDOW : CHART_WEEKS;
	*from = sr_date_from_days(sr_date_to_days(monday) - 7 * back);
	*to = sr_date_from_days(sr_date_to_days(monday) + 6);
	return 1;
}

int sr_bulletin_maker_create(sr_store *s, const sr_spheres *spheres, const sr_dict *dict, const char *focus,
			     sr_date from, sr_date to, sr_bulletin_maker **out, sr_error *err)
{
	*out = NULL;
	sr_bulletin_maker *m = calloc(1, sizeof *m);
	if (!m)
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	m->store = s, m->spheres = spheres, m->dict = dict;
	if (focus && *focus) {
		size_t n = strlen(focus);
		if (n > SR_STORE_CODE_MAX) {
			free(m);
			return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "the focus is a party code (BLR)");
		}
		for (size_t i = 0; i <= n; i++)
			m->focus[i] = focus[i] >= 'a' && focus[i] <= 'z' ? (char)(focus[i] - 'a' + 'A') : focus[i];
	}
	/* every sphere's series in one pass over the events */
	sr_series_query q = {.party = m->focus[0] ? m->focus : NULL, .spheres = spheres, .by = SR_SERIES_WEEK,
			     .from = from, .to = to};
	int rc = sr_store_series_spheres(s, &q, keep_bucket, m, err);
	if (rc == 0 && m->oom)
		rc = sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory for the sphere series");
	if (rc < 0) {
		sr_bulletin_maker_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

void sr_bulletin_maker_free(sr_bulletin_maker *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < SR_SPHERES_MAX; i++)
		free(m->series[i].b);
	free(m);
}

/* The bucket of sphere i's series starting on monday, or NULL. */
static const sr_series_bucket *bucket_at(const sr_bulletin_maker *m, size_t i, sr_date monday)
{
	const sphere_series *ss = &m->series[i];
	size_t lo = 0, hi = ss->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ss->b[mid].start < monday)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ss->n && ss->b[lo].start == monday ? &ss->b[lo] : NULL;
}

/* ---- making a week ---- */

typedef struct wk_doc {
	int64_t id;
	sr_doc d;
	unsigned long section_spheres;
	int of_week; /* one of the week's articles, not only the source of an event dated in it */
} wk_doc;

typedef struct wk_event {
	int64_t id, doc_id;
	int sentence;
	sr_date date;
	char *source, *source_name, *target, *target_name, *cameo, *plover, *text;
	int quad;
	double goldstein;
	unsigned long spheres;
} wk_event;

typedef struct week_state {
	sr_bulletin_maker *m;
	owner *own;
	int oom;
	wk_doc *docs;
	size_t ndocs, dcap;
	wk_event *ev;
	size_t nev, ecap;
	sr_error *err;
	int rc;
} week_state;

static wk_doc *find_doc(week_state *w, int64_t id)
{
	for (size_t i = 0; i < w->ndocs; i++)
		if (w->docs[i].id == id)
			return &w->docs[i];
	return NULL;
}

/* Load article id (once); NULL on failure (w->rc set). */
static wk_doc *add_doc(week_state *w, int64_t id, int of_week)
{
	wk_doc *d = find_doc(w, id);
	if (d) {
		d->of_week |= of_week;
		return d;
	}
	if (w->ndocs == w->dcap) {
		size_t cap = w->dcap ? 2 * w->dcap : 16;
		wk_doc *p = realloc(w->docs, cap * sizeof *p);
		if (!p) {
			w->rc = sr_error_set(w->err, SR_ENOMEM, NULL, 0, -1, "out of memory");
			return NULL;
		}
		w->docs = p, w->dcap = cap;
	}
	d = &w->docs[w->ndocs];
	memset(d, 0, sizeof *d);
	d->id = id;
	int rc = sr_store_get_doc(w->m->store, id, &d->d, NULL, w->err);
	if (rc < 0) {
		sr_doc_cleanup(&d->d);
		w->rc = rc;
		return NULL;
	}
	d->of_week = of_week;
	d->section_spheres = sr_spheres_of_section(w->m->spheres, d->d.section);
	w->ndocs++;
	return d;
}

static int on_doc_id(void *ud, int64_t id)
{
	week_state *w = ud;
	return add_doc(w, id, 1) ? 0 : 1;
}

static int focus_has(const sr_bulletin_maker *m, const sr_store_event *e)
{
	if (!m->focus[0])
		return 1;
	return (e->source_party && !strcmp(e->source_party, m->focus)) ||
	       (e->target_party && !strcmp(e->target_party, m->focus));
}

static int on_event(void *ud, const sr_event_row *r)
{
	week_state *w = ud;
	const sr_store_event *e = &r->ev;
	if (!focus_has(w->m, e))
		return 0;
	sr_sphere_event se = {e->cameo, e->plover, e->source, e->target, e->source_party, e->target_party};
	unsigned long mask = sr_spheres_of_event(w->m->spheres, &se);
	if (!mask)
		return 0;
	if (!add_doc(w, r->doc_id, 0))
		return 1;
	if (w->nev == w->ecap) {
		size_t cap = w->ecap ? 2 * w->ecap : 64;
		wk_event *p = realloc(w->ev, cap * sizeof *p);
		if (!p) {
			w->oom = 1;
			return 1;
		}
		w->ev = p, w->ecap = cap;
	}
	wk_event *x = &w->ev[w->nev++];
	memset(x, 0, sizeof *x);
	x->id = r->id, x->doc_id = r->doc_id, x->sentence = e->sentence, x->date = e->date;
	x->quad = e->quad, x->goldstein = e->goldstein, x->spheres = mask;
	x->source = own_str(w->own, e->source, &w->oom);
	x->source_name = own_str(w->own, e->source_name, &w->oom);
	x->target = own_str(w->own, e->target, &w->oom);
	x->target_name = own_str(w->own, e->target_name, &w->oom);
	x->cameo = own_str(w->own, e->cameo, &w->oom);
	x->plover = own_str(w->own, e->plover, &w->oom);
	if (e->text) {
		x->text = own(w->own, sr_strndup(e->text, e->text_len));
		if (!x->text)
			w->oom = 1;
	}
	return w->oom;
}

/* Heaviest first: |Goldstein|, then the earlier, then the lower id. */
static int cmp_weight(const void *a, const void *b)
{
	const wk_event *x = *(const wk_event *const *)a, *y = *(const wk_event *const *)b;
	double ax = x->quad ? fabs(x->goldstein) : -1, ay = y->quad ? fabs(y->goldstein) : -1;
	if (ax != ay)
		return ax > ay ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* The article's lead: its first paragraph, cut at a sentence end within
 * LEAD_MAX bytes. */
static char *lead_of(const sr_doc *d)
{
	if (!d->body || !d->body_len)
		return NULL;
	const char *p = d->body, *end = strstr(p, "\n\n");
	size_t n = end ? (size_t)(end - p) : d->body_len;
	if (n > LEAD_MAX) {
		size_t cut = 0;
		for (size_t i = 0; i + 1 < LEAD_MAX; i++)
			if ((p[i] == '.' || p[i] == '!' || p[i] == '?') && p[i + 1] == ' ')
				cut = i + 1;
		if (cut == 0) /* no sentence end: cut at a space, not inside a character */
			for (cut = LEAD_MAX; cut > 0 && p[cut] != ' '; cut--)
				;
		n = cut ? cut : LEAD_MAX;
	}
	char *s = sr_strndup(p, n);
	for (char *c = s; c && *c; c++)
		if (*c == '\n')
			*c = ' ';
	return s;
}

typedef struct cite_acc {
	sr_bulletin_cite *c;
	size_t n;
	sr_date doc_date;
	owner *own;
	int oom;
} cite_acc;

enum { MAX_CITES = 8 };

static int on_cite(void *ud, const sr_cite_ref *r, size_t at)
{
	(void)at;
	cite_acc *a = ud;
	if (a->n == MAX_CITES)
		return 1;
	sr_bulletin_cite *c = &a->c[a->n++];
	c->name = NULL;
	if (r->name_len) {
		c->name = own(a->own, sr_strndup(r->name, r->name_len));
		if (!c->name)
			a->oom = 1;
	}
	/* a date without a year is the latest such date not after the article */
	int y = r->y;
	if (!y && a->doc_date) {
		y = (int)(a->doc_date / 10000);
		if (sr_date_make(y, r->m, r->d) > a->doc_date)
			y--;
	}
	c->date = y ? sr_date_make(y, r->m, r->d) : 0;
	return a->oom;
}

static size_t article_index(sr_bulletin_article *arts, size_t *n, const wk_doc *d, owner *o, int *oom)
{
	for (size_t i = 0; i < *n; i++)
		if (arts[i].doc_id == d->id)
			return i;
	sr_bulletin_article *a = &arts[(*n)++];
	memset(a, 0, sizeof *a);
	a->doc_id = d->id;
	a->title = own_str(o, d->d.title, oom);
	a->publication = own_str(o, d->d.publication, oom);
	a->url = own_str(o, d->d.url, oom);
	a->file = own_str(o, d->d.file, oom);
	a->section = own_str(o, d->d.section, oom);
	a->date = d->d.date;
	a->trend_assessed = d->d.trend_assessed;
	return *n - 1;
}

static int sign_of(sr_trend t)
{
	return t == SR_TREND_BETTER ? 1 : t == SR_TREND_WORSE ? -1 : 0;
}

/* The sphere's label from the series' judgement and the articles' own
 * readings, each weighed by how sure it is (docs/assess.md). */
static void sphere_label(sr_bulletin_sphere *sp, const sr_series_bucket *bk, const wk_doc *const *arts,
			 const double *aw, size_t narts, sr_buf *basis)
{
	double w_total = 0, votes[3] = {0}; /* better, unchanged, worse */
	if (bk && bk->trend.confidence > 0) {
		double w = bk->trend.confidence;
		w_total += w;
		votes[1 - sign_of(bk->trend.label)] += w;
	}
	long nread[3] = {0};
	for (size_t i = 0; i < narts; i++) {
		sr_trend t = arts[i]->d.trend_assessed;
		if (t == SR_TREND_NONE)
			continue;
		w_total += aw[i];
		votes[1 - sign_of(t)] += aw[i];
		nread[1 - sign_of(t)]++;
	}
	/* the weighted plurality; a tie (or nothing) leaves it unchanged */
	sp->label = SR_TREND_UNCHANGED;
	if (votes[0] > votes[1] && votes[0] > votes[2])
		sp->label = SR_TREND_BETTER;
	else if (votes[2] > votes[1] && votes[2] > votes[0])
		sp->label = SR_TREND_WORSE;
	double agree = w_total > 0 ? votes[1 - sign_of(sp->label)] / w_total : 0;
	sp->confidence = agree * fmin(1.0, w_total / 2.0);

	/* the reader's account of it */
	if (!bk || bk->trend.baseline < SR_TREND_MIN_BASELINE)
		sr_buf_puts(basis, "No earlier weeks with articles to compare the events with");
	else if (!bk->events)
		sr_buf_printf(basis, "No event this week against %d earlier weeks with articles", bk->trend.baseline);
	else
		sr_buf_printf(basis,
			      "Against %d earlier weeks with articles, cooperation moved %+.1f and conflict "
			      "%+.1f spreads: the events read as %s (confidence %.2f)",
			      bk->trend.baseline, bk->trend.z_coop, bk->trend.z_conflict,
			      sr_trend_name(bk->trend.label), bk->trend.confidence);
	long nr = nread[0] + nread[1] + nread[2];
	if (nr) {
		sr_buf_printf(basis, "; %ld article%s of the week read%s it as", nr, nr == 1 ? "" : "s",
			      nr == 1 ? "s" : "");
		const char *names[3] = {"better", "unchanged", "worse"};
		int first = 1;
		for (int k = 0; k < 3; k++)
			if (nread[k]) {
				sr_buf_printf(basis, "%s %s%s", first ? "" : ",", names[k], "");
				if (nr > 1)
					sr_buf_printf(basis, " (%ld)", nread[k]);
				first = 0;
			}
	} else {
		sr_buf_puts(basis, "; no article of the week gives a reading of it");
	}
	sr_buf_puts(basis, ".");
}

/* A headline made from the weightiest event when no article of the
 * sphere gives one: "Belarus military – Russia military: Engage in …". */
static char *event_headline(const sr_bulletin_maker *m, const wk_event *e)
{
	sr_cameo_info ci;
	const char *what = m->dict && e->cameo && sr_dict_cameo(m->dict, e->cameo, &ci) == 0 && ci.name
				   ? ci.name
				   : e->cameo;
	sr_buf b;
	sr_buf_init(&b, 4096);
	const char *sn = e->source_name ? e->source_name : e->source;
	const char *tn = e->target_name ? e->target_name : e->target;
	if (sn && *sn && tn && *tn)
		sr_buf_printf(&b, "%s – %s: %s", sn, tn, what ? what : "");
	else
		sr_buf_printf(&b, "%s: %s", sn && *sn ? sn : tn ? tn : "", what ? what : "");
	return sr_buf_detach(&b, NULL);
}

static int make_sphere(week_state *w, size_t si, sr_date monday, sr_bulletin_sphere *sp, int *shown)
{
	sr_bulletin_maker *m = w->m;
	owner *o = w->own;
	*shown = 0;
	size_t nev = 0;
	const wk_event **ev = own(o, malloc((w->nev + 1) * sizeof *ev));
	const wk_doc **sec = own(o, malloc((w->ndocs + 1) * sizeof *sec));
	double *aw = own(o, malloc((w->ndocs + 1) * sizeof *aw));
	sr_bulletin_article *arts = own(o, calloc(w->ndocs + 1, sizeof *arts));
	sr_bulletin_evidence *evd = own(o, calloc(MAX_EVIDENCE, sizeof *evd));
	if (!ev || !sec || !aw || !arts || !evd)
		return w->oom = 1;
	for (size_t i = 0; i < w->nev; i++)
		if (w->ev[i].spheres >> si & 1)
			ev[nev++] = &w->ev[i];
	/* the articles that speak for the sphere: those whose section names it
	 * (full weight), then those with its events (half) */
	size_t nsec = 0, nread = 0;
	for (size_t i = 0; i < w->ndocs; i++)
		if (w->docs[i].of_week && w->docs[i].section_spheres >> si & 1)
			sec[nsec++] = &w->docs[i], aw[nread++] = 1.0;
	if (!nev && !nsec)
		return 0;
	*shown = 1;
	for (size_t i = 0; i < w->ndocs; i++) {
		const wk_doc *d = &w->docs[i];
		int has = 0, already = 0;
		for (size_t k = 0; k < nsec; k++)
			already |= sec[k] == d;
		for (size_t k = 0; k < nev && !has; k++)
			has = ev[k]->doc_id == d->id;
		/* an article of the week without a section of its own speaks
		 * where its events are */
		if (has && !already && d->of_week && !d->section_spheres)
			sec[nread] = d, aw[nread++] = 0.5;
	}
	qsort(ev, nev, sizeof *ev, cmp_weight);

	sp->id = sr_spheres_id(m->spheres, si);
	sp->title = sr_spheres_title(m->spheres, si);
	size_t narts = 0;
	for (size_t k = 0; k < nsec; k++)
		article_index(arts, &narts, sec[k], o, &w->oom);

	/* evidence: the weightiest events, one per sentence */
	size_t ne = 0;
	for (size_t k = 0; k < nev && ne < MAX_EVIDENCE; k++) {
		const wk_event *e = ev[k];
		int dup = 0;
		for (size_t j = 0; j < k && !dup; j++)
			dup = ev[j]->doc_id == e->doc_id && ev[j]->sentence == e->sentence &&
			      (j < k) && ev[j]->text && e->text && !strcmp(ev[j]->text, e->text);
		if (dup)
			continue;
		const wk_doc *d = find_doc(w, e->doc_id);
		sr_bulletin_evidence *x = &evd[ne++];
		x->event_id = e->id;
		x->article = article_index(arts, &narts, d, o, &w->oom);
		x->date = e->date;
		x->source_code = e->source, x->source_name = e->source_name;
		x->target_code = e->target, x->target_name = e->target_name;
		x->cameo = e->cameo ? e->cameo : "";
		sr_cameo_info ci;
		if (m->dict && e->cameo && sr_dict_cameo(m->dict, e->cameo, &ci) == 0 && ci.name)
			x->cameo_name = own_str(o, ci.name, &w->oom);
		x->quad = e->quad, x->goldstein = e->goldstein;
		x->text = e->text ? e->text : "";
		cite_acc acc = {own(o, calloc(MAX_CITES, sizeof(sr_bulletin_cite))), 0, d->d.date, o, 0};
		if (!acc.c)
			return w->oom = 1;
		sr_cite_scan(x->text, strlen(x->text), on_cite, &acc);
		w->oom |= acc.oom;
		x->cites = acc.c, x->ncites = acc.n;
	}
	sp->evidence = evd, sp->nevidence = ne;
	sp->articles = arts, sp->narticles = narts;

	/* the week's figures and the series around it */
	const sr_series_bucket *bk = bucket_at(m, si, monday);
	for (size_t k = 0; k < nev; k++) {
		sp->events++;
		if (ev[k]->quad == 1 || ev[k]->quad == 2)
			sp->cooperation++;
		else if (ev[k]->quad >= 3)
			sp->conflict++;
		if (ev[k]->quad)
			sp->goldstein_sum += ev[k]->goldstein;
	}
	sr_chart_point *pts = own(o, calloc(CHART_WEEKS, sizeof *pts));
	if (!pts)
		return w->oom = 1;
	int any = 0;
	for (int k = 0; k < CHART_WEEKS; k++) {
		sr_date wk = sr_date_from_days(sr_date_to_days(monday) - 7L * (CHART_WEEKS - 1 - k));
		char *name = own(o, malloc(9));
		if (!name)
			return w->oom = 1;
		week_name(wk, name);
		const sr_series_bucket *b = bucket_at(m, si, wk);
		pts[k] = (sr_chart_point){name, b ? (double)b->cooperation : 0, b ? (double)b->conflict : 0,
					  b ? b->goldstein_mean : 0, b && b->scored};
		any |= b != NULL;
	}
	sp->series = any ? pts : NULL;
	sp->nseries = any ? CHART_WEEKS : 0;

	sr_buf basis;
	sr_buf_init(&basis, 4096);
	sphere_label(sp, bk && bk->events ? bk : NULL, sec, aw, nread, &basis);
	sp->basis = own(o, sr_buf_detach(&basis, NULL));

	/* headline and lead: the article of the sphere with most of its
	 * events, else made from the weightiest event */
	const wk_doc *lead_doc = NULL;
	long best = -1;
	for (size_t k = 0; k < nsec; k++) {
		long n = 0;
		for (size_t j = 0; j < nev; j++)
			n += ev[j]->doc_id == sec[k]->id;
		if (n > best && sec[k]->d.title)
			best = n, lead_doc = sec[k];
	}
	if (lead_doc) {
		sp->headline = own_str(o, lead_doc->d.title, &w->oom);
		sp->lead = own(o, lead_of(&lead_doc->d));
	} else if (nev) {
		sp->headline = own(o, event_headline(m, ev[0]));
	}
	if (!sp->headline)
		sp->headline = sp->title;
	/* no article of the sphere: the weightiest event's sentence leads */
	if (!sp->lead && ne && evd[0].text[0])
		sp->lead = evd[0].text;
	if (!sp->lead)
		sp->lead = "";
	if (!sp->basis || !sp->lead || !sp->headline)
		w->oom = 1;
	return w->oom;
}

int sr_bulletin_make(sr_bulletin_maker *m, const char *week, sr_bulletin **out, sr_error *err)
{
	*out = NULL;
	sr_date monday = sr_week_monday(week);
	if (!monday)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "'%s' is not an ISO week (YYYY-Www)",
				    week ? week : "");
	sr_date sunday = sr_date_from_days(sr_date_to_days(monday) + 6);
	owner *o = calloc(1, sizeof *o);
	sr_bulletin *b = calloc(1, sizeof *b);
	if (!o || !b) {
		free(o);
		free(b);
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	}
	b->owner = o;
	week_name(monday, b->week);
	b->start = monday, b->end = sunday;
	b->focus = m->focus[0] ? own_str(o, m->focus, &(int){0}) : NULL;

	week_state w = {.m = m, .own = o, .err = err};
	int rc = sr_store_doc_ids(m->store, monday, sunday, on_doc_id, &w, err);
	if (rc == 0)
		rc = w.rc;
	b->documents = (long)w.ndocs;
	if (rc == 0) {
		sr_event_query q = {.from = monday, .to = sunday};
		rc = sr_store_events(m->store, &q, on_event, &w, err);
		if (rc == 0)
			rc = w.rc;
	}
	size_t ns = sr_spheres_count(m->spheres);
	sr_bulletin_sphere *sp = rc == 0 ? own(o, calloc(ns + 1, sizeof *sp)) : NULL;
	if (rc == 0 && !sp)
		w.oom = 1;
	size_t n = 0;
	for (size_t i = 0; rc == 0 && !w.oom && i < ns; i++) {
		int shown;
		memset(&sp[n], 0, sizeof sp[n]);
		if (make_sphere(&w, i, monday, &sp[n], &shown) == 0 && shown)
			n++;
	}
	if (rc == 0 && w.oom)
		rc = sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory making the bulletin");
	for (size_t i = 0; i < w.ndocs; i++)
		sr_doc_cleanup(&w.docs[i].d);
	free(w.docs);
	free(w.ev);
	if (rc < 0) {
		sr_bulletin_free(b);
		return rc;
	}
	b->spheres = sp, b->nspheres = n;
	/* the summary's arrays, owned with the rest */
	o->titles = own(o, calloc(n + 1, sizeof *o->titles));
	o->headlines = own(o, calloc(n + 1, sizeof *o->headlines));
	o->labels = own(o, calloc(n + 1, sizeof *o->labels));
	if (!o->titles || !o->headlines || !o->labels) {
		sr_bulletin_free(b);
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		o->titles[i] = sp[i].title;
		o->headlines[i] = sp[i].headline;
		o->labels[i] = sp[i].label;
	}
	o->events = (long)w.nev;
	*out = b;
	return 0;
}

void sr_bulletin_free(sr_bulletin *b)
{
	if (!b)
		return;
	if (b->owner)
		owner_free(b->owner);
	free(b);
}

/* ---- the archive ---- */

typedef struct week_acc {
	long *days; /* Mondays as day numbers */
	size_t n, cap;
	int oom;
} week_acc;

static int add_week_day(week_acc *a, sr_date d)
{
	if (!sr_date_valid(d))
		return 0;
	if (a->n == a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 256;
		long *p = realloc(a->days, cap * sizeof *p);
		if (!p)
			return a->oom = 1;
		a->days = p, a->cap = cap;
	}
	a->days[a->n++] = sr_date_to_days(d) - (sr_date_weekday(d) - 1);
	return 0;
}

static int on_date(void *ud, sr_date d)
{
	return add_week_day(ud, d);
}

static int cmp_desc(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x < y) - (x > y);
}

int sr_bulletin_weeks(sr_store *s, char (**weeks)[9], size_t *n, sr_error *err)
{
	*weeks = NULL;
	*n = 0;
	week_acc a = {0};
	int rc = sr_store_doc_dates(s, on_date, &a, err);
	if (rc == 0 && a.oom)
		rc = sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	if (rc < 0) {
		free(a.days);
		return rc;
	}
	if (a.n)
		qsort(a.days, a.n, sizeof *a.days, cmp_desc);
	size_t k = 0;
	for (size_t i = 0; i < a.n; i++)
		if (k == 0 || a.days[k - 1] != a.days[i])
			a.days[k++] = a.days[i];
	char(*w)[9] = k ? malloc(k * sizeof *w) : NULL;
	if (k && !w) {
		free(a.days);
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	}
	for (size_t i = 0; i < k; i++)
		week_name(sr_date_from_days(a.days[i]), w[i]);
	free(a.days);
	*weeks = w;
	*n = k;
	return 0;
}

void sr_bulletin_summarize(const sr_bulletin *b, sr_bulletin_summary *out)
{
	memset(out, 0, sizeof *out);
	memcpy(out->week, b->week, sizeof out->week);
	out->start = b->start, out->end = b->end;
	out->documents = b->documents;
	out->nspheres = b->nspheres;
	const owner *o = b->owner;
	if (o) {
		out->events = o->events; /* each event once, whatever its spheres */
		out->sphere_titles = o->titles;
		out->headlines = o->headlines;
		out->labels = o->labels;
	}
}
