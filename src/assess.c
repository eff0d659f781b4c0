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
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* A cue: a stem matched at the start of a folded word (or the whole word
 * when exact), with the reading it supports. A stem with a space matches
 * several words from this one. */
typedef struct {
	const char *stem;
	unsigned char len;
	unsigned char exact;
	signed char dir; /* +1 better, -1 worse, 0 no change */
} cue;

#define C(stem, exact, dir) {stem, sizeof stem - 1, exact, dir}

/* Few and general on purpose: words that say a state changed, or did not.
 * Topic words (army, election) carry no direction and are left out. */
static const cue cues[] = {
	/* better */
	C("improv", 0, 1), C("eased", 1, 1), C("easing", 1, 1), C("thaw", 0, 1),
	C("normalis", 0, 1), C("normaliz", 0, 1), C("breakthrough", 0, 1), C("progress", 0, 1),
	C("resum", 0, 1), C("restor", 0, 1), C("rapprochement", 0, 1), C("de-escalat", 0, 1),
	C("détente", 0, 1), C("reconcil", 0, 1), C("positive", 1, 1), C("lifted", 1, 1),
	C("released", 1, 1), C("warming", 1, 1),
	C("улучш", 0, 1), C("потепл", 0, 1), C("нормализ", 0, 1), C("прорыв", 0, 1),
	C("прогресс", 0, 1), C("возобнов", 0, 1), C("смягч", 0, 1), C("разряд", 0, 1),
	C("паляпш", 0, 1), C("палепш", 0, 1), C("нармаліз", 0, 1), C("пацяпл", 0, 1),
	/* worse */
	C("deteriorat", 0, -1), C("worse", 0, -1), C("escalat", 0, -1), C("tension", 0, -1),
	C("aggress", 0, -1), C("sanction", 0, -1), C("threat", 0, -1), C("crackdown", 0, -1),
	C("repress", 0, -1), C("condemn", 0, -1), C("war", 1, -1), C("hostil", 0, -1),
	C("confront", 0, -1), C("punish", 0, -1), C("arrest", 0, -1), C("detain", 0, -1),
	C("attack", 0, -1), C("crisis", 0, -1), C("pressur", 0, -1), C("conflict", 0, -1),
	C("negative", 1, -1), C("decline", 0, -1), C("militaris", 0, -1), C("militariz", 0, -1),
	C("invasion", 0, -1), C("suspend", 0, -1),
	C("refus", 0, -1), C("oppos", 0, -1), C("contradict", 0, -1), C("disput", 0, -1),
	C("accus", 0, -1), C("blame", 0, -1),
	C("ухудш", 0, -1), C("обостр", 0, -1), C("эскалац", 0, -1), C("напряж", 0, -1),
	C("санкц", 0, -1), C("угроз", 0, -1), C("репресс", 0, -1), C("арест", 0, -1),
	C("задерж", 0, -1), C("конфликт", 0, -1), C("кризис", 0, -1), C("давлен", 0, -1), C("отказ", 0, -1), C("обвин", 0, -1),
	C("войн", 0, -1), C("агресс", 0, -1),
	C("пагарш", 0, -1), C("абвастр", 0, -1), C("рэпрэс", 0, -1), C("вайн", 0, -1),
	C("канфлікт", 0, -1), C("пагроз", 0, -1),
	/* no change */
	C("remain", 0, 0), C("unchanged", 0, 0), C("stable", 1, 0), C("stabil", 0, 0),
	C("continu", 0, 0), C("still", 1, 0), C("inertia", 0, 0), C("stagnat", 0, 0),
	C("status quo", 0, 0), C("routine", 0, 0), C("persist", 0, 0), C("deadlock", 0, 0),
	C("as before", 0, 0), C("same", 1, 0),
	C("сохран", 0, 0), C("остал", 0, 0), C("остает", 0, 0), C("остаёт", 0, 0),
	C("неизмен", 0, 0), C("стабил", 0, 0), C("продолж", 0, 0), C("по-прежнему", 0, 0),
	C("стагнац", 0, 0), C("застал", 0, 0), C("працяг", 0, 0), C("стабіл", 0, 0),
	C("па-ранейшаму", 0, 0),
};

#undef C

typedef struct {
	const char *w;
	size_t len;
} word;
#define W(w) {w, sizeof w - 1}

static const word negators[] = {
	W("not"), W("no"), W("never"), W("hardly"), W("neither"), W("nor"), W("without"), W("lack"),
	W("absence"), W("не"), W("нет"), W("без"), W("ни"), W("няма"),
};

static const word hedges[] = {
	W("may"), W("might"), W("could"), W("would"), W("likely"), W("unlikely"), W("probably"),
	W("possibly"), W("hope"), W("hopes"), W("hoping"), W("intend"), W("intends"), W("может"),
	W("могут"), W("вероятно"), W("возможно"), W("магчыма"),
};
#undef W

enum { NCUES = sizeof cues / sizeof cues[0] };
_Static_assert(NCUES <= 256, "by_byte holds cue indices in a byte");

/* The cues by first byte, in table order (the first cue that matches a word
 * wins): by_byte[start[b] .. start[b + 1]) are those starting with byte b.
 * Built once; every word of every article is looked up here. */
static unsigned char by_byte[NCUES];
static unsigned short start[257];
static unsigned char multiword[NCUES]; /* the stem holds a space */
/* Which first bytes and which lengths the negators and hedges have: most
 * words are neither, and fail one test. */
static unsigned char first_byte[256];
static uint64_t lengths;
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void index_words(const word *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		first_byte[(unsigned char)list[i].w[0]] = 1;
		lengths |= (uint64_t)1 << list[i].len;
	}
}

static void index_cues(void)
{
	index_words(negators, sizeof negators / sizeof negators[0]);
	index_words(hedges, sizeof hedges / sizeof hedges[0]);
	for (size_t i = 0; i < NCUES; i++)
		multiword[i] = memchr(cues[i].stem, ' ', cues[i].len) != NULL;
	for (size_t i = 0; i < NCUES; i++)
		start[(unsigned char)cues[i].stem[0] + 1]++;
	for (int b = 0; b < 256; b++)
		start[b + 1] += start[b];
	unsigned short fill[256];
	memcpy(fill, start, sizeof fill);
	for (size_t i = 0; i < NCUES; i++)
		by_byte[fill[(unsigned char)cues[i].stem[0]]++] = (unsigned char)i;
}

enum {
	NEG_SCOPE = 4,   /* words after a negator that it covers */
	LEAD_SENTENCES = 3, /* at most this many sentences of the first paragraph */
};
#define LEAD_WEIGHT 2.0
#define HEDGE_WEIGHT 0.5
#define EVENT_SCALE 0.1 /* Goldstein ±10 → ±1, one cue's worth */
#define MIN_EVIDENCE 1.0 /* below this, nothing says it changed */
#define MIN_LEAN 0.25    /* |better − worse| as a share of all evidence */

static int word_in(const char *w, size_t n, const word *list, size_t count)
{
	if (n >= 64 || !(lengths >> n & 1) || !first_byte[(unsigned char)w[0]])
		return 0;
	for (size_t i = 0; i < count; i++)
		if (list[i].len == n && list[i].w[0] == w[0] && !memcmp(list[i].w, w, n))
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
	unsigned char b = (unsigned char)w[0];
	for (unsigned k = start[b]; k < start[b + 1]; k++) {
		const cue *c = &cues[by_byte[k]];
		size_t n = c->len;
		if (c->exact) {
			if (n == wn && !memcmp(c->stem, w, n))
				return c;
		} else if (n > wn) { /* several words from this one, or no match */
			if (multiword[by_byte[k]] && (size_t)(end - w) >= n && !memcmp(c->stem, w, n))
				return c;
		} else if (!memcmp(c->stem, w, n)) {
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

/* A cue found in a sentence, weighed once the whole sentence is read (a
 * hedge anywhere in it halves them all). */
typedef struct {
	signed char dir;
	unsigned char negated;
} hit;

/* The wording of one sentence into det; returns its hedge factor. One pass
 * over the folded words finds the hedges and the cues. */
static double assess_sentence(const char *s, size_t len, double weight, sr_assess_detail *det)
{
	size_t flen = 0;
	char *f = sr_text_fold(s, len, &flen);
	if (!f)
		return 1.0;
	hit local[32], *hits = local;
	size_t nhits = 0, cap = sizeof local / sizeof local[0];
	double hedge = 1.0;
	int since_neg = NEG_SCOPE + 1;
	size_t pos = 0;
	sr_token t;
	while (sr_token_next(f, flen, &pos, &t)) {
		if (t.kind != SR_TOK_WORD) {
			if (f[t.start] == ',' || f[t.start] == ';')
				since_neg = NEG_SCOPE + 1; /* a clause ends the negation */
			continue;
		}
		const char *w = f + t.start;
		size_t wn = t.end - t.start;
		if (word_in(w, wn, hedges, sizeof hedges / sizeof hedges[0]))
			hedge = HEDGE_WEIGHT;
		if (word_in(w, wn, negators, sizeof negators / sizeof negators[0]) || ends_nt(w, wn)) {
			since_neg = 0;
			continue;
		}
		since_neg++;
		const cue *c = match_cue(w, wn, f + flen);
		if (!c)
			continue;
		det->cues++;
		if (nhits == cap) {
			hit *p = malloc(2 * cap * sizeof *p);
			if (!p)
				break; /* judged on the cues so far */
			memcpy(p, hits, nhits * sizeof *p);
			if (hits != local)
				free(hits);
			hits = p;
			cap *= 2;
		}
		hits[nhits++] = (hit){c->dir, since_neg <= NEG_SCOPE};
	}
	weight *= hedge;
	for (size_t i = 0; i < nhits; i++) {
		if (hits[i].negated) {
			/* "has not improved", "no escalation": it stayed as it was;
			 * "no longer stable" says nothing of the direction */
			if (hits[i].dir != 0)
				add(det, 0, weight * 0.5);
		} else {
			add(det, hits[i].dir, weight);
		}
	}
	if (hits != local)
		free(hits);
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
	pthread_once(&index_once, index_cues);
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
