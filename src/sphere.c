/* sphere.c — the sphere mapping: parse the rules, place events and
 * articles. A mapping is small (a few spheres, tens of rules) and is asked
 * about every event of a series, so rules are kept as flat arrays of short
 * fixed strings and matched with plain comparisons. */
#include "sphere.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text.h"
#include "util/buf.h"

#include "dict_default.h" /* sr_dict_file, the type of the embedded data */
#include "spheres_data.inc"

enum {
	COND_ACTOR,    /* an agent type in either code */
	COND_BOTH,     /* an agent type in both codes */
	COND_ROOT,     /* CAMEO root */
	COND_CAMEO,    /* CAMEO code prefix */
	COND_PLOVER,   /* PLOVER category */
	COND_INTERNAL, /* source party = target party */
	COND_DYAD,     /* the two parties, either way */
	COND_PARTY,    /* either party */
	COND_DEFAULT,  /* always */
};

#define VAL_MAX 16 /* a code, a category or a party pair */

typedef struct cond {
	int kind;
	size_t first, n; /* its values: vals[first .. first + n) */
} cond;

/* A rule holds when all its conditions hold. */
typedef struct rule {
	size_t first, n; /* conds[first .. first + n) */
} rule;

typedef struct sphere {
	char *id, *title;
	int overlay;
	size_t first_rule, nrules;
	size_t first_word, nwords; /* section words */
} sphere;

struct sr_spheres {
	sphere sp[SR_SPHERES_MAX];
	size_t n;
	rule *rules;
	size_t nrules, rules_cap;
	cond *conds;
	size_t nconds, conds_cap;
	char (*vals)[VAL_MAX];
	size_t nvals, vals_cap;
	char **words; /* folded section words */
	size_t nwords, words_cap;
};

/* ---- parsing ---- */

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t n = *cap ? *cap * 2 : 16;
	while (n < need)
		n *= 2;
	void *q = realloc(*p, n * size);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

/* The next token of a line: a word, or a "quoted phrase" (quotes off).
 * Returns its length (0 at the end) and advances *pos; TOK_UNTERMINATED
 * for an unterminated quote, TOK_EMPTY for "" (which would otherwise read
 * as the end of the line). */
enum { TOK_UNTERMINATED = -1, TOK_EMPTY = -2 };
static long next_token(const char *line, size_t len, size_t *pos, const char **tok)
{
	size_t i = *pos;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == len || line[i] == '#') {
		*pos = len;
		return 0;
	}
	if (line[i] == '"') {
		const char *end = memchr(line + i + 1, '"', len - i - 1);
		if (!end)
			return -1;
		*tok = line + i + 1;
		*pos = (size_t)(end - line) + 1;
		return end == line + i + 1 ? TOK_EMPTY : end - (line + i + 1);
	}
	size_t s = i;
	while (i < len && line[i] != ' ' && line[i] != '\t')
		i++;
	*tok = line + s;
	*pos = i;
	return (long)(i - s);
}

static int keyword(const char *t, long n)
{
	static const char *const kw[] = {
		[COND_ACTOR] = "actor", [COND_BOTH] = "both",         [COND_ROOT] = "root",
		[COND_CAMEO] = "cameo", [COND_PLOVER] = "plover",     [COND_INTERNAL] = "internal",
		[COND_DYAD] = "dyad",   [COND_PARTY] = "party",       [COND_DEFAULT] = "default",
	};
	for (int k = 0; k < (int)(sizeof kw / sizeof kw[0]); k++)
		if ((long)strlen(kw[k]) == n && !memcmp(kw[k], t, (size_t)n))
			return k;
	return -1;
}

static int takes_values(int kind)
{
	return kind != COND_INTERNAL && kind != COND_DEFAULT;
}

/* Check a value for its condition; NULL if fine, else what is wrong. */
static const char *check_value(int kind, const char *t, long n)
{
	if (n >= VAL_MAX)
		return "value too long";
	for (long i = 0; i < n; i++) {
		char c = t[i];
		int digit = c >= '0' && c <= '9', upper = c >= 'A' && c <= 'Z';
		switch (kind) {
		case COND_ROOT:
		case COND_CAMEO:
			if (!digit)
				return "CAMEO codes are digits";
			break;
		case COND_DYAD:
			if (!digit && !upper && c != '-')
				return "a dyad is two upper-case parties A-B";
			break;
		default:
			if (!digit && !upper && c != '_')
				return "codes and categories are upper case";
		}
	}
	if (kind == COND_ROOT && n != 2)
		return "a CAMEO root has two digits";
	if (kind == COND_DYAD) {
		const char *dash = memchr(t, '-', (size_t)n);
		if (!dash || dash == t || dash == t + n - 1 || memchr(dash + 1, '-', (size_t)(t + n - dash - 1)))
			return "a dyad is two upper-case parties A-B";
	}
	return NULL;
}

static int tok_error(sr_error *err, const char *name, long lineno, long n)
{
	return sr_error_set(err, SR_EINPUT, name, lineno, -1, "%s",
			    n == TOK_EMPTY ? "empty quotes \"\"" : "unterminated quote");
}

static int parse_line(sr_spheres *s, const char *name, long lineno, const char *line, size_t len,
		      sr_error *err)
{
	size_t pos = 0, bad;
	const char *t;
	if (!sr_utf8_valid(line, len, &bad))
		return sr_error_set(err, SR_EINPUT, name, lineno, -1, "not UTF-8 (at byte %zu of the line)", bad);
	long n = next_token(line, len, &pos, &t);
	if (n < 0)
		return tok_error(err, name, lineno, n);
	if (n == 0)
		return 0;
	if (n == 6 && !memcmp(t, "sphere", 6)) {
		if (s->n == SR_SPHERES_MAX)
			return sr_error_set(err, SR_EINPUT, name, lineno, -1, "more than %d spheres",
					    SR_SPHERES_MAX);
		const char *id, *title;
		long nid = next_token(line, len, &pos, &id);
		long ntitle = nid > 0 ? next_token(line, len, &pos, &title) : nid;
		if (ntitle == TOK_UNTERMINATED)
			return tok_error(err, name, lineno, ntitle);
		if (nid <= 0 || ntitle <= 0)
			return sr_error_set(err, SR_EINPUT, name, lineno, -1,
					    "a sphere line is: sphere ID \"Title\" [overlay]");
		for (long i = 0; i < nid; i++)
			if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
				return sr_error_set(err, SR_EINPUT, name, lineno, -1,
						    "a sphere id is lower-case letters, digits and '-'");
		for (size_t k = 0; k < s->n; k++)
			if (strlen(s->sp[k].id) == (size_t)nid && !memcmp(s->sp[k].id, id, (size_t)nid))
				return sr_error_set(err, SR_EINPUT, name, lineno, -1, "sphere '%.*s' twice",
						    (int)nid, id);
		const char *opt, *more;
		long nopt = next_token(line, len, &pos, &opt);
		long nmore = nopt > 0 ? next_token(line, len, &pos, &more) : 0;
		if (nopt < 0 || nmore != 0 || (nopt > 0 && !(nopt == 7 && !memcmp(opt, "overlay", 7))))
			return sr_error_set(err, SR_EINPUT, name, lineno, -1,
					    "after the title only 'overlay' may follow");
		sphere *sp = &s->sp[s->n];
		memset(sp, 0, sizeof *sp);
		sp->id = sr_strndup(id, (size_t)nid);
		sp->title = sr_strndup(title, (size_t)ntitle);
		if (!sp->id || !sp->title) {
			free(sp->id);
			free(sp->title);
			return sr_error_set(err, SR_ENOMEM, name, lineno, -1, "out of memory");
		}
		sp->overlay = nopt > 0;
		sp->first_rule = s->nrules;
		sp->first_word = s->nwords;
		s->n++;
		return 0;
	}
	if (s->n == 0)
		return sr_error_set(err, SR_EINPUT, name, lineno, -1, "a rule before the first 'sphere' line");
	sphere *sp = &s->sp[s->n - 1];

	if (n == 7 && !memcmp(t, "section", 7)) {
		long nw;
		int any = 0;
		while ((nw = next_token(line, len, &pos, &t)) > 0) {
			size_t flen;
			char *w = sr_text_fold(t, (size_t)nw, &flen);
			if (!w || grow((void **)&s->words, &s->words_cap, s->nwords + 1, sizeof *s->words) < 0) {
				free(w);
				return sr_error_set(err, SR_ENOMEM, name, lineno, -1, "out of memory");
			}
			s->words[s->nwords++] = w;
			sp->nwords++;
			any = 1;
		}
		if (nw < 0)
			return tok_error(err, name, lineno, nw);
		if (!any)
			return sr_error_set(err, SR_EINPUT, name, lineno, -1, "'section' needs words");
		return 0;
	}

	/* A rule: conditions, each a keyword and its values, all of which must hold. */
	if (grow((void **)&s->rules, &s->rules_cap, s->nrules + 1, sizeof *s->rules) < 0)
		return sr_error_set(err, SR_ENOMEM, name, lineno, -1, "out of memory");
	rule *r = &s->rules[s->nrules];
	r->first = s->nconds;
	r->n = 0;
	cond *c = NULL;
	for (; n > 0; n = next_token(line, len, &pos, &t)) {
		int kind = keyword(t, n);
		if (kind >= 0) {
			if (c && takes_values(c->kind) && c->n == 0)
				return sr_error_set(err, SR_EINPUT, name, lineno, -1, "'%s' needs values",
						    c->kind == COND_ACTOR ? "actor" : "a condition");
			if (grow((void **)&s->conds, &s->conds_cap, s->nconds + 1, sizeof *s->conds) < 0)
				return sr_error_set(err, SR_ENOMEM, name, lineno, -1, "out of memory");
			c = &s->conds[s->nconds++];
			c->kind = kind;
			c->first = s->nvals;
			c->n = 0;
			r->n++;
			continue;
		}
		if (!c)
			return sr_error_set(err, SR_EINPUT, name, lineno, -1, "unknown word '%.*s'", (int)n, t);
		if (!takes_values(c->kind))
			return sr_error_set(err, SR_EINPUT, name, lineno, -1,
					    "'%.*s': this condition takes no values", (int)n, t);
		const char *why = check_value(c->kind, t, n);
		if (why)
			return sr_error_set(err, SR_EINPUT, name, lineno, -1, "'%.*s': %s", (int)n, t, why);
		if (grow((void **)&s->vals, &s->vals_cap, s->nvals + 1, sizeof *s->vals) < 0)
			return sr_error_set(err, SR_ENOMEM, name, lineno, -1, "out of memory");
		memcpy(s->vals[s->nvals], t, (size_t)n);
		s->vals[s->nvals][n] = '\0';
		s->nvals++;
		c->n++;
	}
	if (n < 0)
		return tok_error(err, name, lineno, n);
	if (c && takes_values(c->kind) && c->n == 0)
		return sr_error_set(err, SR_EINPUT, name, lineno, -1, "a condition needs values");
	s->nrules++;
	sp->nrules++;
	return 0;
}

int sr_spheres_parse(const char *name, const char *text, size_t len, sr_spheres **out, sr_error *err)
{
	*out = NULL;
	sr_spheres *s = calloc(1, sizeof *s);
	if (!s)
		return sr_error_set(err, SR_ENOMEM, name, 0, -1, "out of memory");
	long lineno = 0;
	int rc = 0;
	for (size_t i = 0; i < len && rc == 0;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		lineno++;
		if (memchr(text + i, '\0', end - i))
			rc = sr_error_set(err, SR_EINPUT, name, lineno, -1, "a NUL byte");
		else
			rc = parse_line(s, name, lineno, text + i, end - i - (end > i && text[end - 1] == '\r'), err);
		i = end + 1;
	}
	if (rc == 0 && s->n == 0)
		rc = sr_error_set(err, SR_EINPUT, name, 0, -1, "no sphere defined");
	/* Sphere blocks are contiguous, so the counts above describe them;
	 * a primary sphere without rules places no event but may still take
	 * articles by section. */
	if (rc < 0) {
		sr_spheres_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int sr_spheres_load(const char *path, sr_spheres **out, sr_error *err)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return sr_error_set(err, SR_EIO, path, 0, -1, "cannot open: %s", strerror(errno));
	sr_buf b;
	sr_buf_init(&b, (size_t)1 << 20);
	char chunk[8192];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (sr_buf_append(&b, chunk, n) < 0) {
			rc = sr_error_set(err, SR_EINPUT, path, 0, -1, "larger than 1 MiB");
			break;
		}
	if (rc == 0 && ferror(f))
		rc = sr_error_set(err, SR_EIO, path, 0, -1, "read error");
	fclose(f);
	if (rc == 0)
		rc = sr_spheres_parse(path, b.p ? b.p : "", b.len, out, err);
	sr_buf_cleanup(&b);
	return rc;
}

int sr_spheres_default(sr_spheres **out, sr_error *err)
{
	const sr_dict_file *f = &sr_dict_data_files[0];
	return sr_spheres_parse(f->name, f->data, f->len, out, err);
}

void sr_spheres_free(sr_spheres *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->sp[i].id);
		free(s->sp[i].title);
	}
	for (size_t i = 0; i < s->nwords; i++)
		free(s->words[i]);
	free(s->words);
	free(s->rules);
	free(s->conds);
	free(s->vals);
	free(s);
}

size_t sr_spheres_count(const sr_spheres *s)
{
	return s->n;
}
const char *sr_spheres_id(const sr_spheres *s, size_t i)
{
	return i < s->n ? s->sp[i].id : NULL;
}
const char *sr_spheres_title(const sr_spheres *s, size_t i)
{
	return i < s->n ? s->sp[i].title : NULL;
}
int sr_spheres_is_overlay(const sr_spheres *s, size_t i)
{
	return i < s->n && s->sp[i].overlay;
}
int sr_spheres_find(const sr_spheres *s, const char *id)
{
	for (size_t i = 0; id && i < s->n; i++)
		if (!strcmp(s->sp[i].id, id))
			return (int)i;
	return -1;
}

/* ---- matching ---- */

static const char *nz(const char *p)
{
	return p ? p : "";
}

/* Does the actor code carry agent type ty (three letters at a multiple of
 * three past the first group: MIL in BLRMIL, IGOWSTNATMIL)? */
static int has_type(const char *code, const char *ty)
{
	size_t n = strlen(code), tn = strlen(ty);
	if (tn != 3)
		return 0;
	for (size_t i = 3; i + 3 <= n; i += 3)
		if (!memcmp(code + i, ty, 3))
			return 1;
	return 0;
}

static int cond_value_holds(int kind, const char *v, const sr_sphere_event *ev)
{
	const char *sc = nz(ev->source), *tc = nz(ev->target);
	const char *sp = nz(ev->source_party), *tp = nz(ev->target_party);
	switch (kind) {
	case COND_ACTOR: return has_type(sc, v) || has_type(tc, v);
	case COND_BOTH: return has_type(sc, v) && has_type(tc, v);
	case COND_ROOT: return !strncmp(nz(ev->cameo), v, 2);
	case COND_CAMEO: return !strncmp(nz(ev->cameo), v, strlen(v));
	case COND_PLOVER: return !strcmp(nz(ev->plover), v);
	case COND_PARTY: return (*sp && !strcmp(sp, v)) || (*tp && !strcmp(tp, v));
	case COND_DYAD: {
		const char *dash = strchr(v, '-');
		size_t na = (size_t)(dash - v);
		const char *b = dash + 1;
		return (strlen(sp) == na && !memcmp(sp, v, na) && !strcmp(tp, b)) ||
		       (strlen(tp) == na && !memcmp(tp, v, na) && !strcmp(sp, b));
	}
	}
	return 0;
}

static int cond_holds(const sr_spheres *s, const cond *c, const sr_sphere_event *ev)
{
	if (c->kind == COND_DEFAULT)
		return 1;
	if (c->kind == COND_INTERNAL)
		return ev->source_party && *ev->source_party && ev->target_party &&
		       !strcmp(ev->source_party, ev->target_party);
	for (size_t i = 0; i < c->n; i++)
		if (cond_value_holds(c->kind, s->vals[c->first + i], ev))
			return 1;
	return 0;
}

static int sphere_takes(const sr_spheres *s, const sphere *sp, const sr_sphere_event *ev)
{
	for (size_t r = 0; r < sp->nrules; r++) {
		const rule *ru = &s->rules[sp->first_rule + r];
		size_t c = 0;
		while (c < ru->n && cond_holds(s, &s->conds[ru->first + c], ev))
			c++;
		if (ru->n && c == ru->n)
			return 1;
	}
	return 0;
}

unsigned long sr_spheres_of_event(const sr_spheres *s, const sr_sphere_event *ev)
{
	unsigned long mask = 0;
	int primary = 0;
	for (size_t i = 0; i < s->n; i++) {
		const sphere *sp = &s->sp[i];
		if (!sp->overlay && primary)
			continue;
		if (sphere_takes(s, sp, ev)) {
			mask |= 1UL << i;
			if (!sp->overlay)
				primary = 1;
		}
	}
	return mask;
}

/* Is the character that ends just before p (h <= p) a letter or digit?
 * Then p is inside a word. h is valid UTF-8 (folded). */
static int letter_before(const char *h, const char *p)
{
	if (p == h)
		return 0;
	const char *q = p - 1;
	while (q > h && ((unsigned char)*q & 0xC0) == 0x80)
		q--;
	utf8proc_int32_t cp;
	if (utf8proc_iterate((const utf8proc_uint8_t *)q, p - q, &cp) <= 0)
		return 0;
	utf8proc_category_t cat = utf8proc_category(cp);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/* Does w occur in the folded heading h at the start of a word (after the
 * start, a space, or punctuation of any script)? */
static int word_in(const char *h, const char *w)
{
	if (!*w)
		return 0;
	for (const char *p = h; (p = strstr(p, w)) != NULL; p++)
		if (!letter_before(h, p))
			return 1;
	return 0;
}

unsigned long sr_spheres_of_section(const sr_spheres *s, const char *section)
{
	if (!section || !*section)
		return 0;
	size_t hl;
	char *h = sr_text_fold(section, strlen(section), &hl);
	if (!h)
		return 0;
	unsigned long mask = 0;
	int primary = 0;
	for (size_t i = 0; i < s->n; i++) {
		const sphere *sp = &s->sp[i];
		if (!sp->overlay && primary)
			continue;
		for (size_t k = 0; k < sp->nwords; k++)
			if (word_in(h, s->words[sp->first_word + k])) {
				mask |= 1UL << i;
				primary |= !sp->overlay;
				break;
			}
	}
	free(h);
	return mask;
}
