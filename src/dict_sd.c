/* dict_sd.c — the loader of sitrep's own dictionary format (.sd), described
 * in docs/dictionaries.md: `[kind ID]` records of `key = value` lines, and
 * `[cameo]` tables of whitespace-separated rows.
 *
 * A record's lines are collected until the record ends (the next `[...]`
 * line or the end of the file), then validated as a whole and handed to the
 * builder calls of dict_build.h, so keys may come in any order. The first
 * error stops the load; it names name:line of the offending line (or of
 * the record's header when something is missing). */
#include "dict_build.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "dict_load.h"

typedef enum {
	K_NONE = 0,
	K_ACTOR,
	K_PERSON,
	K_AGENT,
	K_PLACE,
	K_EXERCISE,
	K_VERB,
	K_SYNSET,
	K_DISCARD,
	K_CAMEO,
} sd_kind;

static const char *const kind_names[] = {"",     "actor",  "person", "agent",   "place",
					 "exercise", "verb", "synset", "discard", "cameo"};

/* Keys each kind accepts. ONCE: a single value, at most one line; LIST: a
 * `;` list, the key may repeat; EACH: one value a line, the key may repeat. */
enum { ONCE = 1, LIST = 2, EACH = 3 };
static const struct {
	sd_kind kind;
	const char *key;
	int how;
} keys[] = {
	{K_ACTOR, "name", ONCE},     {K_ACTOR, "type", ONCE},      {K_ACTOR, "party", ONCE},
	{K_ACTOR, "alias", LIST},    {K_ACTOR, "adjective", LIST}, {K_ACTOR, "metonym", LIST},
	{K_PERSON, "name", ONCE},    {K_PERSON, "alias", LIST},    {K_PERSON, "role", EACH},
	{K_PERSON, "title", ONCE},   {K_AGENT, "name", ONCE},      {K_AGENT, "noun", LIST},
	{K_AGENT, "placement", ONCE}, {K_PLACE, "name", ONCE},     {K_PLACE, "country", ONCE},
	{K_PLACE, "alias", LIST},    {K_EXERCISE, "name", ONCE},   {K_EXERCISE, "kind", ONCE},
	{K_EXERCISE, "alias", LIST}, {K_VERB, "code", ONCE},       {K_VERB, "forms", LIST},
	{K_VERB, "pattern", EACH},   {K_SYNSET, "phrase", LIST},   {K_DISCARD, "phrase", LIST},
	{K_DISCARD, "story", LIST},
};

typedef struct sd_entry {
	const char *key, *val;
	size_t klen, vlen;
	long line;
	int how;
} sd_entry;

typedef struct sd_loader {
	sr_dict *d;
	const char *name;
	sr_error *err;
	/* the record being collected */
	sd_kind kind;
	const char *id;
	size_t idlen;
	long line;
	sd_entry *ent;
	size_t nent, capent;
	sr_phrase *seen; /* phrases the record already added (a name repeated as an alias) */
	size_t nseen, capseen;
	sr_ld_map ids;   /* "kind ID" → header line, for duplicate records */
	sr_ld_map cameo; /* code → line, for duplicate [cameo] rows */
} sd_loader;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail(sd_loader *L, long line, const char *fmt, ...)
{
	char msg[480];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return sr_error_set(L->err, SR_EINPUT, L->name, line, -1, "%s", msg);
}

static const char *q(const char *s, size_t n, char *buf, size_t size)
{
	return sr_ld_quote(s, n, buf, size);
}

/* ---- small parsers -------------------------------------------------------- */

/* Cut a comment: `#` at the start or after a space or tab. */
static size_t cut_comment(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t'))
			return i;
	return n;
}

static int is_alnum(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* A record ID: letters, digits, `_`, `-`, `.`, or any non-ASCII (Cyrillic). */
static int id_ok(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(is_alnum((char)c) || c == '_' || c == '-' || c == '.' || c >= 0x80))
			return 0;
	}
	return 1;
}

/* An actor, agent or role code: ASCII letters and digits, short enough to
 * leave room in an event's code field for an agent; or `---` (none). */
static int code_ok(const char *s, size_t n, size_t max)
{
	if (n == 3 && memcmp(s, "---", 3) == 0)
		return 1;
	if (n == 0 || n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]))
			return 0;
	return 1;
}

#define ACTOR_CODE_MAX (SR_CODE_MAX / 2 - 1) /* room for an agent after it */
#define EVENT_CODE_MAX 7                     /* CAMEO codes: "0874", "174K" */

/* YYYY, YYYY-MM or YYYY-MM-DD; a start (first day) or an end (last day).
 * 0 if malformed. */
static sr_date parse_date(const char *s, size_t n, int end)
{
	int y = 0, m = 0, d = 0;
	size_t i = 0;
	for (; i < n && i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		y = y * 10 + (s[i] - '0');
	}
	if (i != 4)
		return 0;
	if (n == 4) {
		m = end ? 12 : 1;
		d = end ? 31 : 1;
		return sr_date_make(y, m, d);
	}
	if (n != 7 && n != 10)
		return 0;
	if (s[4] != '-' || s[5] < '0' || s[5] > '9' || s[6] < '0' || s[6] > '9')
		return 0;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	if (m < 1 || m > 12 || y < 1)
		return 0;
	if (n == 7)
		return sr_date_make(y, m, end ? sr_days_in_month(y, m) : 1);
	if (s[7] != '-' || s[8] < '0' || s[8] > '9' || s[9] < '0' || s[9] > '9')
		return 0;
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return sr_date_make(y, m, d);
}

/* Copy [s, s+n) into buf as a C string; 0, or -1 if it does not fit. */
static int cstr(char *buf, size_t size, const char *s, size_t n)
{
	if (n >= size)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 0;
}

/* ---- phrases -------------------------------------------------------------- */

static int phrase_same(const sr_phrase *a, const sr_phrase *b)
{
	if (a->n != b->n)
		return 0;
	for (int i = 0; i < a->n; i++)
		if (a->el[i].id != b->el[i].id || a->el[i].kind != b->el[i].kind ||
		    a->el[i].adjacent != b->el[i].adjacent)
			return 0;
	return 1;
}

/* Remember p for this record; 1 if it was new, 0 if seen, <0 no memory. */
static int phrase_new(sd_loader *L, const sr_phrase *p)
{
	for (size_t i = 0; i < L->nseen; i++)
		if (phrase_same(&L->seen[i], p))
			return 0;
	if (L->nseen == L->capseen) {
		size_t nc = L->capseen ? L->capseen * 2 : 16;
		sr_phrase *s = realloc(L->seen, nc * sizeof *s);
		if (!s)
			return SR_ENOMEM;
		L->seen = s;
		L->capseen = nc;
	}
	L->seen[L->nseen++] = *p;
	return 1;
}

/* Parse one phrase item; what names it in messages ("alias"). */
static int parse_phrase(sd_loader *L, const char *s, size_t n, int allow_slots, long line,
			const char *what, sr_phrase *p /* OUT */)
{
	char b[160];
	const char *why = NULL;
	sr_phrase_init(p);
	int rc = sr_dict_phrase_parse(L->d, p, s, n, allow_slots, &why);
	if (rc == SR_ENOMEM)
		return sr_ld_fail(L->err, rc, L->name, line, "out of memory");
	if (rc < 0)
		return sr_error_set(L->err, SR_EINPUT, L->name, line, -1, "bad %s '%s': %s", what,
				    q(s, n, b, sizeof b), why ? why : "not a phrase");
	if (p->n == 0)
		return sr_error_set(L->err, SR_EINPUT, L->name, line, -1, "bad %s '%s': no words",
				    what, q(s, n, b, sizeof b));
	return 0;
}

/* Call fn for each non-empty `;` item of an entry's value. */
typedef int (*item_fn)(sd_loader *L, const char *s, size_t n, long line, void *ctx);

static int each_item(sd_loader *L, const sd_entry *e, item_fn fn, void *ctx)
{
	const char *s = e->val, *end = e->val + e->vlen;
	while (s <= end) {
		const char *semi = memchr(s, ';', (size_t)(end - s));
		const char *stop = semi ? semi : end;
		const char *it = s;
		size_t n = (size_t)(stop - s);
		sr_ld_trim(&it, &n);
		if (n) {
			int rc = fn(L, it, n, e->line, ctx);
			if (rc < 0)
				return rc;
		}
		if (!semi)
			break;
		s = semi + 1;
	}
	return 0;
}

typedef struct actor_ctx {
	int id;
	unsigned flags;
	const char *what;
} actor_ctx;

static int add_actor_phrase(sd_loader *L, const char *s, size_t n, long line, void *ctx)
{
	actor_ctx *a = ctx;
	sr_phrase p;
	int rc = parse_phrase(L, s, n, 0, line, a->what, &p);
	if (rc < 0)
		return rc;
	rc = phrase_new(L, &p);
	if (rc <= 0)
		return rc;
	rc = sr_dict_actor_phrase(L->d, a->id, &p, a->flags);
	if (rc < 0) {
		char b[160];
		return sr_ld_fail(L->err, rc, L->name, line, "cannot add %s '%s'", a->what,
				  q(s, n, b, sizeof b));
	}
	return 0;
}

static int add_agent_noun(sd_loader *L, const char *s, size_t n, long line, void *ctx)
{
	int id = *(int *)ctx;
	sr_phrase p;
	int rc = parse_phrase(L, s, n, 0, line, "noun", &p);
	if (rc < 0)
		return rc;
	rc = phrase_new(L, &p);
	if (rc <= 0)
		return rc;
	rc = sr_dict_agent_phrase(L->d, id, &p);
	if (rc < 0) {
		char b[160];
		return sr_ld_fail(L->err, rc, L->name, line, "cannot add noun '%s'", q(s, n, b, sizeof b));
	}
	return 0;
}

static int add_verb_form(sd_loader *L, const char *s, size_t n, long line, void *ctx)
{
	int id = *(int *)ctx;
	sr_phrase p;
	int rc = parse_phrase(L, s, n, 0, line, "verb form", &p);
	if (rc < 0)
		return rc;
	rc = phrase_new(L, &p);
	if (rc <= 0)
		return rc;
	rc = sr_dict_verb_form(L->d, id, &p);
	if (rc < 0) {
		char b[160];
		return sr_ld_fail(L->err, rc, L->name, line, "cannot add verb form '%s'",
				  q(s, n, b, sizeof b));
	}
	return 0;
}

static int add_synset_phrase(sd_loader *L, const char *s, size_t n, long line, void *ctx)
{
	int id = *(int *)ctx;
	char b[160];
	sr_phrase p;
	/* Slots are parsed so that `&OTHER` (a synset inside a synset) is
	 * allowed; the actor and verb slots are not. */
	int rc = parse_phrase(L, s, n, 1, line, "synset phrase", &p);
	if (rc < 0)
		return rc;
	for (int i = 0; i < p.n; i++)
		if (p.el[i].kind != SR_EL_WORD && p.el[i].kind != SR_EL_SYNSET)
			return sr_error_set(L->err, SR_EINPUT, L->name, line, -1,
					    "bad synset phrase '%s': only words and &SYNSETS",
					    q(s, n, b, sizeof b));
	rc = sr_dict_synset_phrase(L->d, id, &p);
	if (rc < 0)
		return sr_ld_fail(L->err, rc, L->name, line,
				  "bad synset phrase '%s': a &SYNSET must stand alone",
				  q(s, n, b, sizeof b));
	return 0;
}

static int add_discard(sd_loader *L, const char *s, size_t n, long line, void *ctx)
{
	int story = *(int *)ctx;
	sr_phrase p;
	int rc = parse_phrase(L, s, n, 0, line, "discard phrase", &p);
	if (rc < 0)
		return rc;
	rc = sr_dict_add_discard(L->d, &p, story);
	if (rc < 0) {
		char b[160];
		return sr_ld_fail(L->err, rc, L->name, line, "cannot add discard '%s'",
				  q(s, n, b, sizeof b));
	}
	return 0;
}

/* ---- records -------------------------------------------------------------- */

static const sd_entry *find(const sd_loader *L, const char *key)
{
	size_t kl = strlen(key);
	for (size_t i = 0; i < L->nent; i++)
		if (L->ent[i].klen == kl && memcmp(L->ent[i].key, key, kl) == 0)
			return &L->ent[i];
	return NULL;
}

/* Every entry with this key, through fn. */
static int each_key(sd_loader *L, const char *key, item_fn fn, void *ctx)
{
	size_t kl = strlen(key);
	for (size_t i = 0; i < L->nent; i++) {
		const sd_entry *e = &L->ent[i];
		if (e->klen != kl || memcmp(e->key, key, kl) != 0)
			continue;
		int rc;
		if (e->how == LIST) {
			rc = each_item(L, e, fn, ctx);
		} else {
			rc = fn(L, e->val, e->vlen, e->line, ctx);
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The record's name (required for every kind that has one). */
static int need_name(sd_loader *L, char *buf, size_t size)
{
	char b[80];
	const sd_entry *e = find(L, "name");
	if (!e)
		return sr_error_set(L->err, SR_EINPUT, L->name, L->line, -1, "[%s %s] has no name",
				    kind_names[L->kind], q(L->id, L->idlen, b, sizeof b));
	if (cstr(buf, size, e->val, e->vlen) < 0)
		return sr_error_set(L->err, SR_EINPUT, L->name, e->line, -1, "name too long");
	return 0;
}

/* The name is also a phrase that names the record when it reads as one (a
 * name such as "Alexander Lukashenko" is how the text calls him); a name
 * that is not a phrase ("—") is a label only. It matches as written, case
 * included: "China" names the country, "fine china" does not; the aliases
 * say which other spellings and inflections name it. */
static int add_name_phrase(sd_loader *L, int actor)
{
	const sd_entry *e = find(L, "name");
	sr_phrase p;
	sr_phrase_init(&p);
	for (size_t i = 0; i < e->vlen;) {
		while (i < e->vlen && (e->val[i] == ' ' || e->val[i] == '\t'))
			i++;
		size_t st = i;
		while (i < e->vlen && e->val[i] != ' ' && e->val[i] != '\t')
			i++;
		if (i > st && sr_dict_phrase_word(L->d, &p, e->val + st, i - st, SR_W_CASE, 1) < 0)
			return 0;
	}
	if (p.n == 0)
		return 0;
	int rc = phrase_new(L, &p);
	if (rc <= 0)
		return rc;
	rc = sr_dict_actor_phrase(L->d, actor, &p, 0);
	return rc < 0 ? sr_ld_fail(L->err, rc, L->name, e->line, "cannot add the name") : 0;
}

static int add_role(sd_loader *L, const char *s, size_t n, long line, void *ctx)
{
	int actor = *(int *)ctx;
	char b[120], code[SR_CODE_MAX];
	size_t cl = 0;
	while (cl < n && s[cl] != ' ' && s[cl] != '\t')
		cl++;
	if (!code_ok(s, cl, ACTOR_CODE_MAX))
		return sr_error_set(L->err, SR_EINPUT, L->name, line, -1, "bad role code '%s'",
				    q(s, cl, b, sizeof b));
	cstr(code, sizeof code, s, cl);
	const char *r = s + cl;
	size_t rn = n - cl;
	sr_ld_trim(&r, &rn);
	sr_date from = 0, to = 0;
	if (rn) {
		const char *dots = NULL;
		for (size_t i = 0; i + 1 < rn; i++)
			if (r[i] == '.' && r[i + 1] == '.') {
				dots = r + i;
				break;
			}
		if (!dots)
			return sr_error_set(L->err, SR_EINPUT, L->name, line, -1,
					    "bad role range '%s': expected FROM..TO",
					    q(r, rn, b, sizeof b));
		const char *f = r, *t = dots + 2;
		size_t fn = (size_t)(dots - r), tn = rn - fn - 2;
		sr_ld_trim(&f, &fn);
		sr_ld_trim(&t, &tn);
		if (fn && !(from = parse_date(f, fn, 0)))
			return sr_error_set(L->err, SR_EINPUT, L->name, line, -1,
					    "bad date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)",
					    q(f, fn, b, sizeof b));
		if (tn && !(to = parse_date(t, tn, 1)))
			return sr_error_set(L->err, SR_EINPUT, L->name, line, -1,
					    "bad date '%s' (YYYY, YYYY-MM or YYYY-MM-DD)",
					    q(t, tn, b, sizeof b));
		if (from && to && to < from)
			return sr_error_set(L->err, SR_EINPUT, L->name, line, -1,
					    "role ends before it starts");
	}
	int rc = sr_dict_actor_role(L->d, actor, code, from, to);
	return rc < 0 ? sr_ld_fail(L->err, rc, L->name, line, "cannot add role %s", code) : 0;
}

static int add_pattern(sd_loader *L, const char *s, size_t n, long line, void *ctx)
{
	int verb = *(int *)ctx;
	char b[160], code[EVENT_CODE_MAX + 1];
	const char *colon = memchr(s, ':', n);
	if (!colon)
		return sr_error_set(L->err, SR_EINPUT, L->name, line, -1,
				    "bad pattern '%s': expected 'CODE: phrase'", q(s, n, b, sizeof b));
	const char *c = s, *ph = colon + 1;
	size_t cn = (size_t)(colon - s), pn = n - cn - 1;
	sr_ld_trim(&c, &cn);
	sr_ld_trim(&ph, &pn);
	if (!code_ok(c, cn, EVENT_CODE_MAX))
		return sr_error_set(L->err, SR_EINPUT, L->name, line, -1,
				    "bad pattern code '%s'", q(c, cn, b, sizeof b));
	cstr(code, sizeof code, c, cn);
	sr_phrase p;
	int rc = parse_phrase(L, ph, pn, 1, line, "pattern", &p);
	if (rc < 0)
		return rc;
	int verbs = 0;
	for (int i = 0; i < p.n; i++)
		verbs += p.el[i].kind == SR_EL_VERB;
	if (verbs != 1)
		return sr_error_set(L->err, SR_EINPUT, L->name, line, -1,
				    "bad pattern '%s': needs exactly one '*' (the verb)",
				    q(ph, pn, b, sizeof b));
	rc = sr_dict_verb_pattern(L->d, verb, &p, code);
	return rc < 0 ? sr_ld_fail(L->err, rc, L->name, line, "cannot add pattern '%s'",
				   q(ph, pn, b, sizeof b))
		      : 0;
}

static int finish_actor(sd_loader *L)
{
	char name[SR_MAX_DICT_LINE + 1], type[32], party[SR_CODE_MAX], code[SR_CODE_MAX], b[120];
	int rc = need_name(L, name, sizeof name);
	if (rc < 0)
		return rc;
	if (!code_ok(L->id, L->idlen, ACTOR_CODE_MAX) || (L->idlen == 3 && !memcmp(L->id, "---", 3)))
		return sr_error_set(L->err, SR_EINPUT, L->name, L->line, -1,
				    "bad actor code '%s': letters and digits, at most %d",
				    q(L->id, L->idlen, b, sizeof b), ACTOR_CODE_MAX);
	cstr(code, sizeof code, L->id, L->idlen);
	int t = SR_ACT_OTHER;
	const sd_entry *e = find(L, "type");
	if (e) {
		if (cstr(type, sizeof type, e->val, e->vlen) < 0 || (t = sr_actor_type_parse(type)) < 0)
			return sr_error_set(L->err, SR_EINPUT, L->name, e->line, -1,
					    "unknown actor type '%s'", q(e->val, e->vlen, b, sizeof b));
		if (t == SR_ACT_PERSON || t == SR_ACT_PLACE || t == SR_ACT_EXERCISE)
			return sr_error_set(L->err, SR_EINPUT, L->name, e->line, -1,
					    "type %s is a record of its own: [%s ID]", type, type);
	}
	const char *pty = NULL;
	if ((e = find(L, "party"))) {
		if (!code_ok(e->val, e->vlen, ACTOR_CODE_MAX) || (e->vlen == 3 && !memcmp(e->val, "---", 3)))
			return sr_error_set(L->err, SR_EINPUT, L->name, e->line, -1,
					    "bad party '%s'", q(e->val, e->vlen, b, sizeof b));
		cstr(party, sizeof party, e->val, e->vlen);
		pty = party;
	}
	int id = sr_dict_add_actor(L->d, code, code, name, (sr_actor_type)t, pty);
	if (id < 0)
		return sr_ld_fail(L->err, id, L->name, L->line, "cannot add actor %s", code);
	if ((rc = add_name_phrase(L, id)) < 0)
		return rc;
	actor_ctx a = {id, 0, "alias"};
	if ((rc = each_key(L, "alias", add_actor_phrase, &a)) < 0)
		return rc;
	a = (actor_ctx){id, SR_PH_ADJECTIVE, "adjective"};
	if ((rc = each_key(L, "adjective", add_actor_phrase, &a)) < 0)
		return rc;
	a = (actor_ctx){id, SR_PH_METONYM, "metonym"};
	return each_key(L, "metonym", add_actor_phrase, &a);
}

static int finish_person(sd_loader *L)
{
	char name[SR_MAX_DICT_LINE + 1], key[SR_MAX_DICT_LINE + 1];
	int rc = need_name(L, name, sizeof name);
	if (rc < 0)
		return rc;
	cstr(key, sizeof key, L->id, L->idlen);
	/* title = … is accepted (docs/dictionaries.md) but not yet stored: the
	 * builder has no call for it. */
	int id = sr_dict_add_actor(L->d, key, NULL, name, SR_ACT_PERSON, NULL);
	if (id < 0)
		return sr_ld_fail(L->err, id, L->name, L->line, "cannot add person %s", key);
	if ((rc = add_name_phrase(L, id)) < 0)
		return rc;
	actor_ctx a = {id, 0, "alias"};
	if ((rc = each_key(L, "alias", add_actor_phrase, &a)) < 0)
		return rc;
	return each_key(L, "role", add_role, &id);
}

static int finish_agent(sd_loader *L)
{
	char name[SR_MAX_DICT_LINE + 1], code[SR_CODE_MAX], b[120];
	int rc = need_name(L, name, sizeof name);
	if (rc < 0)
		return rc;
	if (!code_ok(L->id, L->idlen, ACTOR_CODE_MAX) || (L->idlen == 3 && !memcmp(L->id, "---", 3)))
		return sr_error_set(L->err, SR_EINPUT, L->name, L->line, -1,
				    "bad agent code '%s': letters and digits, at most %d",
				    q(L->id, L->idlen, b, sizeof b), ACTOR_CODE_MAX);
	cstr(code, sizeof code, L->id, L->idlen);
	/* placement = after (BLR + MIL = BLRMIL, the default) | before (TABARI's
	 * "NGO~": NGO + BLR = NGOBLR). */
	int placement = 0;
	const sd_entry *e = find(L, "placement");
	if (e) {
		if (e->vlen == 5 && !memcmp(e->val, "after", 5))
			placement = 0;
		else if (e->vlen == 6 && !memcmp(e->val, "before", 6))
			placement = 1;
		else
			return sr_error_set(L->err, SR_EINPUT, L->name, e->line, -1,
					    "bad placement '%s': after or before",
					    q(e->val, e->vlen, b, sizeof b));
	}
	int id = sr_dict_add_agent(L->d, code, name, placement);
	if (id < 0)
		return sr_ld_fail(L->err, id, L->name, L->line, "cannot add agent %s", code);
	if (!find(L, "noun"))
		return sr_error_set(L->err, SR_EINPUT, L->name, L->line, -1,
				    "[agent %s] has no noun", code);
	return each_key(L, "noun", add_agent_noun, &id);
}

static int finish_place(sd_loader *L, int exercise)
{
	char name[SR_MAX_DICT_LINE + 1], key[SR_MAX_DICT_LINE + 1], country[SR_CODE_MAX], b[120];
	int rc = need_name(L, name, sizeof name);
	if (rc < 0)
		return rc;
	cstr(key, sizeof key, L->id, L->idlen);
	const char *code = "---"; /* recognised, never an event's actor */
	const sd_entry *e;
	if (!exercise && (e = find(L, "country"))) {
		if (!code_ok(e->val, e->vlen, ACTOR_CODE_MAX))
			return sr_error_set(L->err, SR_EINPUT, L->name, e->line, -1,
					    "bad country code '%s'", q(e->val, e->vlen, b, sizeof b));
		cstr(country, sizeof country, e->val, e->vlen);
		code = country;
	}
	if (exercise && (e = find(L, "kind"))) {
		static const char *kinds[] = {"exercise", "programme", "operation"};
		int ok = 0;
		for (size_t i = 0; i < 3; i++)
			ok |= e->vlen == strlen(kinds[i]) && !memcmp(e->val, kinds[i], e->vlen);
		if (!ok)
			return sr_error_set(L->err, SR_EINPUT, L->name, e->line, -1,
					    "bad kind '%s': exercise, programme or operation",
					    q(e->val, e->vlen, b, sizeof b));
	}
	int id = sr_dict_add_actor(L->d, key, code, name,
				   exercise ? SR_ACT_EXERCISE : SR_ACT_PLACE,
				   strcmp(code, "---") ? code : NULL);
	if (id < 0)
		return sr_ld_fail(L->err, id, L->name, L->line, "cannot add %s %s",
				  kind_names[L->kind], key);
	if ((rc = add_name_phrase(L, id)) < 0)
		return rc;
	actor_ctx a = {id, 0, "alias"};
	return each_key(L, "alias", add_actor_phrase, &a);
}

static int finish_verb(sd_loader *L)
{
	char lemma[SR_MAX_DICT_LINE + 1], code[EVENT_CODE_MAX + 1], b[120];
	cstr(lemma, sizeof lemma, L->id, L->idlen);
	const char *c = NULL;
	const sd_entry *e = find(L, "code");
	if (e) {
		if (!code_ok(e->val, e->vlen, EVENT_CODE_MAX))
			return sr_error_set(L->err, SR_EINPUT, L->name, e->line, -1,
					    "bad verb code '%s'", q(e->val, e->vlen, b, sizeof b));
		cstr(code, sizeof code, e->val, e->vlen);
		c = code;
	}
	int id = sr_dict_add_verb(L->d, lemma, c);
	if (id < 0)
		return sr_ld_fail(L->err, id, L->name, L->line, "cannot add verb %s", lemma);
	/* The ID is always a form ("TAKE_PART": take part, consecutive). */
	int rc = add_verb_form(L, L->id, L->idlen, L->line, &id);
	if (rc < 0)
		return rc;
	if ((rc = each_key(L, "forms", add_verb_form, &id)) < 0)
		return rc;
	return each_key(L, "pattern", add_pattern, &id);
}

static int finish_synset(sd_loader *L)
{
	char b[120];
	int id = sr_dict_synset(L->d, L->id, L->idlen);
	if (id < 0)
		return sr_ld_fail(L->err, id, L->name, L->line, "cannot add synset");
	if (!find(L, "phrase"))
		return sr_error_set(L->err, SR_EINPUT, L->name, L->line, -1,
				    "[synset %s] has no phrase", q(L->id, L->idlen, b, sizeof b));
	return each_key(L, "phrase", add_synset_phrase, &id);
}

static int finish_discard(sd_loader *L)
{
	int story = 0;
	int rc = each_key(L, "phrase", add_discard, &story);
	if (rc < 0)
		return rc;
	story = 1;
	return each_key(L, "story", add_discard, &story);
}

/* Validate and store the record collected so far. */
static int finish_record(sd_loader *L)
{
	int rc = 0;
	L->nseen = 0;
	switch (L->kind) {
	case K_ACTOR: rc = finish_actor(L); break;
	case K_PERSON: rc = finish_person(L); break;
	case K_AGENT: rc = finish_agent(L); break;
	case K_PLACE: rc = finish_place(L, 0); break;
	case K_EXERCISE: rc = finish_place(L, 1); break;
	case K_VERB: rc = finish_verb(L); break;
	case K_SYNSET: rc = finish_synset(L); break;
	case K_DISCARD: rc = finish_discard(L); break;
	case K_NONE:
	case K_CAMEO: break;
	}
	L->kind = K_NONE;
	L->nent = 0;
	return rc;
}

/* `[kind ID]` */
static int start_record(sd_loader *L, const char *s, size_t n, long line)
{
	char b[120], b2[120];
	if (s[n - 1] != ']')
		return fail(L, line, "record line needs a closing ']'");
	const char *p = s + 1;
	size_t m = n - 2;
	sr_ld_trim(&p, &m);
	size_t kl = 0;
	while (kl < m && p[kl] != ' ' && p[kl] != '\t')
		kl++;
	sd_kind kind = K_NONE;
	for (int k = K_ACTOR; k <= K_CAMEO; k++)
		if (strlen(kind_names[k]) == kl && !memcmp(kind_names[k], p, kl))
			kind = (sd_kind)k;
	if (kind == K_NONE)
		return fail(L, line, "unknown record kind '%s'", q(p, kl, b, sizeof b));
	const char *id = p + kl;
	size_t il = m - kl;
	sr_ld_trim(&id, &il);
	size_t wl = 0;
	while (wl < il && id[wl] != ' ' && id[wl] != '\t')
		wl++;
	if (wl < il) {
		const char *x = id + wl;
		size_t xl = il - wl;
		sr_ld_trim(&x, &xl);
		return fail(L, line, "unexpected '%s' after the ID '%s'", q(x, xl, b, sizeof b),
			    q(id, wl, b2, sizeof b2));
	}
	if (il == 0 && kind != K_DISCARD && kind != K_CAMEO)
		return fail(L, line, "[%s] needs an ID: [%s ID]", kind_names[kind], kind_names[kind]);
	if (il && !id_ok(id, il))
		return fail(L, line, "bad ID '%s': letters, digits, _ - . only", q(id, il, b, sizeof b));
	if (il && kind != K_DISCARD && kind != K_CAMEO && kind != K_SYNSET) {
		/* Two records with one ID in one file are a mistake (a synset may
		 * be extended, and a discard or cameo ID is only a label). */
		char key[SR_MAX_DICT_LINE + 16];
		int kn = snprintf(key, sizeof key, "%s %.*s", kind_names[kind], (int)il, id);
		int prev;
		if (sr_ld_map_get(&L->ids, key, (size_t)kn, &prev)) {
			char pl[24];
			snprintf(pl, sizeof pl, "%d", prev);
			return fail(L, line, "duplicate record %s (first on line %s)", key, pl);
		}
		if (sr_ld_map_put(&L->ids, key, (size_t)kn, (int)line) < 0)
			return sr_ld_fail(L->err, SR_ENOMEM, L->name, line, "out of memory");
	}
	L->kind = kind;
	L->id = id;
	L->idlen = il;
	L->line = line;
	L->nent = 0;
	return 0;
}

/* `key = value` inside a record. */
static int add_entry(sd_loader *L, const char *s, size_t n, long line)
{
	char b[120], b2[40];
	const char *eq = memchr(s, '=', n);
	if (!eq)
		return fail(L, line, "expected 'key = value' or a '[kind ID]' line, got '%s'",
			    q(s, n, b, sizeof b));
	const char *k = s, *v = eq + 1;
	size_t kl = (size_t)(eq - s), vl = n - kl - 1;
	sr_ld_trim(&k, &kl);
	sr_ld_trim(&v, &vl);
	int how = 0;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (keys[i].kind == L->kind && strlen(keys[i].key) == kl &&
		    !memcmp(keys[i].key, k, kl))
			how = keys[i].how;
	if (!how)
		return fail(L, line, "unknown key '%s' in [%s]", q(k, kl, b, sizeof b),
			    kind_names[L->kind]);
	if (how == ONCE) {
		for (size_t i = 0; i < L->nent; i++)
			if (L->ent[i].klen == kl && !memcmp(L->ent[i].key, k, kl)) {
				snprintf(b2, sizeof b2, "%ld", L->ent[i].line);
				return fail(L, line, "'%s' given twice (first on line %s)",
					    q(k, kl, b, sizeof b), b2);
			}
		if (vl == 0)
			return fail(L, line, "empty value for '%s'", q(k, kl, b, sizeof b));
	}
	if (how == EACH && vl == 0)
		return fail(L, line, "empty value for '%s'", q(k, kl, b, sizeof b));
	if (L->nent == L->capent) {
		size_t nc = L->capent ? L->capent * 2 : 16;
		sd_entry *e = realloc(L->ent, nc * sizeof *e);
		if (!e)
			return sr_ld_fail(L->err, SR_ENOMEM, L->name, line, "out of memory");
		L->ent = e;
		L->capent = nc;
	}
	L->ent[L->nent++] = (sd_entry){k, v, kl, vl, line, how};
	return 0;
}

/* A [cameo] row: CODE GOLDSTEIN QUAD PLOVER NAME. */
static int cameo_row(sd_loader *L, const char *s, size_t n, long line)
{
	char b[120], tok[4][64];
	const char *p = s, *end = s + n;
	for (int i = 0; i < 4; i++) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		const char *t = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		if (p == t || cstr(tok[i], sizeof tok[i], t, (size_t)(p - t)) < 0)
			return fail(L, line,
				    "bad [cameo] row '%s': expected CODE GOLDSTEIN QUAD PLOVER NAME",
				    q(s, n, b, sizeof b));
	}
	const char *nm = p;
	size_t nl = (size_t)(end - p);
	sr_ld_trim(&nm, &nl);
	if (!nl)
		return fail(L, line, "bad [cameo] row '%s': no name after the PLOVER category",
			    q(s, n, b, sizeof b));
	size_t cl = strlen(tok[0]);
	if (cl < 2 || cl > 4 || !code_ok(tok[0], cl, 4))
		return fail(L, line, "bad CAMEO code '%s': 2 to 4 letters or digits", tok[0]);
	char *e;
	errno = 0;
	double g = strtod(tok[1], &e);
	if (*e || errno || !isfinite(g) || g < -10 || g > 10)
		return fail(L, line, "bad Goldstein score '%s': a number from -10 to 10", tok[1]);
	long quad = strtol(tok[2], &e, 10);
	if (*e || quad < 1 || quad > 4)
		return fail(L, line, "bad quad class '%s': 1, 2, 3 or 4", tok[2]);
	const char *plover = tok[3];
	if (!strcmp(plover, "-")) {
		plover = NULL;
	} else {
		for (const char *c = plover; *c; c++)
			if (!((*c >= 'A' && *c <= 'Z') || *c == '_'))
				return fail(L, line, "bad PLOVER category '%s': one upper-case word or -",
					    tok[3]);
	}
	int prev;
	if (sr_ld_map_get(&L->cameo, tok[0], cl, &prev)) {
		snprintf(b, sizeof b, "%d", prev);
		return fail(L, line, "duplicate [cameo] code %s (first on line %s)", tok[0], b);
	}
	if (sr_ld_map_put(&L->cameo, tok[0], cl, (int)line) < 0)
		return sr_ld_fail(L->err, SR_ENOMEM, L->name, line, "out of memory");
	char name[SR_MAX_DICT_LINE + 1];
	cstr(name, sizeof name, nm, nl);
	int rc = sr_dict_add_cameo(L->d, tok[0], g, (int)quad, plover, name);
	return rc < 0 ? sr_ld_fail(L->err, rc, L->name, line, "cannot add CAMEO code %s", tok[0]) : 0;
}

/* `# sitrep dictionary N`: refuse a format newer than this reader. */
static int version_line(sd_loader *L, const char *s, size_t n, long line)
{
	static const char tag[] = "# sitrep dictionary";
	size_t tl = sizeof tag - 1;
	if (n < tl || memcmp(s, tag, tl) != 0)
		return 0;
	const char *v = s + tl;
	size_t vn = n - tl;
	sr_ld_trim(&v, &vn);
	if (vn == 0)
		return 0;
	long ver = 0;
	for (size_t i = 0; i < vn && v[i] >= '0' && v[i] <= '9' && ver < 1000; i++)
		ver = ver * 10 + (v[i] - '0');
	if (ver > 1) {
		char b[24];
		snprintf(b, sizeof b, "%ld", ver);
		return fail(L, line, "dictionary format %s is newer than this sitrep reads (1)", b);
	}
	return 0;
}

int sr_dict_load_sd(sr_dict *d, const char *name, const char *buf, size_t len, sr_error *err)
{
	sd_loader L;
	memset(&L, 0, sizeof L);
	L.d = d;
	L.name = name;
	L.err = err;
	sr_ld_map_init(&L.ids);
	sr_ld_map_init(&L.cameo);
	sr_ld_lines lines;
	sr_ld_lines_init(&lines, buf, len);
	const char *s;
	size_t n;
	int rc = 0;
	while (rc == 0 && sr_ld_lines_next(&lines, &s, &n)) {
		long line = lines.lineno;
		if ((rc = sr_ld_line_check(name, line, s, n, err)) < 0)
			break;
		sr_ld_trim(&s, &n);
		if (n && s[0] == '#' && (rc = version_line(&L, s, n, line)) < 0)
			break;
		n = cut_comment(s, n);
		sr_ld_trim(&s, &n);
		if (n == 0)
			continue;
		if (s[0] == '[') {
			if ((rc = finish_record(&L)) == 0)
				rc = start_record(&L, s, n, line);
		} else if (L.kind == K_NONE) {
			char b[120];
			rc = fail(&L, line, "'%s' outside a record: start one with [kind ID]",
				  q(s, n, b, sizeof b));
		} else if (L.kind == K_CAMEO) {
			rc = cameo_row(&L, s, n, line);
		} else {
			rc = add_entry(&L, s, n, line);
		}
	}
	if (rc == 0)
		rc = finish_record(&L);
	free(L.ent);
	free(L.seen);
	sr_ld_map_cleanup(&L.ids);
	sr_ld_map_cleanup(&L.cameo);
	return rc < 0 ? rc : 0;
}

int sr_dict_is_sd(const char *buf, size_t len)
{
	sr_ld_lines lines;
	sr_ld_lines_init(&lines, buf, len);
	const char *s;
	size_t n;
	while (sr_ld_lines_next(&lines, &s, &n)) {
		sr_ld_trim(&s, &n);
		if (n == 0)
			continue;
		if (n >= 19 && memcmp(s, "# sitrep dictionary", 19) == 0)
			return 1;
		if (s[0] == '#')
			continue;
		if (s[0] != '[')
			return 0; /* a TABARI line (or nothing we know) comes first */
		size_t kl = 1;
		while (kl < n && s[kl] != ' ' && s[kl] != '\t' && s[kl] != ']')
			kl++;
		for (int k = K_ACTOR; k <= K_CAMEO; k++)
			if (strlen(kind_names[k]) == kl - 1 && !memcmp(kind_names[k], s + 1, kl - 1))
				return 1;
		return 0;
	}
	return 0;
}
