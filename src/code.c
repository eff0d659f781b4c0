/* code.c — the code stage: the events between the actors recognize.c found.
 *
 * The method is TABARI's, over our tokens rather than a parse tree: each
 * verb tries its patterns (most specific first), else its own code; the
 * source is the first group before the verb in its clause that no
 * preposition governs, the target the first after it, unless the pattern
 * places them; negation or speculation before the verb voids the event;
 * modality makes it intent (03x); a compound source with no target acts on
 * itself both ways for the cooperative roots, as CAMEO codes joint action.
 * The dictionary is shared and read-only; all state here is per coder. */
#include "code.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code_int.h"
#include "datex.h"
#include "text.h"

/* The signature bit of a word or synset id. */
static uint64_t sig_bit(int kind, uint32_t id)
{
	uint64_t h = ((uint64_t)id * 2 + (kind == SR_EL_SYNSET)) * 0x9e3779b97f4a7c15ULL;
	return 1ULL << (h >> 58);
}

sr_coder *sr_coder_create(const sr_dict *d)
{
	if (!d || !d->frozen)
		return NULL;
	sr_coder *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->d = d;
	c->require_dyad = 1;
	c->word_seen = calloc(d->nwords + 1, sizeof *c->word_seen);
	c->syn_seen = calloc(d->nsynsets + 1, sizeof *c->syn_seen);
	c->pat_sig = calloc(d->npatterns + 1, sizeof *c->pat_sig);
	if (!c->word_seen || !c->syn_seen || !c->pat_sig || tok_cache_init(&c->cache, d) < 0) {
		free(c->word_seen);
		free(c->syn_seen);
		free(c->pat_sig);
		free(c);
		return NULL;
	}
	for (size_t i = 0; i < d->npatterns; i++) {
		const sr_pattern *pt = &d->patterns[i];
		for (int k = 0; k < pt->n; k++)
			if (pt->el[k].kind == SR_EL_WORD || pt->el[k].kind == SR_EL_SYNSET)
				c->pat_sig[i] |= sig_bit(pt->el[k].kind, pt->el[k].id);
	}
	return c;
}

void sr_coder_free(sr_coder *c)
{
	if (!c)
		return;
	tok_cache_cleanup(&c->cache);
	free(c->word_seen);
	free(c->syn_seen);
	free(c->pat_sig);
	free(c);
}

int sr_coder_set_option(sr_coder *c, const char *name, int value)
{
	if (strcmp(name, "require_dyad") == 0) {
		c->require_dyad = value != 0;
		return 0;
	}
	return -1;
}

/* The sentence's signature; the exact marks (word_seen, syn_seen) wait
 * until a pattern passes the signature test (mark_exact), as most
 * sentences have none that does. */
static void mark_seen(sr_coder *c)
{
	uint64_t sig = 0;
	for (int i = 0; i < c->ntok; i++)
		for (int k = 0; k < c->tok[i].nids; k++)
			sig |= sig_bit(SR_EL_WORD, c->tok[i].ids[k]);
	for (int k = 0; k < c->nmt; k++)
		if (c->mt[k].kind == SR_TERM_SYNSET)
			sig |= sig_bit(SR_EL_SYNSET, c->mt[k].id);
	c->sent_sig = sig;
	c->marked = 0;
}

static void mark_exact(sr_coder *c)
{
	c->marked = 1;
	if (++c->serial == 0) { /* wrapped: start the stamps again */
		memset(c->word_seen, 0, (c->d->nwords + 1) * sizeof *c->word_seen);
		memset(c->syn_seen, 0, (c->d->nsynsets + 1) * sizeof *c->syn_seen);
		c->serial = 1;
	}
	for (int i = 0; i < c->ntok; i++)
		for (int k = 0; k < c->tok[i].nids; k++)
			c->word_seen[c->tok[i].ids[k]] = c->serial;
	for (int k = 0; k < c->nmt; k++)
		if (c->mt[k].kind == SR_TERM_SYNSET)
			c->syn_seen[c->mt[k].id] = c->serial;
}

static int pattern_possible(const sr_coder *c, const sr_pattern *pt)
{
	for (int k = 0; k < pt->n; k++) {
		const sr_phrase_el *el = &pt->el[k];
		if (el->kind == SR_EL_WORD && c->word_seen[el->id] != c->serial)
			return 0;
		if (el->kind == SR_EL_SYNSET && c->syn_seen[el->id] != c->serial)
			return 0;
	}
	return 1;
}

/* ---- 3. clauses and verbs ------------------------------------------------- */

/* Clauses end at ; : and parentheses, and at a comma before "but", "while"
 * and the like. "that" after a verb of saying opens a reported clause: its
 * own source, but the saying verb may still take an actor inside as target. */
static void find_clauses(sr_coder *c)
{
	int n = 0, v = 0;
	memset(c->inherit, 0, sizeof c->inherit);
	for (int i = 0; i < c->ntok; i++) {
		c->clause[i] = n;
		uint32_t f = c->tok[i].flags;
		while (v < c->nvo && c->vo[v].pos <= i)
			v++;
		if ((f & TF_CLAUSE) ||
		    ((f & TF_COMMA) && i + 1 < c->ntok && (c->tok[i + 1].flags & TF_CONJ)))
			n++;
		/* "… condemned the attack and promised aid": a second verb after
		 * "and" is a clause of its own, with the first one's subject. */
		else if ((f & TF_AND) && v < c->nvo && c->vo[v].pos <= i + 2 && !c->covered[i + 1] &&
			 !c->covered[c->vo[v].pos] && n + 1 < MAX_TOK) {
			n++;
			c->inherit[n] = 1;
		}
	}
	c->clause[c->ntok] = n + 1;
}

static void find_verbs(sr_coder *c)
{
	c->nvo = 0;
	for (int k = 0; k < c->nmt && c->nvo < MAX_VERB; k++) {
		const match *m = &c->mt[k];
		if (m->kind != SR_TERM_VERB || c->covered[m->pos])
			continue;
		/* "On March 18th": a capitalised month name is a date, not "march". */
		if ((c->tok[m->pos].flags & (TF_MONTH | TF_CAP)) == (TF_MONTH | TF_CAP))
			continue;
		verbocc *last = c->nvo ? &c->vo[c->nvo - 1] : NULL;
		if (last && last->pos == m->pos) {
			if (m->len > last->len) { /* the longer form: "take part" over "take" */
				last->len = m->len;
				last->verb = m->id;
			}
			continue;
		}
		c->vo[c->nvo++] = (verbocc){m->pos, m->len, m->id};
	}
}

/* ---- 4. patterns ---------------------------------------------------------- */

static int tok_has(const ctok *t, uint32_t id)
{
	for (int k = 0; k < t->nids; k++)
		if (t->ids[k] == id)
			return 1;
	return 0;
}

static void slot_set(slots *sl, int kind, int g)
{
	if (kind == SR_EL_SOURCE)
		sl->source = g;
	else if (kind == SR_EL_TARGET)
		sl->target = g;
	else
		sl->compound = g;
}

/* Elements k.. of the pattern from token t on (before lim). gap: the next
 * element may have words before it (after `^`). */
static int match_up(sr_coder *c, const sr_pattern *pt, int k, int t, int lim, int gap, slots *sl)
{
	if (++c->steps > STEP_BUDGET)
		return 0;
	if (k == pt->n) {
		sl->end = t;
		return 1;
	}
	const sr_phrase_el *el = &pt->el[k];
	if (el->kind == SR_EL_SKIP)
		return match_up(c, pt, k + 1, t, lim, 1, sl);
	int adj = el->adjacent && !gap;
	for (int p = t; p < lim; p++) {
		if (adj && p != t)
			break;
		if (el->kind == SR_EL_WORD) {
			if (tok_has(&c->tok[p], el->id) && match_up(c, pt, k + 1, p + 1, lim, 0, sl))
				return 1;
		} else if (el->kind == SR_EL_SYNSET) {
			for (int q = c->mt_first[p]; q < c->mt_first[p + 1]; q++) {
				const match *m = &c->mt[q];
				if (m->kind == SR_TERM_SYNSET && m->id == el->id &&
				    match_up(c, pt, k + 1, p + m->len, lim, 0, sl))
					return 1;
			}
		} else {
			int g = c->grp_at_start[p];
			if (g >= 0) {
				slot_set(sl, el->kind, g);
				if (match_up(c, pt, k + 1, c->grp[g].e, lim, 0, sl))
					return 1;
				slot_set(sl, el->kind, -1);
			}
		}
	}
	return 0;
}

/* Elements k down to 0, the last of them ending just before token t (at or
 * after lo). adj: element k must end exactly at t - 1. */
static int match_down(sr_coder *c, const sr_pattern *pt, int k, int t, int lo, int adj,
		      slots *sl)
{
	if (++c->steps > STEP_BUDGET)
		return 0;
	if (k < 0) {
		sl->start = t;
		return 1;
	}
	const sr_phrase_el *el = &pt->el[k];
	if (el->kind == SR_EL_SKIP)
		return match_down(c, pt, k - 1, t, lo, 0, sl);
	int next_adj = el->adjacent;
	for (int q = t - 1; q >= lo; q--) {
		if (adj && q != t - 1)
			break;
		if (el->kind == SR_EL_WORD) {
			if (tok_has(&c->tok[q], el->id) && match_down(c, pt, k - 1, q, lo, next_adj, sl))
				return 1;
		} else if (el->kind == SR_EL_SYNSET) {
			int p0 = q - SR_PHRASE_MAX > lo ? q - SR_PHRASE_MAX : lo;
			for (int m = c->mt_first[p0]; m < c->mt_first[q + 1]; m++) {
				const match *mm = &c->mt[m];
				if (mm->kind == SR_TERM_SYNSET && mm->id == el->id &&
				    mm->pos + mm->len - 1 == q && mm->pos >= lo &&
				    match_down(c, pt, k - 1, mm->pos, lo, next_adj, sl))
					return 1;
			}
		} else {
			int g = c->grp_at_end[q + 1];
			if (g >= 0 && c->grp[g].s >= lo) {
				slot_set(sl, el->kind, g);
				if (match_down(c, pt, k - 1, c->grp[g].s, lo, next_adj, sl))
					return 1;
				slot_set(sl, el->kind, -1);
			}
		}
	}
	return 0;
}

/* The first of the verb's patterns that matches, or NULL. */
static const sr_pattern *match_patterns(sr_coder *c, const verbocc *v, int lo, int hi,
					slots *sl)
{
	const sr_dict *d = c->d;
	const sr_verb *vb = &d->verbs[v->verb];
	for (uint32_t i = 0; i < vb->npat; i++) {
		if (c->pat_sig[vb->pat0 + i] & ~c->sent_sig)
			continue;
		if (!c->marked)
			mark_exact(c);
		const sr_pattern *pt = &d->patterns[vb->pat0 + i];
		if (!pattern_possible(c, pt))
			continue;
		*sl = (slots){-1, -1, -1, v->pos + v->len, v->pos};
		c->steps = 0;
		int at = pt->verb_at;
		if (!match_up(c, pt, at + 1, v->pos + v->len, hi, 0, sl))
			continue;
		int end = sl->end;
		if (!match_down(c, pt, at - 1, v->pos, lo, pt->el[at].adjacent, sl))
			continue;
		/* `%` needs two sides; with one actor there the next pattern may fit. */
		if (sl->compound >= 0 && c->grp[sl->compound].nm < 2)
			continue;
		sl->end = end;
		return pt;
	}
	return NULL;
}

/* The source before a verb: the first group in [lo, hi) that is not the
 * object of a preposition ("At the forum of the CIS …, Lukashenka met"),
 * else the first group there. */
static int subject_group(const sr_coder *c, int lo, int hi)
{
	int first = -1;
	for (int g = 0; g < c->ngrp; g++) {
		const group *G = &c->grp[g];
		if (G->s < lo || G->e > hi)
			continue;
		if (first < 0)
			first = g;
		int t = G->s - 1;
		while (t >= lo && (c->tok[t].flags & TF_DET))
			t--;
		if (t < lo || !(c->tok[t].flags & TF_PREP))
			return g;
	}
	return first;
}

/* ---- 5. events ------------------------------------------------------------ */

/* The intent form of a code, for "plans to …", "is ready to …". */
static void intent_code(const char *code, char out[8])
{
	int root = (code[0] - '0') * 10 + (code[1] - '0');
	const char *r = code;
	static const char *coop06[] = {"031", "0311", "0312", "0313", "0314"};
	static const char *aid07[] = {"033", "0331", "0332", "0333", "0334"};
	switch (root) {
	case 4:
		r = "036";
		break;
	case 5:
		r = "032";
		break;
	case 6:
		r = code[2] >= '0' && code[2] <= '4' ? coop06[code[2] - '0'] : "031";
		break;
	case 7:
		r = code[2] >= '0' && code[2] <= '4' ? aid07[code[2] - '0'] : "033";
		break;
	case 8:
		r = "035";
		break;
	case 14:
		r = "130";
		break;
	case 16:
	case 17:
		r = "131";
		break;
	case 15:
	case 18:
	case 19:
	case 20:
		r = "138";
		break;
	default:
		break;
	}
	sr_str_copy(out, 8, r);
}

static int is_numeric_code(const char *code)
{
	return code[0] >= '0' && code[0] <= '9' && code[1] >= '0' && code[1] <= '9';
}

/* The first day-precise date stated in the sentence, resolved against the
 * article's date; else the article's date. */
static sr_date sentence_date(const sr_coder *c, size_t len, sr_date doc)
{
	for (int i = 0; i < c->ntok; i++) {
		if (!(c->tok[i].flags & (TF_MONTH | TF_NUM)))
			continue;
		sr_datex x;
		size_t at = c->tok[i].start;
		if (!sr_datex_parse(c->s + at, len - at, &x) || x.m == 0 || x.d == 0)
			continue;
		sr_date r = x.y ? sr_date_make(x.y, x.m, x.d) : sr_datex_on_or_before(x.m, x.d, doc);
		if (r)
			return r;
	}
	return doc;
}

#define MAX_SENT_EVENTS 64

typedef struct emitter {
	sr_event_fn fn;
	void *ctx;
	long n;
	int stop;
	/* what this sentence gave already: one event once, however many ways
	 * the sentence names it ("Belarus's minister of defense, Andrei Ravkov") */
	char seen[MAX_SENT_EVENTS][3 * SR_CODE_MAX];
	int nseen;
} emitter;

static void emit_pair(sr_coder *c, emitter *em, sr_event *ev, const char *scode,
		      const mention *src, const char *tcode, const mention *tgt)
{
	if (em->stop || (tgt && strcmp(scode, tcode) == 0))
		return;
	char key[3 * SR_CODE_MAX];
	sr_str_copy(key, sizeof key, scode);
	sr_str_cat(key, sizeof key, ">");
	sr_str_cat(key, sizeof key, tgt ? tcode : "");
	sr_str_cat(key, sizeof key, ":");
	sr_str_cat(key, sizeof key, ev->cameo);
	for (int i = 0; i < em->nseen; i++)
		if (strcmp(em->seen[i], key) == 0)
			return;
	if (em->nseen < MAX_SENT_EVENTS)
		memcpy(em->seen[em->nseen++], key, sizeof key);
	sr_str_copy(ev->source, sizeof ev->source, scode);
	ev->source_name = src->name[0] ? src->name : NULL;
	sr_str_copy(ev->source_party, sizeof ev->source_party, src->party);
	if (tgt) {
		sr_str_copy(ev->target, sizeof ev->target, tcode);
		ev->target_name = tgt->name[0] ? tgt->name : NULL;
		sr_str_copy(ev->target_party, sizeof ev->target_party, tgt->party);
	} else {
		ev->target[0] = 0;
		ev->target_name = NULL;
		ev->target_party[0] = 0;
	}
	em->n++;
	if (em->fn && em->fn(ev, em->ctx))
		em->stop = 1;
}

/* The next part of a code that names several actors ("FRO/BIL/SAM" for
 * "the Shire", as TABARI writes it) into out; the rest after it, or NULL. */
static const char *code_part(const char *code, char out[SR_CODE_MAX])
{
	const char *slash = strchr(code, '/');
	size_t n = slash ? (size_t)(slash - code) : strlen(code);
	if (n >= SR_CODE_MAX)
		n = SR_CODE_MAX - 1;
	memcpy(out, code, n);
	out[n] = 0;
	return slash ? slash + 1 : NULL;
}

static void emit_one(sr_coder *c, emitter *em, sr_event *ev, const mention *src,
		     const mention *tgt)
{
	if (em->stop)
		return;
	if (!src->code[0] || (tgt && !tgt->code[0]))
		return;
	if (!tgt && c->require_dyad)
		return;
	char sp[SR_CODE_MAX], tp[SR_CODE_MAX] = "";
	for (const char *s = src->code; s;) {
		s = code_part(s, sp);
		if (!tgt) {
			emit_pair(c, em, ev, sp, src, NULL, NULL);
			continue;
		}
		for (const char *t = tgt->code; t;) {
			t = code_part(t, tp);
			emit_pair(c, em, ev, sp, src, tp, tgt);
		}
	}
}

static void fill_cameo(const sr_dict *d, sr_event *ev)
{
	ev->root[0] = 0;
	if (is_numeric_code(ev->cameo)) {
		ev->root[0] = ev->cameo[0];
		ev->root[1] = ev->cameo[1];
		ev->root[2] = 0;
	}
	ev->quad = 0;
	ev->goldstein = 0;
	ev->plover = NULL;
	/* A sub-code the table lacks takes its parent's meaning (0312 → 031). */
	char code[8];
	sr_str_copy(code, sizeof code, ev->cameo);
	for (size_t n = strlen(code); n >= 2; code[--n] = 0) {
		sr_cameo_info info;
		if (sr_dict_cameo(d, code, &info) == 0) {
			ev->quad = info.quad;
			ev->goldstein = info.goldstein;
			ev->plover = info.plover;
			return;
		}
	}
}

static int cooperative_root(const char *code)
{
	if (!is_numeric_code(code))
		return 0;
	int root = (code[0] - '0') * 10 + (code[1] - '0');
	return root >= 3 && root <= 6;
}

/* Source group, target group (or -1), code: all the events they make. */
static void emit_events(sr_coder *c, emitter *em, sr_event *ev, int sg, int tg, int compound)
{
	const group *S = sg >= 0 ? &c->grp[sg] : NULL;
	const group *T = tg >= 0 ? &c->grp[tg] : NULL;
	if (compound >= 0 || (S && !T && S->nm > 1 && cooperative_root(ev->cameo))) {
		const group *G = compound >= 0 ? &c->grp[compound] : S;
		for (int i = 0; i < G->nm; i++)
			for (int j = 0; j < G->nm; j++)
				if (i != j)
					emit_one(c, em, ev, &c->men[G->m[i]], &c->men[G->m[j]]);
		return;
	}
	if (!S)
		return;
	for (int i = 0; i < S->nm; i++) {
		if (!T) {
			emit_one(c, em, ev, &c->men[S->m[i]], NULL);
			continue;
		}
		for (int j = 0; j < T->nm; j++)
			emit_one(c, em, ev, &c->men[S->m[i]], &c->men[T->m[j]]);
	}
}

static int any_flag(const sr_coder *c, int a, int b, uint32_t flag)
{
	for (int i = a; i < b; i++)
		if (c->tok[i].flags & flag)
			return 1;
	return 0;
}

long sr_coder_code_sentence(sr_coder *c, const char *s, size_t len, sr_date date, int index,
			    size_t base, sr_event_fn fn, void *ctx)
{
	c->s = s;
	c->ntok = tok_sentence(&c->cache, s, len, c->tok, MAX_TOK);
	/* Most sentences lack a verb of the dictionary or an actor: done. */
	uint32_t all = 0;
	for (int i = 0; i < c->ntok; i++)
		all |= c->tok[i].flags;
	if ((all & (TF_VSTART | TF_ASTART)) != (TF_VSTART | TF_ASTART))
		return 0;
	rec_phrases(c);
	/* A discard voids the sentence. Without a whole verb phrase there is
	 * no verb, and without an actor phrase no group (rec_groups makes them
	 * from actors only): no event either way, so stop before the work. */
	unsigned kinds = 0;
	for (int k = 0; k < c->nmt; k++)
		kinds |= 1u << c->mt[k].kind;
	if ((kinds & (1u << SR_TERM_DISCARD)) || !(kinds & (1u << SR_TERM_VERB)) ||
	    !(kinds & (1u << SR_TERM_ACTOR)))
		return 0;
	memset(c->covered, 0, sizeof(int) * (size_t)(c->ntok + 1));
	find_verbs(c);
	if (c->nvo == 0)
		return 0;
	sr_date when = sentence_date(c, len, date);
	rec_mentions(c, when);
	rec_groups(c, when);
	if (c->ngrp == 0)
		return 0;
	find_verbs(c); /* again: actors cover some verb-looking words ("forces") */
	mark_seen(c);
	find_clauses(c);

	emitter em;
	em.fn = fn;
	em.ctx = ctx;
	em.n = 0;
	em.stop = 0;
	em.nseen = 0;
	sr_event ev;
	memset(&ev, 0, sizeof ev);
	ev.sentence = index;
	ev.date = when;
	ev.start = base;
	ev.end = base + len;
	int done_region = -1; /* the region that already gave its event */
	int used_to = 0;      /* tokens a matched pattern consumed */
	int last_source = -1; /* for clauses that share a subject */
	for (int vi = 0; vi < c->nvo && !em.stop; vi++) {
		const verbocc *v = &c->vo[vi];
		if (v->pos < used_to)
			continue;
		int cl = c->clause[v->pos];
		int lo = v->pos, hi = v->pos + v->len;
		while (lo > 0 && c->clause[lo - 1] == cl)
			lo--;
		while (hi < c->ntok && c->clause[hi] == cl)
			hi++;
		/* A reported clause starts after "that". */
		int region = lo;
		for (int t = v->pos - 1; t >= lo; t--)
			if (c->tok[t].flags & TF_THAT) {
				region = t + 1;
				break;
			}
		int region_id = cl * MAX_TOK + region;
		if (region_id == done_region)
			continue;
		slots sl;
		const sr_pattern *pt = match_patterns(c, v, region, hi, &sl);
		const char *code = pt ? pt->code : c->d->verbs[v->verb].code;
		if (!code[0])
			continue;
		if (!pt)
			sl = (slots){-1, -1, -1, v->pos + v->len, v->pos};
		int sg = sl.source, tg = sl.target;
		if (sg < 0 && sl.compound < 0)
			sg = subject_group(c, region, sl.start);
		if (sg < 0 && sl.compound < 0 && c->inherit[cl] && region == lo)
			sg = last_source;
		if (tg < 0 && sl.compound < 0)
			for (int g = 0; g < c->ngrp; g++)
				if (c->grp[g].s >= v->pos + v->len && c->grp[g].s < hi && g != sg) {
					tg = g;
					break;
				}
		/* Passive: "Eriador was opposed by Osgiliath". */
		if (!pt && any_flag(c, v->pos - 2 > region ? v->pos - 2 : region, v->pos, TF_BE)) {
			for (int b = v->pos + v->len; b + 1 < hi; b++) {
				if (!(c->tok[b].flags & TF_BY))
					continue;
				int a = b + 1;
				while (a < hi && (c->tok[a].flags & TF_DET))
					a++;
				if (c->grp_at_start[a] >= 0) {
					tg = sg;
					sg = c->grp_at_start[a];
				}
				break;
			}
		}
		if (sg < 0 && sl.compound < 0)
			continue;
		last_source = sg;
		int from = sg >= 0 && c->grp[sg].e <= v->pos ? c->grp[sg].e : region;
		done_region = region_id;
		if (pt)
			used_to = sl.end;
		/* "has not risked to …": no event — unless the pattern itself
		 * spelled the negation ("- &NEGATVAUXVRB * [904]"). */
		int neg_to = pt && sl.start < v->pos ? sl.start : v->pos;
		if (any_flag(c, from, neg_to, TF_NEG | TF_SPEC))
			continue; /* and "are likely to …" is a forecast, not an event */
		/* TABARI's "032:033": the first code for source → target, the
		 * second for target → source ("---" for none). */
		char fwd[8] = "", rev[8] = "";
		const char *colon = strchr(code, ':');
		size_t fl = colon ? (size_t)(colon - code) : strlen(code);
		if (fl < sizeof fwd && strncmp(code, "---", fl) != 0) {
			memcpy(fwd, code, fl);
			fwd[fl] = 0;
		}
		if (colon && strlen(colon + 1) < sizeof rev && strcmp(colon + 1, "---") != 0)
			sr_str_copy(rev, sizeof rev, colon + 1);
		int modal = any_flag(c, from, v->pos, TF_MODAL);
		unsigned flags = 0;
		if (region > lo || any_flag(c, lo, region, TF_SAY))
			flags |= SR_EV_REPORTED;
		for (int dir = 0; dir < 2; dir++) {
			const char *cd = dir ? rev : fwd;
			if (!cd[0] || (dir && tg < 0))
				continue;
			ev.flags = flags;
			sr_str_copy(ev.cameo, sizeof ev.cameo, cd);
			if (modal && is_numeric_code(cd)) {
				intent_code(cd, ev.cameo);
				ev.flags |= SR_EV_MODAL;
			}
			fill_cameo(c->d, &ev);
			if (dir)
				emit_events(c, &em, &ev, tg, sg, -1);
			else
				emit_events(c, &em, &ev, sg, tg, sl.compound);
		}
	}
	return em.n;
}

long sr_coder_code_text(sr_coder *c, const char *text, size_t len, sr_date date, sr_event_fn fn,
			void *ctx)
{
	sr_sentencer *z = sr_sentencer_new(text, len);
	if (!z)
		return SR_ENOMEM;
	long total = 0;
	int index = 0;
	sr_span sp;
	while (sr_sentencer_next(z, &sp)) {
		long n = sr_coder_code_sentence(c, text + sp.start, sp.end - sp.start, date, index++,
						sp.start, fn, ctx);
		if (n < 0) {
			total = n;
			break;
		}
		total += n;
	}
	sr_sentencer_free(z);
	return total;
}
