/* assess.c — better / unchanged / worse from an article's own text.
 *
 * Two kinds of evidence, summed per reading (docs/assess.md):
 *  - wording: a small English/Russian/Belarusian lexicon of change cues
 *    ("improved", "escalated", "ухудшение") and continuity cues
 *    ("remained", "continued", "по-прежнему"); a change cue under negation
 *    ("has not improved", "no breakthrough") is evidence of no change;
 *  - events: the coder's events, by Goldstein score — cooperation leans
 *    better, conflict worse — one per sentence, the strongest.
 * Sentences of the lead count double (analysts state their verdict first);
 * hedged ones (may, likely …) and modal or reported events count half.
 * The source's own label (d->trend) is never read. */
#include "assess.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* A cue: a stem matched at the start of a folded word (or the whole word
 * when exact), with the reading it supports. */
typedef struct {
	const char *stem;
	unsigned char exact;
	signed char dir; /* +1 better, -1 worse, 0 no change */
} cue;

/* Few and general on purpose: words that say a state changed, or did not.
 * Topic words (army, election) carry no direction and are left out. */
static const cue cues[] = {
	/* better */
	{"improv", 0, 1}, {"eased", 1, 1}, {"easing", 1, 1}, {"thaw", 0, 1},
	{"normalis", 0, 1}, {"normaliz", 0, 1}, {"breakthrough", 0, 1}, {"progress", 0, 1},
	{"resum", 0, 1}, {"restor", 0, 1}, {"rapprochement", 0, 1}, {"de-escalat", 0, 1},
	{"détente", 0, 1}, {"reconcil", 0, 1}, {"positive", 1, 1}, {"lifted", 1, 1},
	{"released", 1, 1}, {"warming", 1, 1},
	{"улучш", 0, 1}, {"потепл", 0, 1}, {"нормализ", 0, 1}, {"прорыв", 0, 1},
	{"прогресс", 0, 1}, {"возобнов", 0, 1}, {"смягч", 0, 1}, {"разряд", 0, 1},
	{"паляпш", 0, 1}, {"палепш", 0, 1}, {"нармаліз", 0, 1}, {"пацяпл", 0, 1},
	/* worse */
	{"deteriorat", 0, -1}, {"worse", 0, -1}, {"escalat", 0, -1}, {"tension", 0, -1},
	{"aggress", 0, -1}, {"sanction", 0, -1}, {"threat", 0, -1}, {"crackdown", 0, -1},
	{"repress", 0, -1}, {"condemn", 0, -1}, {"war", 1, -1}, {"hostil", 0, -1},
	{"confront", 0, -1}, {"punish", 0, -1}, {"arrest", 0, -1}, {"detain", 0, -1},
	{"attack", 0, -1}, {"crisis", 0, -1}, {"pressur", 0, -1}, {"conflict", 0, -1},
	{"negative", 1, -1}, {"decline", 0, -1}, {"militaris", 0, -1}, {"militariz", 0, -1},
	{"invasion", 0, -1}, {"suspend", 0, -1},
	{"refus", 0, -1}, {"oppos", 0, -1}, {"contradict", 0, -1}, {"disput", 0, -1},
	{"accus", 0, -1}, {"blame", 0, -1},
	{"ухудш", 0, -1}, {"обостр", 0, -1}, {"эскалац", 0, -1}, {"напряж", 0, -1},
	{"санкц", 0, -1}, {"угроз", 0, -1}, {"репресс", 0, -1}, {"арест", 0, -1},
	{"задерж", 0, -1}, {"конфликт", 0, -1}, {"кризис", 0, -1}, {"давлен", 0, -1}, {"отказ", 0, -1}, {"обвин", 0, -1},
	{"войн", 0, -1}, {"агресс", 0, -1},
	{"пагарш", 0, -1}, {"абвастр", 0, -1}, {"рэпрэс", 0, -1}, {"вайн", 0, -1},
	{"канфлікт", 0, -1}, {"пагроз", 0, -1},
	/* no change */
	{"remain", 0, 0}, {"unchanged", 0, 0}, {"stable", 1, 0}, {"stabil", 0, 0},
	{"continu", 0, 0}, {"still", 1, 0}, {"inertia", 0, 0}, {"stagnat", 0, 0},
	{"status quo", 0, 0}, {"routine", 0, 0}, {"persist", 0, 0}, {"deadlock", 0, 0},
	{"as before", 0, 0}, {"same", 1, 0},
	{"сохран", 0, 0}, {"остал", 0, 0}, {"остает", 0, 0}, {"остаёт", 0, 0},
	{"неизмен", 0, 0}, {"стабил", 0, 0}, {"продолж", 0, 0}, {"по-прежнему", 0, 0},
	{"стагнац", 0, 0}, {"застал", 0, 0}, {"працяг", 0, 0}, {"стабіл", 0, 0},
	{"па-ранейшаму", 0, 0},
};

static const char *const negators[] = {
	"not", "no", "never", "hardly", "neither", "nor", "without", "lack", "absence",
	"не", "нет", "без", "ни", "няма",
};

static const char *const hedges[] = {
	"may", "might", "could", "would", "likely", "unlikely", "probably", "possibly",
	"hope", "hopes", "hoping", "intend", "intends",
	"может", "могут", "вероятно", "возможно", "магчыма",
};

enum {
	NEG_SCOPE = 4,   /* words after a negator that it covers */
	LEAD_SENTENCES = 3, /* at most this many sentences of the first paragraph */
};
#define LEAD_WEIGHT 2.0
#define HEDGE_WEIGHT 0.5
#define EVENT_SCALE 0.1 /* Goldstein ±10 → ±1, one cue's worth */
#define MIN_EVIDENCE 1.0 /* below this, nothing says it changed */
#define MIN_LEAN 0.25    /* |better − worse| as a share of all evidence */

static int word_in(const char *w, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (list[i][0] == w[0] && strlen(list[i]) == n && !memcmp(list[i], w, n))
			return 1;
	return 0;
}

/* "didn't", "doesn’t" */
static int ends_nt(const char *w, size_t n)
{
	return (n > 3 && !memcmp(w + n - 3, "n't", 3)) ||
	       (n > 5 && !memcmp(w + n - 5, "n\xe2\x80\x99t", 5));
}

/* The cue starting at word w (the rest of the sentence is s[..end)), or NULL. */
static const cue *match_cue(const char *w, size_t wn, const char *end)
{
	for (size_t i = 0; i < sizeof cues / sizeof cues[0]; i++) {
		const cue *c = &cues[i];
		if (c->stem[0] != w[0]) /* the cheap test first: this runs per word */
			continue;
		size_t n = strlen(c->stem);
		if (c->exact) {
			if (n == wn && !memcmp(c->stem, w, n))
				return c;
		} else if (memchr(c->stem, ' ', n)) { /* several words, from this one */
			if ((size_t)(end - w) >= n && !memcmp(c->stem, w, n))
				return c;
		} else if (wn >= n && !memcmp(c->stem, w, n)) {
			return c;
		}
	}
	return NULL;
}

static void add(sr_assess_detail *det, int dir, double w)
{
	if (dir > 0)
		det->better += w;
	else if (dir < 0)
		det->worse += w;
	else
		det->same += w;
}

/* The wording of one sentence into det; returns its hedge factor. */
static double assess_sentence(const char *s, size_t len, double weight, sr_assess_detail *det)
{
	size_t flen = 0;
	char *f = sr_text_fold(s, len, &flen);
	if (!f)
		return 1.0;
	/* hedged? */
	double hedge = 1.0;
	size_t pos = 0;
	sr_token t;
	while (sr_token_next(f, flen, &pos, &t))
		if (t.kind == SR_TOK_WORD &&
		    word_in(f + t.start, t.end - t.start, hedges, sizeof hedges / sizeof hedges[0]))
			hedge = HEDGE_WEIGHT;
	weight *= hedge;
	pos = 0;
	int since_neg = NEG_SCOPE + 1;
	while (sr_token_next(f, flen, &pos, &t)) {
		if (t.kind != SR_TOK_WORD) {
			if (f[t.start] == ',' || f[t.start] == ';')
				since_neg = NEG_SCOPE + 1; /* a clause ends the negation */
			continue;
		}
		const char *w = f + t.start;
		size_t wn = t.end - t.start;
		if (word_in(w, wn, negators, sizeof negators / sizeof negators[0]) || ends_nt(w, wn)) {
			since_neg = 0;
			continue;
		}
		since_neg++;
		const cue *c = match_cue(w, wn, f + flen);
		if (!c)
			continue;
		det->cues++;
		if (since_neg <= NEG_SCOPE) {
			/* "has not improved", "no escalation": it stayed as it was;
			 * "no longer stable" says nothing of the direction */
			if (c->dir != 0)
				add(det, 0, weight * 0.5);
		} else {
			add(det, c->dir, weight);
		}
	}
	free(f);
	return hedge;
}

sr_trend sr_assess_article_detail(const sr_doc *d, const sr_event *ev, size_t nev,
				  double *confidence, sr_assess_detail *det_out)
{
	sr_assess_detail det = {0};
	if (confidence)
		*confidence = 0;
	if (det_out)
		*det_out = det;
	if (!d || !d->body || !sr_text_has_word(d->body, d->body_len))
		return SR_TREND_NONE;
	const char *body = d->body;
	size_t len = d->body_len;

	sr_sentencer *z = sr_sentencer_new(body, len);
	if (!z)
		return SR_TREND_NONE;
	/* per-sentence weights, for the events after the wording */
	size_t nsent = 0, cap = 0;
	double *sw = NULL;
	sr_span sp;
	size_t prev_end = 0;
	int paragraph = 0;
	while (sr_sentencer_next(z, &sp)) {
		for (size_t i = prev_end; i + 1 < sp.start; i++)
			if (body[i] == '\n' && body[i + 1] == '\n') {
				paragraph++;
				break;
			}
		prev_end = sp.end;
		double w = paragraph == 0 && nsent < LEAD_SENTENCES ? LEAD_WEIGHT : 1.0;
		double h = assess_sentence(body + sp.start, sp.end - sp.start, w, &det);
		if (nsent == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			double *p = realloc(sw, ncap * sizeof *p);
			if (!p)
				break;
			sw = p, cap = ncap;
		}
		sw[nsent++] = w * h;
	}
	sr_sentencer_free(z);

	/* events: the strongest per sentence */
	for (size_t i = 0; i < nev;) {
		int s = ev[i].sentence;
		double best = 0;
		for (; i < nev && ev[i].sentence == s; i++) {
			if (ev[i].quad < 1)
				continue;
			double g = ev[i].goldstein * EVENT_SCALE;
			if (ev[i].flags & SR_EV_MODAL)
				g *= 0.5;
			if (ev[i].flags & SR_EV_REPORTED)
				g *= 0.5;
			if (fabs(g) > fabs(best))
				best = g;
		}
		if (best == 0)
			continue;
		double w = s >= 0 && (size_t)s < nsent ? sw[s] : 1.0;
		det.events++;
		add(&det, best > 0 ? 1 : -1, fabs(best) * w);
	}
	free(sw);

	double total = det.better + det.worse + det.same;
	double net = det.better - det.worse;
	sr_trend t = SR_TREND_UNCHANGED;
	double conf;
	if (total < MIN_EVIDENCE) {
		conf = 0.5 * (1.0 - total / MIN_EVIDENCE) + 0.1; /* little said: weak "no change" */
	} else if (fabs(net) >= MIN_LEAN * total && fabs(net) >= MIN_EVIDENCE) {
		t = net > 0 ? SR_TREND_BETTER : SR_TREND_WORSE;
		conf = fabs(net) / total;
	} else {
		conf = 1.0 - fabs(net) / (MIN_LEAN * total + 1e-9);
		if (conf < 0.1)
			conf = 0.1;
	}
	if (conf > 1)
		conf = 1;
	if (confidence)
		*confidence = conf;
	if (det_out)
		*det_out = det;
	return t;
}

sr_trend sr_assess_article(const sr_doc *d, const sr_event *ev, size_t nev, double *confidence)
{
	return sr_assess_article_detail(d, ev, nev, confidence, NULL);
}
