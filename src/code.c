/* code.c — recognize actors in a sentence and code its events.
 *
 * The method is TABARI's, over our tokens rather than a parse tree:
 *   1. every dictionary phrase that occurs is found by walking the trie from
 *      each token that can start one (longest matches kept);
 *   2. actors and agents combine: "Belarusian" + "Defence Ministry" → BLRMIL,
 *      "troops of Belarus and Russia" → BLRMIL, RUSMIL; a person takes the
 *      code of the role that holds on the event's date;
 *   3. actors joined by "and" or commas are one compound group;
 *   4. each verb tries its patterns (most specific first), else its own code;
 *      the source is the first group before the verb in its clause, the
 *      target the first after it, unless the pattern places them;
 *   5. negation before the verb voids the event; modality makes it intent
 *      (03x); a compound source with no target acts on itself both ways for
 *      the cooperative roots, as CAMEO codes joint action.
 * The dictionary is shared and read-only; all state here is per coder. */
#include "code.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code_int.h"
#include "datex.h"
#include "text.h"

#define MAX_TOK 400
#define MAX_MATCH 2048
#define MAX_MENTION 96
#define MAX_GROUP 64
#define MAX_MEMBERS 8
#define MAX_VERB 64
#define STEP_BUDGET 4000

typedef struct match {
	uint16_t pos, len;
	uint16_t kind, flags;
	uint32_t id;
} match;

typedef struct mention {
	int s, e;       /* token span [s, e) */
	int actor;      /* -1 for an agent alone */
	int agent;      /* the first agent, -1 if none */
	int agent2[2];  /* further agents, in order ("Danish Islamist media"), -1 if none */
	int place;      /* a place, exercise, or metonym used as a place */
	int adj;        /* named by an adjective ("Belarusian") */
	int dead;       /* merged into another */
	char code[SR_CODE_MAX];
	char name[96];
	char party[8];
} mention;

typedef struct group {
	int s, e;
	int nm;
	int m[MAX_MEMBERS]; /* mention indices */
} group;

typedef struct verbocc {
	int pos, len;
	uint32_t verb;
} verbocc;

/* Slots a pattern filled: group indices, -1 if not placed. */
typedef struct slots {
	int source, target, compound;
	int end; /* last token the pattern used + 1 */
	int start;
} slots;

struct sr_coder {
	const sr_dict *d;
	tok_cache cache;
	int require_dyad;
	ctok tok[MAX_TOK];
	int ntok;
	match mt[MAX_MATCH];
	int nmt;
	mention men[MAX_MENTION];
	int nmen;
	group grp[MAX_GROUP];
	int ngrp;
	int grp_at_start[MAX_TOK + 1], grp_at_end[MAX_TOK + 1];
	verbocc vo[MAX_VERB];
	int nvo;
	int clause[MAX_TOK + 1];  /* clause number of each token */
	char inherit[MAX_TOK + 1]; /* clause takes the previous clause's source */
	int covered[MAX_TOK + 1]; /* token inside an actor or agent */
	int steps;
	const char *s; /* the sentence */
	int mt_first[MAX_TOK + 1]; /* first match starting at each token */
	uint32_t *word_seen, *syn_seen; /* == serial: in this sentence */
	uint32_t serial;
};

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
	if (!c->word_seen || !c->syn_seen || tok_cache_init(&c->cache, d) < 0) {
		free(c->word_seen);
		free(c->syn_seen);
		free(c);
		return NULL;
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

/* Copy src into dst[size], cut to fit (snprintf's "%s" without its cost). */
static void scopy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* ---- 1. phrases ----------------------------------------------------------- */

static void match_from(sr_coder *c, int start, int j, uint32_t node)
{
	const sr_dict *d = c->d;
	const ctok *t = &c->tok[j];
	for (int k = 0; k < t->nids; k++) {
		uint32_t child = node == 1 ? sr_dict_root_child(d, t->ids[k])
					   : sr_dict_child(d, node, t->ids[k]);
		if (!child)
			continue;
		for (uint32_t ti = d->node_term[child]; ti != SR_NONE; ti = d->terms[ti].next) {
			if (c->nmt >= MAX_MATCH)
				return;
			const sr_term *tm = &d->terms[ti];
			c->mt[c->nmt++] = (match){(uint16_t)start, (uint16_t)(j - start + 1), tm->kind,
						  tm->flags, tm->id};
		}
		if (j + 1 < c->ntok)
			match_from(c, start, j + 1, child);
	}
}

static void find_matches(sr_coder *c)
{
	c->nmt = 0;
	for (int i = 0; i < c->ntok; i++) {
		c->mt_first[i] = c->nmt;
		if (c->tok[i].flags & TF_ROOT)
			match_from(c, i, i, 1);
	}
	c->mt_first[c->ntok] = c->nmt;
}

/* Which words and synsets this sentence holds, so that a pattern needing
 * one it lacks is passed over without a search. */
static void mark_seen(sr_coder *c)
{
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

/* ---- 2. actors and agents ------------------------------------------------- */

static int is_place_type(int type)
{
	return type == SR_ACT_PLACE || type == SR_ACT_EXERCISE;
}

static void mention_code(sr_coder *c, mention *m, sr_date date)
{
	const sr_dict *d = c->d;
	m->code[0] = 0;
	m->name[0] = 0;
	m->party[0] = 0;
	const char *base = NULL;
	if (m->actor >= 0) {
		const sr_actor *a = &d->actors[m->actor];
		base = a->type == SR_ACT_PERSON || (!a->code && a->nrole)
			       ? sr_dict_role_code(d, (uint32_t)m->actor, date)
			       : a->code;
		scopy(m->name, sizeof m->name, a->name);
		if (!base)
			return; /* named, but holds no role then: not an actor */
		const char *party = a->type == SR_ACT_PERSON || !a->party ? sr_dict_party(d, base)
									   : a->party;
		scopy(m->party, sizeof m->party, party ? party : base);
	}
	if (m->agent < 0) {
		scopy(m->code, sizeof m->code, base);
		return;
	}
	if (!base)
		return; /* an agent alone names no one */
	char code[SR_CODE_MAX * 2];
	scopy(code, sizeof code, base);
	int ags[3] = {m->agent, m->agent2[0], m->agent2[1]};
	for (int k = 0; k < 3 && ags[k] >= 0; k++) {
		const sr_agent *g = &d->agents[ags[k]];
		size_t cl = strlen(code), gl = strlen(g->code);
		char tmp[SR_CODE_MAX * 2];
		/* "White House officials": USAGOV is a government already. */
		if (g->placement) {
			if (cl >= gl && strncmp(code, g->code, gl) == 0)
				continue;
			snprintf(tmp, sizeof tmp, "%s%s", g->code, code);
		} else {
			if (cl >= gl && strcmp(code + cl - gl, g->code) == 0)
				continue;
			snprintf(tmp, sizeof tmp, "%s%s", code, g->code);
		}
		memcpy(code, tmp, sizeof code);
		size_t nl = strlen(m->name);
		snprintf(m->name + nl, sizeof m->name - nl, " %s", g->name);
	}
	scopy(m->code, sizeof m->code, code);
}

/* Add an agent to an actor's chain; 0, or -1 when the chain is full. */
static int add_agent(mention *m, int agent)
{
	if (m->agent < 0) {
		m->agent = agent;
		return 0;
	}
	for (int k = 0; k < 2; k++)
		if (m->agent2[k] < 0) {
			m->agent2[k] = agent;
			return 0;
		}
	return -1;
}

static int is_person(const sr_coder *c, const mention *m)
{
	return m->actor >= 0 && c->d->actors[m->actor].type == SR_ACT_PERSON;
}

/* Only determiners and possessive marks lie between tokens a and b. */
static int only_glue(const sr_coder *c, int a, int b)
{
	for (int i = a; i < b; i++)
		if (!(c->tok[i].flags & (TF_DET | TF_POSS)))
			return 0;
	return 1;
}

/* After "Ithilen's", a few plain words may stand before the agent they
 * qualify: "Ithilen's awful and evil minister", "Dagolath's first Deputy
 * Prime Minister". */
static int possessive_glue(const sr_coder *c, int a, int b)
{
	if (a >= b || !(c->tok[a].flags & TF_POSS) || b - a > 4)
		return 0;
	for (int i = a + 1; i < b; i++)
		if (c->covered[i] || !(c->tok[i].flags & TF_WORD) || (c->tok[i].flags & TF_VSTART))
			return 0;
	return 1;
}

static void find_mentions(sr_coder *c, sr_date date)
{
	const sr_dict *d = c->d;
	c->nmen = 0;
	memset(c->covered, 0, sizeof(int) * (size_t)(c->ntok + 1));
	/* Longest actor or agent phrase at each position, left to right. */
	int i = 0, k = 0;
	while (i < c->ntok && c->nmen < MAX_MENTION) {
		const match *best = NULL;
		for (; k < c->nmt && c->mt[k].pos < i; k++)
			;
		for (int q = k; q < c->nmt && c->mt[q].pos == i; q++) {
			const match *m = &c->mt[q];
			if (m->kind != SR_TERM_ACTOR && m->kind != SR_TERM_AGENT)
				continue;
			if (!best || m->len > best->len ||
			    (m->len == best->len && m->kind == SR_TERM_ACTOR && best->kind != SR_TERM_ACTOR))
				best = m;
		}
		if (!best) {
			i++;
			continue;
		}
		mention *mn = &c->men[c->nmen++];
		memset(mn, 0, sizeof *mn);
		mn->s = i;
		mn->e = i + best->len;
		mn->actor = best->kind == SR_TERM_ACTOR ? (int)best->id : -1;
		mn->agent = best->kind == SR_TERM_AGENT ? (int)best->id : -1;
		mn->agent2[0] = mn->agent2[1] = -1;
		mn->adj = (best->flags & SR_PH_ADJECTIVE) != 0;
		if (mn->actor >= 0) {
			int type = d->actors[mn->actor].type;
			if (is_place_type(type))
				mn->place = 1;
			/* "in Minsk": the capital is where, not who. */
			if ((best->flags & SR_PH_METONYM) && i > 0) {
				int p = i - 1;
				while (p > 0 && (c->tok[p].flags & TF_DET))
					p--;
				if (c->tok[p].flags & TF_LOC)
					mn->place = 1;
			}
		}
		for (int t = mn->s; t < mn->e; t++)
			c->covered[t] = 1;
		i = mn->e;
	}
	/* A name in parentheses right after another is the same one again:
	 * "the European Union (EU)", "troops (forces)". */
	for (int a = 0; a + 1 < c->nmen; a++) {
		mention *x = &c->men[a], *y = &c->men[a + 1];
		if (x->dead || y->dead || y->s != x->e + 1 || y->e >= c->ntok)
			continue;
		if (!(c->tok[x->e].flags & TF_OPEN) || !(c->tok[y->e].flags & TF_CLOSE))
			continue;
		for (int t = x->e; t <= y->e; t++)
			c->covered[t] = 1;
		x->e = y->e + 1;
		y->dead = 1;
	}
	/* Actor then agents: "Belarusian Defence Ministry", "Russia's army",
	 * "Danish Islamist media". */
	for (int a = 0; a < c->nmen; a++) {
		mention *x = &c->men[a];
		if (x->dead || x->place || x->actor < 0 || d->actors[x->actor].type == SR_ACT_PERSON)
			continue;
		for (int b = a + 1; b < c->nmen; b++) {
			mention *y = &c->men[b];
			if (y->dead || y->agent < 0 || y->actor >= 0)
				break;
			if (!only_glue(c, x->e, y->s) && !possessive_glue(c, x->e, y->s))
				break;
			if (add_agent(x, y->agent) < 0)
				break;
			x->e = y->e;
			y->dead = 1;
		}
	}
	/* A title before a name: "Defence Minister Sergei Shoigu", "Latvian
	 * Defence Minister Raimonds Bergmanis" (the person's dated role wins;
	 * unknown names after a title are absorbed). */
	for (int a = 0; a < c->nmen; a++) {
		mention *x = &c->men[a];
		if (x->dead || x->place || x->agent < 0)
			continue;
		int e = x->e;
		while (e < c->ntok && (c->tok[e].flags & TF_CAP) && !c->covered[e] &&
		       (c->tok[e].flags & TF_WORD))
			e++;
		int b = a + 1;
		while (b < c->nmen && c->men[b].dead)
			b++;
		if (b < c->nmen && c->men[b].s == e && c->men[b].actor >= 0 &&
		    d->actors[c->men[b].actor].type == SR_ACT_PERSON) {
			mention *p = &c->men[b];
			mention_code(c, p, date);
			if (p->code[0] || x->actor < 0) {
				x->actor = p->actor;
				x->agent = -1;
			}
			x->e = p->e;
			p->dead = 1;
		} else {
			for (int t = x->e; t < e; t++)
				c->covered[t] = 1;
			x->e = e;
		}
	}
	for (int a = 0; a < c->nmen; a++)
		if (!c->men[a].dead)
			mention_code(c, &c->men[a], date);
}

/* Between two actors of one compound: at least one "and" or comma, and
 * otherwise only determiners and plain lower-case words ("Fornost and the
 * evil awful Gondor"). */
static int compound_glue(const sr_coder *c, int a, int b)
{
	int conj = 0;
	if (a >= b)
		return 0;
	for (int t = a; t < b; t++) {
		uint32_t f = c->tok[t].flags;
		if (f & (TF_AND | TF_COMMA))
			conj = 1;
		else if (f & TF_DET)
			continue;
		else if (!(f & TF_WORD) || (f & (TF_CAP | TF_VSTART | TF_NUM)) || c->covered[t] ||
			 !conj)
			return 0;
	}
	return conj;
}

static int agent_by_code(const sr_dict *d, const char *code)
{
	for (size_t i = 0; i < d->nagents; i++)
		if (!d->agents[i].placement && strcmp(d->agents[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* Agent mention a followed by "of" (and determiners) and an actor that is
 * not a person or place: that actor's mention index, else -1. */
static int agent_of_actor(const sr_coder *c, int a)
{
	int t = c->men[a].e;
	if (t >= c->ntok || !(c->tok[t].flags & TF_OF))
		return -1;
	t++;
	while (t < c->ntok && (c->tok[t].flags & TF_DET))
		t++;
	for (int b = a + 1; b < c->nmen; b++) {
		const mention *y = &c->men[b];
		if (y->dead)
			continue;
		if (y->s != t || y->place || y->actor < 0 || y->agent >= 0 ||
		    c->d->actors[y->actor].type == SR_ACT_PERSON)
			return -1;
		return b;
	}
	return -1;
}

/* Mention a is a military or government body followed by "of" and
 * countries: the agent its type stands for, else -1. */
static int joint_body_agent(const sr_coder *c, int a)
{
	const mention *x = &c->men[a];
	int type = c->d->actors[x->actor].type;
	if (type != SR_ACT_MILITARY && type != SR_ACT_GOVERNMENT)
		return -1;
	int t = x->e;
	if (t >= c->ntok || !(c->tok[t].flags & TF_OF))
		return -1;
	t++;
	while (t < c->ntok && (c->tok[t].flags & TF_DET))
		t++;
	for (int b = a + 1; b < c->nmen; b++) {
		const mention *y = &c->men[b];
		if (y->dead)
			continue;
		if (y->s != t || y->place || y->actor < 0 ||
		    c->d->actors[y->actor].type != SR_ACT_COUNTRY)
			return -1;
		return agent_by_code(c->d, type == SR_ACT_MILITARY ? "MIL" : "GOV");
	}
	return -1;
}

/* Groups: actors joined by "and", commas, "as well as". Agents alone
 * followed by "of", "in" or "from" (or, in Russian, by a genitive) and a
 * group give each member their agents: "troops of Belarus and Russia",
 * "lawmakers and officials in Fornost and Gondor" (each agent a member). */
static void find_groups(sr_coder *c, sr_date date)
{
	c->ngrp = 0;
	for (int t = 0; t <= c->ntok; t++)
		c->grp_at_start[t] = c->grp_at_end[t] = -1;
	int lead[3], nlead = 0; /* pending agents, joined by "and" */
	for (int a = 0; a < c->nmen && c->ngrp < MAX_GROUP; a++) {
		mention *x = &c->men[a];
		if (x->dead || x->place)
			continue;
		/* A joint body "of Belarus and Russia" is their militaries (or
		 * governments) acting together: "the Joint Command of the regional
		 * grouping of troops of Belarus and Russia" → BLRMIL, RUSMIL. */
		if (x->actor >= 0 && x->agent < 0 && joint_body_agent(c, a) >= 0) {
			x->agent = joint_body_agent(c, a);
			x->actor = -1;
		}
		if (x->actor < 0) {
			if (nlead > 0 && nlead < 3 && compound_glue(c, c->men[lead[nlead - 1]].e, x->s))
				lead[nlead++] = a;
			else {
				lead[0] = a;
				nlead = 1;
			}
			continue;
		}
		group *g = &c->grp[c->ngrp];
		g->s = x->s;
		g->e = x->e;
		g->nm = 0;
		g->m[g->nm++] = a;
		int b = a + 1;
		for (; b < c->nmen; b++) {
			mention *y = &c->men[b];
			if (y->dead)
				continue;
			if (y->place || g->nm >= MAX_MEMBERS || !compound_glue(c, g->e, y->s))
				break;
			if (y->actor < 0) {
				/* "Ithilen and the government of Gondor": an agent of an
				 * actor is one member. */
				int z = agent_of_actor(c, b);
				if (z < 0)
					break;
				mention *zm = &c->men[z];
				if (add_agent(zm, y->agent) == 0)
					mention_code(c, zm, date);
				y->dead = 1;
				g->m[g->nm++] = z;
				g->e = zm->e;
				b = z;
				continue;
			}
			g->m[g->nm++] = b;
			g->e = y->e;
		}
		/* "Belarusian and Russian troops": the noun serves every adjective. */
		const mention *last = &c->men[g->m[g->nm - 1]];
		if (g->nm > 1 && last->adj && last->agent >= 0)
			for (int q = 0; q + 1 < g->nm; q++) {
				mention *mm = &c->men[g->m[q]];
				if (mm->adj && mm->agent < 0) {
					mm->agent = last->agent;
					mm->agent2[0] = last->agent2[0];
					mm->agent2[1] = last->agent2[1];
					mention_code(c, mm, date);
				}
			}
		if (nlead > 0) {
			mention *ag = &c->men[lead[nlead - 1]];
			int t = ag->e;
			if (t < c->ntok && (c->tok[t].flags & (TF_OF | TF_LOC | TF_FROM)))
				t++;
			while (t < g->s && (c->tok[t].flags & TF_DET))
				t++;
			if (t == g->s && ag->e <= g->s) {
				int nm = g->nm;
				for (int k = 0; k < nlead; k++) {
					int agent = c->men[lead[k]].agent;
					for (int q = 0; q < nm; q++) {
						mention *mm = &c->men[g->m[q]];
						if (is_person(c, mm))
							continue;
						if (k > 0) { /* a copy of the member for each further agent */
							if (c->nmen >= MAX_MENTION || g->nm >= MAX_MEMBERS)
								break;
							c->men[c->nmen] = *mm;
							mm = &c->men[c->nmen];
							mm->agent = -1;
							mm->agent2[0] = mm->agent2[1] = -1;
							g->m[g->nm++] = c->nmen++;
						}
						if (add_agent(mm, agent) == 0)
							mention_code(c, mm, date);
					}
				}
				g->s = c->men[lead[0]].s;
				for (int k = 0; k < nlead; k++)
					c->men[lead[k]].dead = 1;
			}
			nlead = 0;
		}
		c->grp_at_start[g->s] = c->ngrp;
		c->grp_at_end[g->e] = c->ngrp;
		c->ngrp++;
		a = b - 1;
	}
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
	scopy(out, 8, r);
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
	snprintf(key, sizeof key, "%s>%s:%s", scode, tgt ? tcode : "", ev->cameo);
	for (int i = 0; i < em->nseen; i++)
		if (strcmp(em->seen[i], key) == 0)
			return;
	if (em->nseen < MAX_SENT_EVENTS)
		memcpy(em->seen[em->nseen++], key, sizeof key);
	scopy(ev->source, sizeof ev->source, scode);
	ev->source_name = src->name[0] ? src->name : NULL;
	scopy(ev->source_party, sizeof ev->source_party, src->party);
	if (tgt) {
		scopy(ev->target, sizeof ev->target, tcode);
		ev->target_name = tgt->name[0] ? tgt->name : NULL;
		scopy(ev->target_party, sizeof ev->target_party, tgt->party);
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
	scopy(code, sizeof code, ev->cameo);
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
	if (!any_flag(c, 0, c->ntok, TF_VSTART) || !any_flag(c, 0, c->ntok, TF_ASTART))
		return 0;
	find_matches(c);
	for (int k = 0; k < c->nmt; k++)
		if (c->mt[k].kind == SR_TERM_DISCARD)
			return 0;
	memset(c->covered, 0, sizeof(int) * (size_t)(c->ntok + 1));
	find_verbs(c);
	if (c->nvo == 0)
		return 0;
	sr_date when = sentence_date(c, len, date);
	find_mentions(c, when);
	find_groups(c, when);
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
		if (fl < sizeof fwd && strncmp(code, "---", fl) != 0)
			snprintf(fwd, sizeof fwd, "%.*s", (int)fl, code);
		if (colon && strlen(colon + 1) < sizeof rev && strcmp(colon + 1, "---") != 0)
			scopy(rev, sizeof rev, colon + 1);
		int modal = any_flag(c, from, v->pos, TF_MODAL);
		unsigned flags = 0;
		if (region > lo || any_flag(c, lo, region, TF_SAY))
			flags |= SR_EV_REPORTED;
		for (int dir = 0; dir < 2; dir++) {
			const char *cd = dir ? rev : fwd;
			if (!cd[0] || (dir && tg < 0))
				continue;
			ev.flags = flags;
			scopy(ev.cameo, sizeof ev.cameo, cd);
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

static const char *const multipliers[] = {"thousand", "million", "billion", "тысяч", "тыс",
					  "миллиона", "миллионов", "млн", "млрд", "тысячи",
					  "миллиард", "миллиардов", "тысячы", "мільёнаў"};
static const double multiplier_values[] = {1e3, 1e6, 1e9, 1e3, 1e3, 1e6, 1e6,
					   1e6, 1e9, 1e3, 1e9, 1e9, 1e3, 1e6};

/* A multiplier word at token t: its value, or 0. */
static double multiplier(const sr_coder *c, int t)
{
	const ctok *k = &c->tok[t];
	size_t n = k->end - k->start;
	for (size_t i = 0; i < sizeof multipliers / sizeof *multipliers; i++)
		if (strlen(multipliers[i]) == n && strncmp(c->s + k->start, multipliers[i], n) == 0)
			return multiplier_values[i];
	return 0;
}

/* Quantities: a number (with "million" and the like) and what it counts,
 * the next word ("90 objects", "3,000 troops") or a currency before it
 * ("USD 20 million", "$20 million"). */
static int find_quantities(sr_coder *c, sr_mention *out, int n, int max)
{
	for (int i = 0; i < c->ntok; i++) {
		const ctok *t = &c->tok[i];
		if (!(t->flags & TF_NUM) || c->covered[i])
			continue;
		char num[64];
		size_t l = 0;
		for (uint32_t b = t->start; b < t->end && l + 1 < sizeof num; b++)
			if (c->s[b] != ',')
				num[l++] = c->s[b];
		num[l] = 0;
		double v = strtod(num, NULL);
		int e = i + 1;
		double mul = e < c->ntok ? multiplier(c, e) : 0;
		if (mul) {
			v *= mul;
			e++;
		}
		int us = -1;
		if (i > 0 && (c->tok[i - 1].flags & TF_CAP) && c->tok[i - 1].end - c->tok[i - 1].start == 3)
			us = i - 1; /* "USD 20 million" */
		else if (i > 0 && c->tok[i - 1].end == t->start && !(c->tok[i - 1].flags & TF_WORD))
			us = i - 1; /* "$20" */
		else if (e < c->ntok && (c->tok[e].flags & TF_WORD) && !(c->tok[e].flags & TF_NUM) &&
			 !(c->tok[e].flags & (TF_MONTH | TF_DET | TF_OF | TF_LOC | TF_AND)))
			us = e;
		if (us < 0 || (us == e && (c->s[c->tok[e].start] == '-')))
			continue;
		/* Years and days of dates are not quantities. */
		if ((i > 0 && (c->tok[i - 1].flags & TF_MONTH)) ||
		    (e < c->ntok && (c->tok[e].flags & TF_MONTH)))
			continue;
		if (n < max) {
			sr_mention *o = &out[n];
			memset(o, 0, sizeof *o);
			o->kind = SR_MEN_QUANTITY;
			o->start = c->tok[us < i ? us : i].start;
			o->end = c->tok[us < i ? e - 1 : us].end;
			o->value = v;
			o->unit_start = c->tok[us].start;
			o->unit_end = c->tok[us].end;
		}
		n++;
		i = e;
	}
	return n;
}

int sr_coder_mentions(sr_coder *c, const char *s, size_t len, sr_date date, sr_mention *out,
		      int max)
{
	c->s = s;
	c->ntok = tok_sentence(&c->cache, s, len, c->tok, MAX_TOK);
	find_matches(c);
	find_mentions(c, date);
	find_groups(c, date);
	int n = 0;
	for (int a = 0; a < c->nmen; a++) {
		const mention *m = &c->men[a];
		if (m->dead)
			continue;
		if (n < max) {
			sr_mention *o = &out[n];
			memset(o, 0, sizeof *o);
			const sr_actor *act = m->actor >= 0 ? &c->d->actors[m->actor] : NULL;
			o->kind = !act ? SR_MEN_AGENT
				  : act->type == SR_ACT_PERSON ? SR_MEN_PERSON
				  : act->type == SR_ACT_EXERCISE ? SR_MEN_EXERCISE
				  : m->place ? SR_MEN_PLACE
					     : SR_MEN_ACTOR;
			o->start = c->tok[m->s].start;
			o->end = c->tok[m->e - 1].end;
			scopy(o->code, sizeof o->code, m->code);
			o->name = act ? act->name : c->d->agents[m->agent].name;
		}
		n++;
	}
	return find_quantities(c, out, n, max);
}
