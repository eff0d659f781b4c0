/* cite.c — inline source citations. The inside of a parenthesis is cut at
 * commas and semicolons into segments; each segment is a name, a date, a bare
 * day (another day of the month before) or a bare year (completing the dates
 * before it). Names wait for the dates that follow them; a parenthesis with a
 * segment that is none of these is prose, not a citation. */
#include "cite.h"

#include <string.h>

#include "datex.h"

/* A source name: short, no sentence inside, no brackets or quotes. */
#define NAME_MAX_BYTES 80
#define NAME_MAX_WORDS 6
/* Segments per parenthesis; a longer list is not a citation. */
#define MAX_SEGS 64

typedef enum { SEG_BAD, SEG_NAME, SEG_DATE, SEG_DAY, SEG_YEAR, SEG_EMPTY } seg_kind;

typedef struct {
	seg_kind kind;
	const char *p;
	size_t len;
	sr_datex x;
	int semicolon; /* the segment ended at ';' (a new source follows) */
} seg;

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void trim(const char **p, size_t *n)
{
	const char *s = *p;
	size_t len = *n;
	for (;;) {
		if (len && is_space((unsigned char)s[0]))
			s++, len--;
		else if (len >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
			s += 2, len -= 2;
		else
			break;
	}
	for (;;) {
		if (len && (is_space((unsigned char)s[len - 1]) || s[len - 1] == '.'))
			len--;
		else if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && (unsigned char)s[len - 1] == 0xA0)
			len -= 2;
		else
			break;
	}
	*p = s;
	*n = len;
}

/* "see ", "see also ", "cf. " before a name. */
static void strip_see(const char **p, size_t *n)
{
	static const char *const lead[] = {"see also ", "see ", "cf. ", "cf "};
	for (size_t k = 0; k < sizeof lead / sizeof lead[0]; k++) {
		size_t l = strlen(lead[k]);
		if (*n > l) {
			size_t i = 0;
			while (i < l && ((*p)[i] | 0x20) == lead[k][i])
				i++;
			if (i == l) {
				*p += l;
				*n -= l;
				trim(p, n);
				return;
			}
		}
	}
}

static int valid_name(const char *s, size_t n)
{
	if (!n || n > NAME_MAX_BYTES)
		return 0;
	size_t words = 0, letters = 0;
	int in = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '(' || c == ')' || c == '"' || c == '[' || c == ']' || c == ':' || c == '\n')
			return 0;
		/* “ ” « » — a quotation, not a source */
		if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x9D))
			return 0;
		if (c == 0xC2 && i + 1 < n && ((unsigned char)s[i + 1] == 0xAB || (unsigned char)s[i + 1] == 0xBB))
			return 0;
		/* a full stop followed by a space ends a sentence */
		if ((c == '.' || c == '!' || c == '?') && i + 1 < n && s[i + 1] == ' ')
			return 0;
		if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0xC3)
			letters++;
		if (is_space(c))
			in = 0;
		else if (!in) {
			in = 1;
			words++;
		}
	}
	return letters > 0 && words <= NAME_MAX_WORDS;
}

static int all_digits(const char *s, size_t n, int *v)
{
	int x = 0;
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 1;
}

static void classify(seg *g)
{
	const char *p = g->p;
	size_t n = g->len;
	trim(&p, &n);
	g->p = p;
	g->len = n;
	int v;
	if (!n) {
		g->kind = SEG_EMPTY;
		return;
	}
	if (n <= 2 && all_digits(p, n, &v) && v >= 1 && v <= 31) {
		g->kind = SEG_DAY;
		g->x.d = v;
		return;
	}
	if (n == 4 && all_digits(p, n, &v) && v >= 1800 && v <= 2199) {
		g->kind = SEG_YEAR;
		g->x.y = v;
		return;
	}
	sr_datex x;
	size_t k = sr_datex_parse(p, n, &x);
	if (k == n && x.d) {
		g->kind = SEG_DATE;
		g->x = x;
		return;
	}
	strip_see(&g->p, &g->len);
	g->kind = valid_name(g->p, g->len) ? SEG_NAME : SEG_BAD;
}

/* Emit refs: names waiting for a date get it; a date with no name waiting
 * goes to the names of the previous date (more days of the same source), or
 * to a lost name when the parenthesis began with an empty segment. */
size_t sr_cite_parse(const char *s, size_t n, sr_cite_ref *refs, size_t max)
{
	if (!s || !n || n > SR_CITE_MAX_PAREN)
		return 0;
	seg segs[MAX_SEGS];
	size_t ns = 0, st = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != ',' && s[i] != ';')
			continue;
		if (ns == MAX_SEGS)
			return 0;
		segs[ns] = (seg){SEG_EMPTY, s + st, i - st, {0, 0, 0}, i < n && s[i] == ';'};
		classify(&segs[ns]);
		if (segs[ns].kind == SEG_BAD)
			return 0;
		ns++;
		st = i + 1;
	}
	/* Check the shape first (nothing is emitted for prose), then emit. */
	int pending = 0, have_group = 0, any_date = 0, lost = 0;
	for (size_t i = 0; i < ns; i++) {
		switch (segs[i].kind) {
		case SEG_EMPTY:
			/* only a lost name at the very start, or after ';' */
			if (i == 0 || segs[i - 1].semicolon)
				lost = 1;
			else
				return 0;
			break;
		case SEG_NAME:
			pending++;
			break;
		case SEG_DATE:
			if (!pending && !have_group && !lost)
				return 0;
			pending = 0;
			have_group = 1;
			any_date = 1;
			lost = 0;
			break;
		case SEG_DAY:
		case SEG_YEAR:
			if (!any_date || pending)
				return 0;
			break;
		case SEG_BAD:
			return 0;
		}
	}
	if (!any_date || pending)
		return 0;

	size_t count = 0, g0 = 0, g1 = 0; /* names of the current group: segs[g0..g1) */
	size_t run = 0;                    /* first ref of the dates since the last year */
	int lost_name = 0, last_m = 0, group_is_lost = 0;
	for (size_t i = 0; i < ns; i++) {
		seg *g = &segs[i];
		if (i > 0 && segs[i - 1].semicolon)
			run = count; /* a year after ';' belongs to the new source only */
		if (g->kind == SEG_EMPTY) {
			lost_name = 1;
			continue;
		}
		if (g->kind == SEG_NAME) {
			if (i == 0 || segs[i - 1].kind != SEG_NAME) {
				g0 = i;
				run = count;
			}
			g1 = i + 1;
			lost_name = 0;
			group_is_lost = 0;
			continue;
		}
		if (g->kind == SEG_YEAR) {
			for (size_t r = run; r < count && r < max; r++)
				if (!refs[r].y)
					refs[r].y = g->x.y;
			run = count;
			continue;
		}
		int m = g->kind == SEG_DATE ? g->x.m : last_m;
		int d = g->x.d, y = g->kind == SEG_DATE ? g->x.y : 0;
		if (g->kind == SEG_DATE) {
			last_m = m;
			if (lost_name) {
				group_is_lost = 1;
				lost_name = 0;
				g0 = g1 = i;
			}
		}
		if (group_is_lost || g0 == g1) {
			if (count < max)
				refs[count] = (sr_cite_ref){NULL, 0, y, m, d};
			count++;
		} else {
			for (size_t k = g0; k < g1; k++) {
				if (count < max)
					refs[count] = (sr_cite_ref){segs[k].p, segs[k].len, y, m, d};
				count++;
			}
		}
		if (y)
			run = count;
	}
	return count;
}

size_t sr_cite_scan(const char *text, size_t len, sr_cite_fn fn, void *ud)
{
	sr_cite_ref refs[MAX_SEGS];
	size_t total = 0, i = 0;
	while (i < len) {
		const char *o = memchr(text + i, '(', len - i);
		if (!o)
			break;
		size_t at = (size_t)(o - text), j = at + 1, lim = at + 1 + SR_CITE_MAX_PAREN;
		if (lim > len)
			lim = len;
		while (j < lim && text[j] != ')' && text[j] != '(' && text[j] != '\n')
			j++;
		if (j >= lim || text[j] != ')') {
			/* no '(' lies between at and j: go on from j, each byte once */
			i = j;
			continue;
		}
		size_t k = sr_cite_parse(text + at + 1, j - at - 1, refs, MAX_SEGS);
		if (k > MAX_SEGS)
			k = MAX_SEGS;
		for (size_t r = 0; r < k; r++) {
			total++;
			if (fn && fn(ud, &refs[r], at))
				return total;
		}
		i = j + 1;
	}
	return total;
}
