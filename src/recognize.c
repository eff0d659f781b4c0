/* recognize.c — the recognize stage: which actors, agents, people, places,
 * exercises and quantities a sentence names, and which of them act together.
 *
 *   1. every dictionary phrase that occurs is found by walking the trie from
 *      each token that can start one;
 *   2. the longest actor or agent phrase at each position wins; actors and
 *      agents combine ("Belarusian" + "Defence Ministry" → BLRMIL, "troops of
 *      Belarus and Russia" → BLRMIL, RUSMIL); a person takes the code of the
 *      role that holds on the event's date;
 *   3. actors joined by "and" or commas are one compound group.
 * code.c codes events between the groups found here (docs/code.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "code_int.h"
/* ---- 1. phrases ----------------------------------------------------------- */

static void match_from(sr_coder *c, int start, int j, uint32_t node)
{
	const sr_dict *d = c->d;
	const ctok *t = &c->tok[j];
	/* Whether the walk may go on past token j: the next token must be a
	 * word that follows some phrase's first word (most tokens are not). */
	int more = j + 1 < c->ntok && (c->tok[j + 1].flags & TF_CONT);
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
		if (more && c->cache.node_kids[child])
			match_from(c, start, j + 1, child);
	}
}

void rec_phrases(sr_coder *c)
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
		sr_str_copy(m->name, sizeof m->name, a->name);
		if (!base)
			return; /* named, but holds no role then: not an actor */
		const char *party = a->type == SR_ACT_PERSON || !a->party ? sr_dict_party(d, base)
									   : a->party;
		sr_str_copy(m->party, sizeof m->party, party ? party : base);
	}
	if (m->agent < 0) {
		sr_str_copy(m->code, sizeof m->code, base);
		return;
	}
	if (!base)
		return; /* an agent alone names no one */
	char code[SR_CODE_MAX * 2];
	sr_str_copy(code, sizeof code, base);
	int ags[3] = {m->agent, m->agent2[0], m->agent2[1]};
	for (int k = 0; k < 3 && ags[k] >= 0; k++) {
		const sr_agent *g = &d->agents[ags[k]];
		size_t cl = strlen(code), gl = strlen(g->code);
		char tmp[SR_CODE_MAX * 2];
		/* "White House officials": USAGOV is a government already. */
		if (g->placement) {
			if (cl >= gl && strncmp(code, g->code, gl) == 0)
				continue;
			sr_str_copy(tmp, sizeof tmp, g->code);
			sr_str_cat(tmp, sizeof tmp, code);
		} else {
			if (cl >= gl && strcmp(code + cl - gl, g->code) == 0)
				continue;
			sr_str_copy(tmp, sizeof tmp, code);
			sr_str_cat(tmp, sizeof tmp, g->code);
		}
		memcpy(code, tmp, sizeof code);
		sr_str_cat(m->name, sizeof m->name, " ");
		sr_str_cat(m->name, sizeof m->name, g->name);
	}
	sr_str_copy(m->code, sizeof m->code, code);
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

void rec_mentions(sr_coder *c, sr_date date)
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
		/* Every field but the strings' tails, which are never read
		 * (mention_code writes them): cheaper than a memset. */
		mn->place = mn->dead = 0;
		mn->code[0] = mn->name[0] = mn->party[0] = 0;
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
void rec_groups(sr_coder *c, sr_date date)
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
	rec_phrases(c);
	rec_mentions(c, date);
	rec_groups(c, date);
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
			sr_str_copy(o->code, sizeof o->code, m->code);
			o->name = act ? act->name : c->d->agents[m->agent].name;
		}
		n++;
	}
	return find_quantities(c, out, n, max);
}
