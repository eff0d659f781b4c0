/* alert.c — watch rules: parsing a rules file and matching coded events
 * against it (alert.h; the format is docs/alerts.md).
 *
 * A rule is a list of conditions that must all hold. Parsing does every
 * costly or fallible step once: names are resolved with the dictionaries,
 * phrases and publications are folded, sphere ids become bits. Matching an
 * event then folds the event's strings at most once (and only when some
 * rule looks at them) and walks the rules in order. */
#include "alert.h"

#include <errno.h>
#include <utf8proc.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "text.h"
#include "timeline.h"
#include "util/buf.h"

/* ---- rules ---- */

typedef enum {
	C_PARTY,   /* one party, either side */
	C_DYAD,    /* two parties: either way, or source → target (directed) */
	C_ROOT,    /* CAMEO roots (vals) */
	C_CAMEO,   /* CAMEO code prefixes (vals) */
	C_QUAD,    /* quad classes (mask bits 1..4) */
	C_GOLD,    /* goldstein OP num */
	C_ACTOR,   /* a person by folded canonical name, or a code prefix; side */
	C_SPHERE,  /* any of the spheres in mask */
	C_TEXT,    /* a folded phrase in the evidence sentence */
	C_TITLE,   /* a folded phrase in the article's title */
	C_PUB,     /* the publication, folded, equal */
	C_PLOVER,  /* PLOVER categories (vals, upper case) */
} cond_kind;

enum { SIDE_ANY = 0, SIDE_SOURCE = 1, SIDE_TARGET = 2 };
enum { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ };

typedef struct cond {
	cond_kind kind;
	int side;            /* C_ACTOR: SIDE_*; C_DYAD: 1 when directed */
	int person;          /* C_ACTOR: s is a person's folded name, else a code prefix */
	int op;              /* C_GOLD */
	double num;          /* C_GOLD */
	unsigned long mask;  /* C_QUAD, C_SPHERE */
	char party[2][4];    /* C_PARTY (party[0]), C_DYAD */
	char *s;             /* C_ACTOR, C_TEXT, C_TITLE, C_PUB */
	char **vals;         /* C_ROOT, C_CAMEO, C_PLOVER */
	size_t nvals;
} cond;

typedef struct rule {
	char *name;
	long line;
	cond *c;
	size_t n;
} rule;

struct sr_alerts {
	rule *r;
	size_t n, cap;
	const sr_spheres *spheres;
	/* what the rules look at, so that matching folds only what is needed */
	int need_text, need_title, need_pub, need_names, need_spheres;
};

static void cond_cleanup(cond *c)
{
	free(c->s);
	for (size_t i = 0; i < c->nvals; i++)
		free(c->vals[i]);
	free(c->vals);
}

static void rule_cleanup(rule *r)
{
	free(r->name);
	for (size_t i = 0; i < r->n; i++)
		cond_cleanup(&r->c[i]);
	free(r->c);
}

void sr_alerts_free(sr_alerts *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++)
		rule_cleanup(&a->r[i]);
	free(a->r);
	free(a);
}

size_t sr_alerts_count(const sr_alerts *a)
{
	return a ? a->n : 0;
}

const char *sr_alerts_name(const sr_alerts *a, size_t i)
{
	return a && i < a->n ? a->r[i].name : NULL;
}

long sr_alerts_line(const sr_alerts *a, size_t i)
{
	return a && i < a->n ? a->r[i].line : 0;
}

/* ---- folding ---- */

/* Text for matching: NFC and case-folded, every character that is not a
 * letter, mark or digit (Unicode categories L, M, N) a space, runs of spaces
 * one, and a space on either side, so that " union shield " is found only
 * as whole words whatever the sentence's hyphens, quotes («», “”) and line
 * breaks (as timelines match topics). NULL on no memory; *bad set (and
 * NULL) for invalid UTF-8. */
static char *norm_fold(const char *s, size_t len, int *bad)
{
	*bad = 0;
	if (!sr_utf8_valid(s, len, NULL)) {
		*bad = 1;
		return NULL;
	}
	size_t flen;
	char *f = sr_text_fold(s, len, &flen);
	if (!f)
		return NULL;
	char *out = malloc(flen + 3);
	if (!out) {
		free(f);
		return NULL;
	}
	size_t k = 0;
	out[k++] = ' ';
	for (size_t i = 0; i < flen;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)f + i, (utf8proc_ssize_t)(flen - i), &cp);
		if (n <= 0) { /* cannot happen after the check; treated as a space */
			n = 1;
			cp = ' ';
		}
		const char *cat = utf8proc_category_string(cp);
		if (cat[0] == 'L' || cat[0] == 'M' || cat[0] == 'N') {
			memcpy(out + k, f + i, (size_t)n);
			k += (size_t)n;
		} else if (out[k - 1] != ' ') {
			out[k++] = ' ';
		}
		i += (size_t)n;
	}
	if (out[k - 1] != ' ')
		out[k++] = ' ';
	out[k] = '\0';
	free(f);
	return out;
}

/* ---- parsing: lines and tokens ---- */

typedef struct parser {
	const char *file;
	long line;
	sr_error *err;
	const sr_alerts_opts *opts;
	sr_alerts *a;
} parser;

/* A token of a rule: its text with quotes removed, where its first colon
 * outside quotes is (-1: none), and whether it held quotes. */
typedef struct token {
	char *p;
	long colon;
	int quoted;
	int lead_quote; /* began with a quote: a phrase, never a key */
} token;

#define MAX_TOKENS (SR_ALERT_CONDS_MAX * 4)

static int perr(parser *ps, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
static int perr(parser *ps, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return sr_error_set(ps->err, SR_EINPUT, ps->file, ps->line, -1, "%s", msg);
}

static int no_memory(parser *ps)
{
	return sr_error_set(ps->err, SR_ENOMEM, ps->file, ps->line, -1, "out of memory");
}

/* At most this many bytes of a value in a message, cut at a character. */
static int shown(const char *s)
{
	size_t n = strlen(s);
	if (n <= 60)
		return (int)n;
	n = 60;
	while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static const char *const keys[] = {
	"root", "cameo", "quad", "goldstein", "actor", "source", "target", "sphere",
	"text", "title", "publication", "plover", "dyad", "conflict", "cooperation",
};

static int is_key(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strlen(keys[i]) == len && !memcmp(keys[i], s, len))
			return 1;
	return 0;
}

/* Split s (comment removed, trimmed) into tokens: runs of non-space
 * characters, quotes grouping spaces and removed. */
static int tokenize(parser *ps, const char *s, size_t len, token *t, size_t *nt)
{
	*nt = 0;
	size_t i = 0;
	while (i < len) {
		while (i < len && is_space(s[i]))
			i++;
		if (i == len)
			break;
		if (*nt == MAX_TOKENS)
			return perr(ps, "more than %d words in one rule", MAX_TOKENS);
		token *k = &t[*nt];
		k->p = malloc(len - i + 1);
		if (!k->p)
			return no_memory(ps);
		(*nt)++;
		k->colon = -1;
		k->quoted = 0;
		k->lead_quote = s[i] == '"';
		size_t n = 0;
		int inq = 0;
		for (; i < len && (inq || !is_space(s[i])); i++) {
			if (s[i] == '"') {
				inq = !inq;
				k->quoted = 1;
				continue;
			}
			if (s[i] == ':' && !inq && k->colon < 0 && !k->lead_quote)
				k->colon = (long)n;
			k->p[n++] = s[i];
		}
		k->p[n] = '\0';
		if (inq)
			return perr(ps, "a quote is not closed");
	}
	return 0;
}

/* ---- parsing: values ---- */

static int is_upper3(const char *s)
{
	return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z';
}

static int all_caps(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

static int all_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* "BLR-RUS" (either way) or "BLR->RUS" (directed) into c; 0, or -1 when s
 * is not a dyad. */
static int read_dyad(const char *s, cond *c)
{
	size_t n = strlen(s);
	int directed;
	if (n == 7 && s[3] == '-')
		directed = 0;
	else if (n == 8 && s[3] == '-' && s[4] == '>')
		directed = 1;
	else
		return -1;
	const char *b = s + (directed ? 5 : 4);
	if (!is_upper3(s) || !is_upper3(b))
		return -1;
	c->kind = C_DYAD;
	c->side = directed;
	memcpy(c->party[0], s, 3);
	c->party[0][3] = '\0';
	memcpy(c->party[1], b, 3);
	c->party[1][3] = '\0';
	return 0;
}

/* A comma-separated list into c->vals, each item checked by ok (which may
 * rewrite it in place); what names the key in messages, want the kind of
 * item. */
static int read_list(parser *ps, const char *key, const char *val, int (*ok)(char *item),
		     const char *want, cond *c)
{
	if (!*val)
		return perr(ps, "'%s' needs a value: %s", key, want);
	const char *p = val;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (c->nvals == SR_ALERT_VALUES_MAX)
			return perr(ps, "more than %d values for '%s'", SR_ALERT_VALUES_MAX, key);
		char *item = sr_strndup(p, n);
		if (!item)
			return no_memory(ps);
		if (!c->vals && !(c->vals = calloc(SR_ALERT_VALUES_MAX, sizeof *c->vals))) {
			free(item);
			return no_memory(ps);
		}
		c->vals[c->nvals++] = item;
		if (!ok(item))
			return perr(ps, "'%s %.*s': %s, not '%.*s'", key, shown(val), val, want, shown(item), item);
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

static int ok_root(char *s)
{
	return all_digits(s, 2, 2);
}

static int ok_cameo(char *s)
{
	return all_digits(s, 2, 6);
}

static int ok_plover(char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
		if (!((*s >= 'A' && *s <= 'Z') || *s == '_' || *s == '-'))
			return 0;
	}
	return 1;
}

static int read_quad(parser *ps, const char *val, cond *c)
{
	if (!*val)
		return perr(ps, "'quad' needs a value: 1 to 4 (1,2 for either)");
	for (const char *p = val;; p++) {
		if (*p < '1' || *p > '4' || (p[1] && p[1] != ','))
			return perr(ps, "'quad %.*s': quad classes are 1 to 4, comma-separated", shown(val),
				    val);
		c->mask |= 1ul << (*p - '0');
		if (!*++p)
			break;
	}
	c->kind = C_QUAD;
	return 0;
}

/* "<=-5", "<=" then "-5" in the next token, or "-5" (equal). */
static int read_gold(parser *ps, const char *val, token *t, size_t nt, size_t *i, cond *c)
{
	static const struct {
		const char *s;
		int op;
	} ops[] = {{"<=", OP_LE}, {">=", OP_GE}, {"<", OP_LT}, {">", OP_GT}, {"==", OP_EQ}, {"=", OP_EQ}};
	c->kind = C_GOLD;
	c->op = OP_EQ;
	for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		size_t n = strlen(ops[k].s);
		if (!strncmp(val, ops[k].s, n)) {
			c->op = ops[k].op;
			val += n;
			break;
		}
	}
	if (!*val) {
		if (*i + 1 >= nt)
			return perr(ps, "'goldstein' needs a comparison and a number (goldstein <= -5)");
		val = t[++*i].p;
	}
	char *end;
	errno = 0;
	double v = strtod(val, &end);
	if (end == val || *end || errno || !isfinite(v) || v < -10 || v > 10)
		return perr(ps, "'goldstein': a number from -10 to 10 after <, <=, >, >= or =, not '%.*s'",
			    shown(val), val);
	c->num = v;
	return 0;
}

static int read_actor(parser *ps, const char *key, const char *val, cond *c)
{
	c->kind = C_ACTOR;
	c->side = !strcmp(key, "source") ? SIDE_SOURCE : !strcmp(key, "target") ? SIDE_TARGET : SIDE_ANY;
	if (!*val)
		return perr(ps, "'%s' needs a name or a code (%s:Shoigu, %s:BLRMIL)", key, key, key);
	const char *person = NULL, *code = NULL;
	sr_timeline_who who;
	if (ps->opts && ps->opts->coder) {
		sr_error e;
		sr_error_clear(&e);
		if (sr_timeline_resolve(ps->opts->coder, val, &who, &e) < 0)
			return perr(ps, "%s:%.*s: %s", key, shown(val), val, e.msg);
		person = who.person;
		code = who.code;
	} else if (all_caps(val)) {
		if (strlen(val) >= SR_CODE_MAX)
			return perr(ps, "%s:%.*s: longer than any actor code", key, shown(val), val);
		code = val;
	} else {
		person = val;
	}
	if (person) {
		int bad;
		c->person = 1;
		c->s = norm_fold(person, strlen(person), &bad);
		if (bad)
			return perr(ps, "%s: the name is not valid UTF-8", key);
		if (!c->s)
			return no_memory(ps);
		if (!strcmp(c->s, " "))
			return perr(ps, "%s:%.*s: a name needs a letter", key, shown(val), val);
	} else if (!(c->s = sr_strndup(code, strlen(code)))) {
		return no_memory(ps);
	}
	return 0;
}

static int read_phrase(parser *ps, const char *key, const char *val, cond_kind kind, cond *c)
{
	int bad;
	c->kind = kind;
	c->s = norm_fold(val, strlen(val), &bad);
	if (bad)
		return perr(ps, "'%s': not valid UTF-8", key);
	if (!c->s)
		return no_memory(ps);
	if (!strcmp(c->s, " "))
		return perr(ps, "'%s' needs a word (%s:\"Union Shield\")", key, key);
	return 0;
}

static int read_sphere(parser *ps, const char *val, cond *c)
{
	const sr_spheres *sp = ps->opts ? ps->opts->spheres : NULL;
	c->kind = C_SPHERE;
	if (!sp)
		return perr(ps, "'sphere' needs a sphere mapping (none was given)");
	if (!*val)
		return perr(ps, "'sphere' needs an id (sphere security)");
	const char *p = val;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char id[64];
		int found = -1;
		if (n < sizeof id) {
			memcpy(id, p, n);
			id[n] = '\0';
			found = sr_spheres_find(sp, id);
		}
		if (found < 0) {
			char known[256];
			size_t k = 0;
			known[0] = '\0';
			for (size_t i = 0; i < sr_spheres_count(sp) && k < sizeof known; i++)
				k += (size_t)snprintf(known + k, sizeof known - k, "%s%s", i ? ", " : "",
						      sr_spheres_id(sp, i));
			return perr(ps, "no sphere '%.*s' in the mapping (%s)", n > 60 ? 60 : (int)n, p, known);
		}
		c->mask |= 1ul << found;
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

/* ---- parsing: a rule ---- */

/* A new, zeroed condition of r in *out; the array is allocated whole once,
 * so pointers to its conditions stay valid. */
static int cond_new(parser *ps, rule *r, cond **out)
{
	if (r->n == SR_ALERT_CONDS_MAX)
		return perr(ps, "more than %d conditions in one rule", SR_ALERT_CONDS_MAX);
	if (!r->c && !(r->c = calloc(SR_ALERT_CONDS_MAX, sizeof *r->c)))
		return no_memory(ps);
	*out = &r->c[r->n++];
	memset(*out, 0, sizeof **out);
	return 0;
}

/* The conditions of tokens t[0..nt) into r. */
static int read_conditions(parser *ps, token *t, size_t nt, rule *r)
{
	cond *parties = NULL; /* the rule's party or dyad condition */
	for (size_t i = 0; i < nt; i++) {
		const char *word = t[i].p;
		char key[16] = "";
		const char *val = NULL;
		if (!t[i].quoted && !strncmp(word, "goldstein", 9) && strchr("<>=", word[9]) && word[9]) {
			snprintf(key, sizeof key, "goldstein"); /* goldstein<=-5 */
			val = word + 9;
		} else if (t[i].colon >= 0 && (size_t)t[i].colon < sizeof key) {
			memcpy(key, word, (size_t)t[i].colon);
			key[t[i].colon] = '\0';
			if (!is_key(key, strlen(key)))
				return perr(ps, "unknown condition '%.*s' (docs/alerts.md lists them)", shown(word),
					    word);
			val = word + t[i].colon + 1;
			/* "actor: Shoigu": the value is the next word */
			if (!*val && !t[i].quoted && strcmp(key, "conflict") && strcmp(key, "cooperation") &&
			    i + 1 < nt)
				val = t[++i].p;
		} else if (t[i].colon >= 0) {
			return perr(ps, "unknown condition '%.*s' (docs/alerts.md lists them)", shown(word), word);
		} else if (!t[i].quoted && is_key(word, strlen(word))) {
			snprintf(key, sizeof key, "%s", word);
			if (strcmp(key, "conflict") && strcmp(key, "cooperation")) {
				if (i + 1 >= nt)
					return perr(ps, "'%s' needs a value", key);
				val = t[++i].p;
			}
		} else if (t[i].lead_quote) {
			snprintf(key, sizeof key, "text"); /* a bare phrase */
			val = word;
		} else if (!t[i].quoted && (read_dyad(word, &(cond){0}) == 0 ||
					    (strlen(word) == 3 && is_upper3(word)))) {
			snprintf(key, sizeof key, "dyad");
			val = word;
		} else if (all_caps(word)) {
			return perr(ps, "'%.*s' is not a party (three capitals: BLR, RUS, NAT); an actor by code "
					"or name is actor:%.*s",
				    shown(word), word, shown(word), word);
		} else {
			return perr(ps, "unknown condition '%.*s' (docs/alerts.md lists them)", shown(word), word);
		}

		if (!strcmp(key, "dyad")) {
			cond d = {0};
			int bare = strlen(val) == 3 && is_upper3(val);
			if (!bare && read_dyad(val, &d) < 0)
				return perr(ps, "'%.*s': a dyad is BLR-RUS (either way) or BLR->RUS", shown(val), val);
			if (bare && parties && parties->kind == C_PARTY) {
				/* a second bare party: the two make a dyad, either way */
				memcpy(parties->party[1], val, 4);
				parties->kind = C_DYAD;
				parties->side = 0;
				continue;
			}
			if (parties)
				return perr(ps, "a rule has one party or one dyad; '%.*s' would be a third party",
					    shown(val), val);
			int rc = cond_new(ps, r, &parties);
			if (rc < 0)
				return rc;
			if (bare) {
				parties->kind = C_PARTY;
				memcpy(parties->party[0], val, 4);
			} else {
				*parties = d;
			}
			continue;
		}
		cond *c;
		int rc = cond_new(ps, r, &c);
		if (rc < 0)
			return rc;
		if (!strcmp(key, "root")) {
			c->kind = C_ROOT;
			rc = read_list(ps, key, val, ok_root, "two digits (06)", c);
		} else if (!strcmp(key, "cameo")) {
			c->kind = C_CAMEO;
			rc = read_list(ps, key, val, ok_cameo, "a CAMEO code (0871)", c);
		} else if (!strcmp(key, "plover")) {
			c->kind = C_PLOVER;
			rc = read_list(ps, key, val, ok_plover, "a PLOVER category (ASSAULT)", c);
		} else if (!strcmp(key, "quad")) {
			rc = read_quad(ps, val, c);
		} else if (!strcmp(key, "conflict") || !strcmp(key, "cooperation")) {
			if (val && *val)
				return perr(ps, "'%s' takes no value", key);
			c->kind = C_QUAD;
			c->mask = !strcmp(key, "conflict") ? (1ul << 3 | 1ul << 4) : (1ul << 1 | 1ul << 2);
		} else if (!strcmp(key, "goldstein")) {
			rc = read_gold(ps, val, t, nt, &i, c);
		} else if (!strcmp(key, "actor") || !strcmp(key, "source") || !strcmp(key, "target")) {
			rc = read_actor(ps, key, val, c);
			ps->a->need_names |= c->person;
		} else if (!strcmp(key, "text")) {
			rc = read_phrase(ps, key, val, C_TEXT, c);
			ps->a->need_text = 1;
		} else if (!strcmp(key, "title")) {
			rc = read_phrase(ps, key, val, C_TITLE, c);
			ps->a->need_title = 1;
		} else if (!strcmp(key, "publication")) {
			rc = read_phrase(ps, key, val, C_PUB, c);
			ps->a->need_pub = 1;
		} else if (!strcmp(key, "sphere")) {
			rc = read_sphere(ps, val, c);
			ps->a->need_spheres = 1;
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The end of the rule's name: the first colon outside quotes followed by a
 * space or the line's end, unless the word before it is a key that takes a
 * value ("actor: Shoigu"). Returns its offset, or -1 when the line has no
 * name. */
static long name_end(const char *s, size_t len)
{
	int inq = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			inq = !inq;
		if (inq || s[i] != ':' || (i + 1 < len && !is_space(s[i + 1])))
			continue;
		size_t w = i;
		while (w > 0 && !is_space(s[w - 1]))
			w--;
		int flag = (i - w == 8 && !memcmp(s + w, "conflict", 8)) ||
			   (i - w == 11 && !memcmp(s + w, "cooperation", 11));
		return is_key(s + w, i - w) && !flag ? -1 : (long)i;
	}
	return -1;
}

static size_t trim_end(const char *s, size_t n)
{
	while (n && is_space(s[n - 1]))
		n--;
	return n;
}

/* One line (without its end), 1-based number ps->line. */
static int parse_line(parser *ps, const char *s, size_t len)
{
	if (len > SR_ALERT_LINE_MAX)
		return perr(ps, "longer than %d bytes", SR_ALERT_LINE_MAX);
	size_t bad;
	if (!sr_utf8_valid(s, len, &bad))
		return sr_error_set(ps->err, SR_EINPUT, ps->file, ps->line, -1, "not valid UTF-8 (byte %zu of the line)",
				    bad + 1);
	/* names and values are C strings */
	const char *nul = memchr(s, '\0', len);
	if (nul)
		return perr(ps, "a NUL byte (byte %zu of the line)", (size_t)(nul - s) + 1);
	/* '#' starts a comment at the line's start or after a space, outside quotes */
	int inq = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			inq = !inq;
		else if (s[i] == '#' && !inq && (i == 0 || is_space(s[i - 1]))) {
			len = i;
			break;
		}
	}
	while (len && is_space(*s)) {
		s++;
		len--;
	}
	len = trim_end(s, len);
	if (!len)
		return 0;
	if (ps->a->n == SR_ALERT_RULES_MAX)
		return perr(ps, "more than %d rules", SR_ALERT_RULES_MAX);

	rule r = {.line = ps->line};
	const char *conds = s;
	size_t clen = len;
	long ne = name_end(s, len);
	if (ne >= 0) {
		size_t nlen = trim_end(s, (size_t)ne);
		if (!nlen)
			return perr(ps, "the rule's name before ':' is empty");
		if (memchr(s, '"', nlen))
			return perr(ps, "a rule's name cannot hold quotes");
		if (!(r.name = sr_strndup(s, nlen)))
			return no_memory(ps);
		conds = s + ne + 1;
		clen = len - (size_t)ne - 1;
		while (clen && is_space(*conds)) {
			conds++;
			clen--;
		}
		if (!clen) {
			int rc = perr(ps, "the rule '%.*s' has no condition", shown(r.name), r.name);
			free(r.name);
			return rc;
		}
	} else if (!(r.name = sr_strndup(s, len))) {
		return no_memory(ps);
	}
	for (size_t i = 0; i < ps->a->n; i++)
		if (!strcmp(ps->a->r[i].name, r.name)) {
			int rc = perr(ps, "the rule '%.*s' is already on line %ld", shown(r.name), r.name,
				      ps->a->r[i].line);
			free(r.name);
			return rc;
		}

	token t[MAX_TOKENS];
	size_t nt = 0;
	int rc = tokenize(ps, conds, clen, t, &nt);
	if (rc == 0)
		rc = read_conditions(ps, t, nt, &r);
	for (size_t i = 0; i < nt; i++)
		free(t[i].p);
	if (rc == 0 && r.n == 0)
		rc = perr(ps, "the rule has no condition");
	if (rc == 0 && ps->a->n == ps->a->cap) {
		size_t cap = ps->a->cap ? 2 * ps->a->cap : 16;
		rule *p = realloc(ps->a->r, cap * sizeof *p);
		if (!p)
			rc = no_memory(ps);
		else {
			ps->a->r = p;
			ps->a->cap = cap;
		}
	}
	if (rc < 0) {
		rule_cleanup(&r);
		return rc;
	}
	ps->a->r[ps->a->n++] = r;
	return 0;
}

int sr_alerts_parse(const char *name, const char *text, size_t len, const sr_alerts_opts *opts,
		    sr_alerts **out, sr_error *err)
{
	*out = NULL;
	if (len > SR_ALERT_FILE_MAX)
		return sr_error_set(err, SR_EINPUT, name, 0, -1, "larger than %zu bytes", SR_ALERT_FILE_MAX);
	sr_alerts *a = calloc(1, sizeof *a);
	if (!a)
		return sr_error_set(err, SR_ENOMEM, name, 0, -1, "out of memory");
	a->spheres = opts ? opts->spheres : NULL;
	parser ps = {.file = name, .err = err, .opts = opts, .a = a};
	size_t i = 0;
	/* a UTF-8 byte order mark is not part of the first rule */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		ps.line++;
		int rc = parse_line(&ps, text + i, end - i);
		if (rc < 0) {
			sr_alerts_free(a);
			return rc;
		}
		i = end + 1;
	}
	*out = a;
	return 0;
}

int sr_alerts_load(const char *path, const sr_alerts_opts *opts, sr_alerts **out, sr_error *err)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return sr_error_set(err, SR_EIO, path, 0, -1, "cannot open: %s", strerror(errno));
	sr_buf b;
	sr_buf_init(&b, SR_ALERT_FILE_MAX);
	char chunk[8192];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (sr_buf_append(&b, chunk, n) < 0) {
			rc = sr_error_set(err, SR_EINPUT, path, 0, -1, "larger than %zu bytes (not a rules file?)",
					  SR_ALERT_FILE_MAX);
			break;
		}
	if (rc == 0 && ferror(f))
		rc = sr_error_set(err, SR_EIO, path, 0, -1, "read error");
	fclose(f);
	if (rc == 0)
		rc = sr_alerts_parse(path, b.p ? b.p : "", b.len, opts, out, err);
	sr_buf_cleanup(&b);
	return rc;
}

/* ---- matching ---- */

/* One event's derived values, computed when a rule first needs them. */
typedef struct mstate {
	const sr_alert_event *ev;
	const char *sp, *tp;     /* parties */
	char spb[4], tpb[4];
	char root[3];
	char *text, *title, *pub, *sname, *tname; /* folded; "" when unknown or bad */
	unsigned long spheres;
	int oom;
} mstate;

static const char empty[] = "";

/* Folded s, or "" for NULL, "" or invalid UTF-8; NULL only for no memory. */
static char *fold_or_empty(const char *s, size_t len, int *oom)
{
	if (!s || !len)
		return (char *)empty;
	int bad;
	char *f = norm_fold(s, len, &bad);
	if (!f && !bad)
		*oom = 1;
	return f ? f : (char *)empty;
}

static void mstate_free(mstate *m)
{
	char *p[] = {m->text, m->title, m->pub, m->sname, m->tname};
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		if (p[i] != empty)
			free(p[i]);
}

static const char *party_of(const char *party, const char *code, char buf[4])
{
	if (party && *party)
		return party;
	sr_store_party(code ? code : "", buf);
	return buf;
}

static int prefix(const char *s, const char *p)
{
	return s && !strncmp(s, p, strlen(p));
}

static int in_vals(const cond *c, const char *s, int as_prefix)
{
	if (!s || !*s)
		return 0;
	for (size_t i = 0; i < c->nvals; i++)
		if (as_prefix ? prefix(s, c->vals[i]) : !strcmp(s, c->vals[i]))
			return 1;
	return 0;
}

static int plover_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'a' && *a <= 'z' ? (char)(*a - 'a' + 'A') : *a;
		if (x != *b)
			return 0;
	}
	return !*a && !*b;
}

static int cond_holds(const cond *c, const mstate *m)
{
	const sr_alert_event *ev = m->ev;
	switch (c->kind) {
	case C_PARTY:
		return !strcmp(m->sp, c->party[0]) || !strcmp(m->tp, c->party[0]);
	case C_DYAD: {
		int fwd = !strcmp(m->sp, c->party[0]) && !strcmp(m->tp, c->party[1]);
		int back = !strcmp(m->sp, c->party[1]) && !strcmp(m->tp, c->party[0]);
		return fwd || (!c->side && back);
	}
	case C_ROOT:
		return in_vals(c, m->root, 0);
	case C_CAMEO:
		return in_vals(c, ev->cameo, 1);
	case C_PLOVER:
		for (size_t i = 0; ev->plover && i < c->nvals; i++)
			if (plover_eq(ev->plover, c->vals[i]))
				return 1;
		return 0;
	case C_QUAD:
		return ev->quad >= 1 && ev->quad <= 4 && (c->mask >> ev->quad & 1);
	case C_GOLD: {
		if (ev->quad < 1 || ev->quad > 4 || !isfinite(ev->goldstein))
			return 0;
		double g = ev->goldstein;
		switch (c->op) {
		case OP_LT: return g < c->num;
		case OP_LE: return g <= c->num;
		case OP_GT: return g > c->num;
		case OP_GE: return g >= c->num;
		default: return fabs(g - c->num) < 1e-9;
		}
	}
	case C_ACTOR: {
		int src, tgt;
		if (c->person) {
			src = *m->sname && !strcmp(m->sname, c->s);
			tgt = *m->tname && !strcmp(m->tname, c->s);
		} else {
			src = ev->source && *ev->source && prefix(ev->source, c->s);
			tgt = ev->target && *ev->target && prefix(ev->target, c->s);
		}
		return c->side == SIDE_SOURCE ? src : c->side == SIDE_TARGET ? tgt : src || tgt;
	}
	case C_SPHERE:
		return (m->spheres & c->mask) != 0;
	case C_TEXT:
		return *m->text && strstr(m->text, c->s) != NULL;
	case C_TITLE:
		return *m->title && strstr(m->title, c->s) != NULL;
	case C_PUB:
		return *m->pub && !strcmp(m->pub, c->s);
	}
	return 0;
}

int sr_alerts_match(const sr_alerts *a, const sr_alert_event *ev, sr_alert_fn fn, void *ud)
{
	if (!a || !ev || !a->n)
		return 0;
	mstate m = {.ev = ev};
	m.text = m.title = m.pub = m.sname = m.tname = (char *)empty;
	m.sp = party_of(ev->source_party, ev->source, m.spb);
	m.tp = party_of(ev->target_party, ev->target, m.tpb);
	if (ev->root && *ev->root)
		snprintf(m.root, sizeof m.root, "%s", ev->root);
	else if (ev->cameo && all_digits(ev->cameo, 2, 8))
		memcpy(m.root, ev->cameo, 2);
	if (a->need_text)
		m.text = fold_or_empty(ev->text, ev->text ? ev->text_len : 0, &m.oom);
	if (a->need_title)
		m.title = fold_or_empty(ev->title, ev->title ? strlen(ev->title) : 0, &m.oom);
	if (a->need_pub)
		m.pub = fold_or_empty(ev->publication, ev->publication ? strlen(ev->publication) : 0, &m.oom);
	if (a->need_names) {
		m.sname = fold_or_empty(ev->source_name, ev->source_name ? strlen(ev->source_name) : 0, &m.oom);
		m.tname = fold_or_empty(ev->target_name, ev->target_name ? strlen(ev->target_name) : 0, &m.oom);
	}
	if (a->need_spheres && a->spheres) {
		sr_sphere_event se = {ev->cameo, ev->plover, ev->source, ev->target, m.sp, m.tp};
		m.spheres = sr_spheres_of_event(a->spheres, &se);
	}
	if (m.oom) {
		mstate_free(&m);
		return SR_ENOMEM;
	}
	int matched = 0;
	for (size_t i = 0; i < a->n; i++) {
		const rule *r = &a->r[i];
		size_t k = 0;
		while (k < r->n && cond_holds(&r->c[k], &m))
			k++;
		if (k < r->n)
			continue;
		matched++;
		if (fn && fn(ud, i, r->name))
			break;
	}
	mstate_free(&m);
	return matched;
}
