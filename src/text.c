/* text.c — the text stage: UTF-8 checks, NFC and case folding (utf8proc),
 * language identification, sentence and token boundaries.
 *
 * Everything works on byte spans of UTF-8 so later stages can keep evidence
 * offsets into the original text. ASCII runs take fast paths: most news text
 * is mostly ASCII, and utf8proc is only needed past it. */
#include "text.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/buf.h"

/* ---- UTF-8 ---------------------------------------------------------------- */

/* The length of the well-formed sequence at p when it is of the two kinds
 * that make up most non-ASCII text — two bytes (Cyrillic, Latin accents)
 * or three with no overlong or surrogate form possible (punctuation,
 * most scripts) — else 0, and utf8proc decides. Saves a library call per
 * character of a Russian article. */
static inline size_t common_seq(const unsigned char *p, size_t n)
{
	if (p[0] >= 0xC2 && p[0] <= 0xDF && n >= 2 && (p[1] & 0xC0) == 0x80)
		return 2;
	if (((p[0] >= 0xE1 && p[0] <= 0xEC) || p[0] == 0xEE || p[0] == 0xEF) && n >= 3 &&
	    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80)
		return 3;
	return 0;
}

int sr_utf8_valid(const char *s, size_t len, size_t *bad_at)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		/* eight ASCII bytes at a time */
		while (i + 8 <= len) {
			unsigned long long w;
			memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = common_seq(p + i, len - i);
		if (!n) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t got = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
			if (got < 0) {
				if (bad_at)
					*bad_at = i;
				return 0;
			}
			n = (size_t)got;
		}
		i += n;
	}
	return 1;
}

char *sr_utf8_repair(const char *s, size_t len, size_t *out_len, size_t *nrepl)
{
	sr_buf b;
	sr_buf_init(&b, len * 3 + 16);
	size_t i = 0, bad = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (i < len) {
		size_t start = i;
		while (i < len && p[i] < 0x80)
			i++;
		if (i > start && sr_buf_append(&b, s + start, i - start) < 0)
			goto oom;
		if (i >= len)
			break;
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n < 0) {
			if (sr_buf_append(&b, "\xEF\xBF\xBD", 3) < 0)
				goto oom;
			bad++;
			i++;
			/* skip the continuation bytes of the broken sequence */
			while (i < len && (p[i] & 0xC0) == 0x80)
				i++;
		} else {
			if (sr_buf_append(&b, s + i, (size_t)n) < 0)
				goto oom;
			i += (size_t)n;
		}
	}
	if (nrepl)
		*nrepl = bad;
	return sr_buf_detach(&b, out_len);
oom:
	sr_buf_cleanup(&b);
	return NULL;
}

/* Bytes at s[i] of a character that normalization leaves alone and folding
 * maps on its own: ASCII, and the basic Cyrillic block U+0400–U+045F
 * (Russian and Belarusian letters). 0 for anything else. */
static size_t plain_char(const char *s, size_t len, size_t i)
{
	unsigned char b = (unsigned char)s[i];
	if (b < 0x80)
		return 1;
	if (i + 1 < len && (b == 0xD0 || (b == 0xD1 && (unsigned char)s[i + 1] < 0xA0)) &&
	    ((unsigned char)s[i + 1] & 0xC0) == 0x80)
		return 2;
	return 0;
}

/* Lower case, in place, of a run of plain characters: A–Z, and Cyrillic
 * capitals U+0400–U+040F → U+0450–U+045F, U+0410–U+042F → U+0430–U+044F. */
static void fold_plain(char *d, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		unsigned char b = (unsigned char)d[k];
		if (b >= 'A' && b <= 'Z') {
			d[k] = (char)(b + 32);
		} else if (b == 0xD0 && k + 1 < n) {
			unsigned char c = (unsigned char)d[k + 1];
			if (c >= 0x80 && c <= 0x8F)
				d[k] = (char)0xD1, d[k + 1] = (char)(c + 0x10);
			else if (c >= 0x90 && c <= 0x9F)
				d[k + 1] = (char)(c + 0x20);
			else if (c >= 0xA0 && c <= 0xAF)
				d[k] = (char)0xD1, d[k + 1] = (char)(c - 0x20);
			k++;
		} else if (b >= 0x80) {
			k++; /* a lower-case Cyrillic letter: two bytes */
		}
	}
}

/* utf8proc_map with opt over s, run by run: runs of plain characters (ASCII,
 * basic Cyrillic) are copied (lowered when fold), only the stretches of other
 * characters go through utf8proc. Most text is such runs with a curly quote
 * or a dash in every other sentence, and mapping a whole sentence for one
 * quote cost most of the time. The result is the same: plain characters are
 * starters that compose with nothing before them and fold on their own, so
 * normalization never acts across one — except that the character just
 * before another stretch may take a combining mark ("e" + U+0301), so it goes
 * with the stretch. NULL on invalid UTF-8, as utf8proc_map. */
static char *map_runs(const char *s, size_t len, size_t *out_len, utf8proc_option_t opt, int fold)
{
	sr_buf d;
	sr_buf_init(&d, SIZE_MAX / 2); /* no cap of its own, as utf8proc_map */
	size_t i = 0;
	while (i < len) {
		size_t a = i, last = i, n;
		while (i < len && (n = plain_char(s, len, i)) > 0)
			last = i, i += n;
		size_t keep = i < len && i > a ? last : i; /* the last one goes with the stretch */
		if (sr_buf_append(&d, s + a, keep - a) < 0)
			goto fail;
		if (fold)
			fold_plain(d.p + d.len - (keep - a), keep - a);
		if (i >= len)
			break;
		size_t b = keep;
		while (i < len && plain_char(s, len, i) == 0)
			i++;
		utf8proc_uint8_t *m = NULL;
		utf8proc_ssize_t mn = utf8proc_map((const utf8proc_uint8_t *)s + b, (utf8proc_ssize_t)(i - b), &m, opt);
		if (mn < 0)
			goto fail;
		int rc = sr_buf_append(&d, m, (size_t)mn);
		free(m);
		if (rc < 0)
			goto fail;
	}
	return sr_buf_detach(&d, out_len);
fail:
	sr_buf_cleanup(&d);
	return NULL;
}

char *sr_text_nfc(const char *s, size_t len, size_t *out_len)
{
	return map_runs(s, len, out_len, UTF8PROC_STABLE | UTF8PROC_COMPOSE, 0);
}

char *sr_text_fold(const char *s, size_t len, size_t *out_len)
{
	return map_runs(s, len, out_len, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD, 1);
}

/* Decode one code point at s[*i]; invalid bytes read as U+FFFD, one byte. */
static utf8proc_int32_t next_cp(const char *s, size_t len, size_t *i)
{
	unsigned char c = (unsigned char)s[*i];
	if (c < 0x80) {
		(*i)++;
		return c;
	}
	const unsigned char *p = (const unsigned char *)s + *i;
	switch (common_seq(p, len - *i)) {
	case 2:
		*i += 2;
		return (utf8proc_int32_t)((p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu));
	case 3:
		*i += 3;
		return (utf8proc_int32_t)((p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu));
	default:
		break;
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate(p, (utf8proc_ssize_t)(len - *i), &cp);
	if (n < 0) {
		(*i)++;
		return 0xFFFD;
	}
	*i += (size_t)n;
	return cp;
}

/* Code point before s[i] (i > 0); *start gets its offset. */
static utf8proc_int32_t prev_cp(const char *s, size_t i, size_t *start)
{
	size_t j = i;
	do
		j--;
	while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80 && i - j < 4);
	size_t k = j;
	utf8proc_int32_t cp = next_cp(s, i, &k);
	if (start)
		*start = j;
	return cp;
}

static int is_letter(utf8proc_int32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static int is_upper(utf8proc_int32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z';
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU || utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

static int is_digit(utf8proc_int32_t cp)
{
	return cp >= '0' && cp <= '9';
}

static int is_mark(utf8proc_int32_t cp)
{
	if (cp < 0x300)
		return 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC;
}

static int is_word_cp(utf8proc_int32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z' ? 1 : is_digit(cp) || cp == '_';
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static int is_space_cp(utf8proc_int32_t cp)
{
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v')
		return 1;
	if (cp < 0x80)
		return 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_ZS || cp == 0x2028 || cp == 0x2029;
}

int sr_text_has_word(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len)
		if (is_word_cp(next_cp(s, len, &i)))
			return 1;
	return 0;
}

size_t sr_text_word_count(const char *s, size_t len)
{
	size_t n = 0, i = 0;
	int in = 0;
	while (i < len) {
		int w = is_word_cp(next_cp(s, len, &i));
		if (w && !in)
			n++;
		in = w;
	}
	return n;
}

/* ---- language ------------------------------------------------------------- */

/* English function words, packed as little-endian integers of their
 * lower-case letters (a word of up to eight letters is one uint64_t, its
 * length implied by its highest non-zero byte): one switch over constants,
 * which the compiler turns into a handful of compares. This runs on every
 * word of a language sample. */
#define W1(a) ((uint64_t)(a))
#define W2(a, b) (W1(a) | (uint64_t)(b) << 8)
#define W3(a, b, c) (W2(a, b) | (uint64_t)(c) << 16)
#define W4(a, b, c, d) (W3(a, b, c) | (uint64_t)(d) << 24)
#define W5(a, b, c, d, e) (W4(a, b, c, d) | (uint64_t)(e) << 32)
static int is_en_stop(uint64_t packed)
{
	switch (packed) {
	case W1('a'):
	case W2('o', 'f'): case W2('t', 'o'): case W2('i', 'n'): case W2('i', 's'): case W2('o', 'n'):
	case W2('a', 's'): case W2('b', 'y'): case W2('a', 't'): case W2('i', 't'): case W2('b', 'e'):
	case W2('a', 'n'): case W2('o', 'r'):
	case W3('t', 'h', 'e'): case W3('a', 'n', 'd'): case W3('f', 'o', 'r'): case W3('w', 'a', 's'):
	case W3('h', 'a', 's'): case W3('a', 'r', 'e'): case W3('i', 't', 's'): case W3('n', 'o', 't'):
	case W3('h', 'i', 's'): case W3('h', 'e', 'r'): case W3('b', 'u', 't'):
	case W4('t', 'h', 'a', 't'): case W4('w', 'i', 't', 'h'): case W4('f', 'r', 'o', 'm'):
	case W4('h', 'a', 'v', 'e'): case W4('t', 'h', 'i', 's'): case W4('w', 'e', 'r', 'e'):
	case W4('w', 'i', 'l', 'l'): case W4('s', 'a', 'i', 'd'): case W4('t', 'h', 'e', 'y'):
	case W4('a', 'l', 's', 'o'):
	case W5('w', 'h', 'i', 'c', 'h'): case W5('w', 'o', 'u', 'l', 'd'): case W5('t', 'h', 'e', 'i', 'r'):
	case W5('a', 'f', 't', 'e', 'r'):
		return 1;
	default:
		return 0;
	}
}

static inline int ascii_letter(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26u;
}

/* The ASCII letters from s[i] on (s[i] is one): the index after them, and
 * in *packed the lower-case word when it is at most five letters, else 0.
 * Eight bytes are looked at together where the text has them: a word
 * costs a few instructions instead of a few per letter. */
static size_t ascii_run(const char *s, size_t len, size_t i, uint64_t *packed)
{
	size_t st = i;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	while (len - i >= 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		/* bit 7 of a byte set where the byte is an ASCII letter: folded
		 * to lower case without its top bit, then compared with 'a' and
		 * 'z' by adding to each byte (no carry crosses a byte) */
		uint64_t y = (x | 0x20 * ones) & ~high;
		uint64_t letters = (y + (0x80 - 'a') * ones) & ~(y + (0x80 - 'z' - 1) * ones) & ~x & high;
		uint64_t other = ~letters & high;
		if (!other) {
			i += 8;
			continue;
		}
		size_t k = (size_t)__builtin_ctzll(other) / 8;
		i += k;
		*packed = i - st <= 5 ? (x | 0x20 * ones) & ((1ull << (8 * k)) - 1) : 0;
		return i;
	}
#endif
	uint64_t v = 0;
	for (; i < len && ascii_letter((unsigned char)s[i]); i++)
		if (i - st < 8)
			v |= (uint64_t)((unsigned char)s[i] | 0x20) << (8 * (i - st));
	*packed = i - st <= 5 ? v : 0;
	return i;
}

const char *sr_text_language(const char *s, size_t len)
{
	/* Look at a bounded prefix: language is settled long before 64 KB. */
	if (len > 65536)
		len = 65536;
	size_t latin = 0, cyr = 0, words = 0, stops = 0;
	size_t be_only = 0; /* і ў — Belarusian (і also Ukrainian) */
	size_t uk_only = 0; /* ї є ґ */
	size_t ru_only = 0; /* и щ ъ — not Belarusian */
	size_t ry = 0;      /* ы э — Russian and Belarusian, not Ukrainian */
	size_t i = 0;
	int inword = 0;
	uint64_t packed = 0; /* the word so far while it is short ASCII letters, else 0 */
	size_t next_check = 256;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (ascii_letter(c)) {
			/* a run of ASCII letters, most of most samples: no decoding */
			uint64_t v;
			size_t st = i;
			i = ascii_run(s, len, i, &v);
			latin += i - st;
			packed = inword ? 0 : v;
			inword = 1;
			continue;
		}
		utf8proc_int32_t cp;
		int letter;
		if (c < 0x80) {
			cp = c;
			letter = 0;
			i++;
		} else {
			cp = next_cp(s, len, &i);
			letter = is_letter(cp);
		}
		if (letter) {
			if (cp < 0x250)
				latin++;
			else if (cp >= 0x400 && cp <= 0x4FF) {
				cyr++;
				utf8proc_int32_t l = cp >= 0x410 && cp <= 0x42F ? cp + 0x20 : cp;
				if (cp == 0x406 || cp == 0x40E)
					l = cp + 0x50;
				if (l == 0x456 || l == 0x45E)
					be_only++;
				else if (l == 0x457 || l == 0x454 || l == 0x491 || cp == 0x407 || cp == 0x404 || cp == 0x490)
					uk_only++;
				else if (l == 0x438 || l == 0x449 || l == 0x44A)
					ru_only++;
				else if (l == 0x44B || l == 0x44D)
					ry++;
			}
			inword = 1;
			packed = 0; /* not all ASCII */
		} else if (inword) {
			words++;
			stops += packed && is_en_stop(packed);
			inword = 0;
			packed = 0;
			/* Settled already? English is the answer once the rest of
			 * the sample can neither outnumber the Latin letters with
			 * Cyrillic ones (two bytes each) nor bring the function
			 * words under their share were every word to come another
			 * (a word and its separator take two bytes): the answer
			 * reading on would give, after half the reading for most
			 * articles. */
			if (i >= next_check) {
				size_t rest = len - i;
				if (latin + cyr >= 20 && cyr + rest / 2 < latin &&
				    stops * 100 >= (words + (rest + 1) / 2) * 8)
					return "en";
				next_check = i + 128;
			}
		}
	}
	if (inword) {
		words++;
		stops += packed && is_en_stop(packed);
	}
	if (latin + cyr < 20)
		return "und";
	if (cyr > latin) {
		if (uk_only * 4 > cyr / 50 + 1 && ry * 2 < uk_only + 1)
			return "uk";
		if (be_only > ru_only)
			return "be";
		return "ru";
	}
	/* Latin script: English only if its function words are there. */
	return stops * 100 >= words * 8 ? "en" : "und";
}

/* ---- sentences ------------------------------------------------------------ */

struct sr_sentencer {
	const char *s;
	size_t len, pos;
};

sr_sentencer *sr_sentencer_new(const char *text, size_t len)
{
	sr_sentencer *z = calloc(1, sizeof *z);
	if (z) {
		z->s = text;
		z->len = len;
	}
	return z;
}

void sr_sentencer_free(sr_sentencer *z)
{
	free(z);
}

/* A listed word with its length, so a look-up (for every full stop
 * followed by a capital) compares lengths before bytes. */
typedef struct listed_word {
	const char *w;
	size_t n;
} listed_word;
#define W(s) {s, sizeof(s) - 1}

/* Words that a full stop follows without ending the sentence. Compared
 * case-sensitively after stripping the dot; lower-case English words are
 * rare abbreviations, so they are listed as they appear. */
static const listed_word abbrevs[] = {
	W("Mr"), W("Mrs"), W("Ms"), W("Dr"), W("Prof"), W("Gen"), W("Lt"), W("Col"), W("Maj"),
	W("Capt"), W("Sgt"), W("Adm"), W("Brig"), W("Cmdr"), W("Cdr"), W("Gov"), W("Sen"),
	W("Rep"), W("Rev"), W("St"), W("Jr"), W("Sr"), W("No"), W("Nos"), W("Nr"), W("vs"),
	W("etc"), W("Inc"), W("Ltd"), W("Co"), W("Corp"), W("Dept"), W("Fig"), W("Jan"), W("Feb"),
	W("Mar"), W("Apr"), W("Jun"), W("Jul"), W("Aug"), W("Sep"), W("Sept"), W("Oct"), W("Nov"),
	W("Dec"), W("approx"), W("cf"), W("al"), W("Mt"), W("Ft"), W("Pres"), W("Amb"), W("Hon"),
	W("Gens"), W("Pvt"), W("Cpl"), W("Mgr"), W("Messrs"), W("Art"), W("para"), W("pp"),
	W("vol"), W("Vol"), W("ed"), W("eds"), W("i.e"), W("e.g"), W("a.m"), W("p.m"),
	/* Russian / Belarusian */
	W("г"), W("гг"), W("т"), W("д"), W("им"), W("ул"), W("тыс"), W("млн"), W("млрд"), W("руб"),
	W("см"), W("стр"), W("ген"), W("проф"),
};

/* Sentence starters after which "U.S." or "etc." at the end of a clause
 * still ends the sentence. */
static const listed_word starters[] = {
	W("The"), W("This"), W("That"), W("These"), W("Those"), W("He"), W("She"), W("It"),
	W("They"), W("We"), W("I"), W("In"), W("On"), W("At"), W("But"), W("However"),
	W("Meanwhile"), W("Moreover"), W("According"), W("A"), W("An"), W("As"), W("If"),
	W("When"), W("While"), W("There"), W("Its"), W("His"), W("Her"), W("Their"), W("Our"),
	W("Such"), W("Yet"), W("Still"), W("Also"),
};

#define LISTED_MAX 9 /* bytes of the longest listed word ("Meanwhile"; "млрд" is 8) */

/* A list indexed by first byte: every full stop before a capital asks up
 * to three look-ups, and a walk over the ~100 abbreviations was a third of
 * the sentencer's time. */
typedef struct listed_index {
	const listed_word *list;
	size_t count;
	unsigned char order[128];  /* the list's indexes, grouped by first byte */
	unsigned char from[257];   /* byte b: order[from[b] .. from[b + 1]) */
} listed_index;
static listed_index abbrev_index = {abbrevs, sizeof abbrevs / sizeof abbrevs[0], {0}, {0}};
static listed_index starter_index = {starters, sizeof starters / sizeof starters[0], {0}, {0}};
_Static_assert(sizeof abbrevs / sizeof abbrevs[0] <= 128 && sizeof starters / sizeof starters[0] <= 128,
	       "listed words are indexed by byte");
static pthread_once_t listed_once = PTHREAD_ONCE_INIT;

static void index_list(listed_index *x)
{
	unsigned count[256] = {0};
	for (size_t k = 0; k < x->count; k++)
		count[(unsigned char)x->list[k].w[0]]++;
	for (int b = 0; b < 256; b++)
		x->from[b + 1] = (unsigned char)(x->from[b] + count[b]);
	unsigned char fill[256];
	memcpy(fill, x->from, sizeof fill);
	for (size_t k = 0; k < x->count; k++)
		x->order[fill[(unsigned char)x->list[k].w[0]]++] = (unsigned char)k;
}

static void index_lists(void)
{
	index_list(&abbrev_index);
	index_list(&starter_index);
}

static int word_in(const char *w, size_t n, listed_index *x)
{
	if (n == 0 || n > LISTED_MAX)
		return 0;
	pthread_once(&listed_once, index_lists);
	unsigned char b = (unsigned char)w[0];
	for (size_t k = x->from[b]; k < x->from[b + 1]; k++) {
		const listed_word *e = &x->list[x->order[k]];
		if (e->n == n && !memcmp(w, e->w, n))
			return 1;
	}
	return 0;
}

/* The word that ends at s[end) (end is the dot's offset): its start. */
static size_t word_start(const char *s, size_t end)
{
	size_t i = end;
	while (i > 0) {
		unsigned char b = (unsigned char)s[i - 1];
		if (b < 0x80) { /* ASCII: no decoding */
			if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
			      b == '.' || b == '-'))
				break;
			i--;
			continue;
		}
		size_t st;
		utf8proc_int32_t cp = prev_cp(s, i, &st);
		if (!(is_letter(cp) || is_digit(cp) || cp == '.' || cp == '-' || is_mark(cp)))
			break;
		i = st;
	}
	return i;
}

static int ends_abbrev(const char *s, size_t dot, const char *next, size_t nextlen)
{
	size_t ws = word_start(s, dot);
	const char *w = s + ws;
	size_t n = dot - ws;
	if (n == 0)
		return 0;
	/* Maj.-Gen → the last part after '-' is the word ("Gen"); an inner dot
	 * marks an abbreviation chain (U.S, Maj.-Gen, i.e). */
	const char *last = w;
	for (size_t k = 0; k < n; k++)
		if (w[k] == '-' || w[k] == '.')
			last = w + k + 1;
	size_t lastn = (size_t)(w + n - last);
	int chain = memchr(w, '.', n) != NULL;
	size_t k = 0;
	utf8proc_int32_t first = next_cp(last, lastn, &k);
	int single = lastn > 0 && k == lastn && is_letter(first); /* an initial: "V." */
	int listed = word_in(last, lastn, &abbrev_index) || word_in(w, n, &abbrev_index);
	if (!(chain || single || listed))
		return 0;
	/* A known sentence starter after a chain like "U.S." means the sentence ended. */
	if ((chain && !listed) && next && word_in(next, nextlen, &starter_index))
		return 0;
	/* An initial of a lower-case run is no initial ("in plan b."): only capitals. */
	if (single && !listed && !chain && !is_upper(first))
		return 0;
	return 1;
}

static int is_closer(utf8proc_int32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
	       cp == 0xBB || cp == 0x201C;
}

static int is_opener(utf8proc_int32_t cp)
{
	return cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == 0x201C || cp == 0x2018 ||
	       cp == 0xAB || cp == 0x201E;
}

/* Bytes where the sentencer must look closer. */
static const unsigned char stop_byte[256] = {
	['\n'] = 1, ['.'] = 1, ['!'] = 1, ['?'] = 1, [0xE2] = 1,
};

/* The first byte at or after i that stop_byte marks, or len. The text is
 * mostly long runs without one: with SSE2, 16 bytes are tested at once. */
static size_t next_stop(const char *s, size_t len, size_t i)
{
#ifdef __SSE2__
	while (i + 16 <= len) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i hit = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8('.'))),
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('!')),
						  _mm_cmpeq_epi8(v, _mm_set1_epi8('?'))),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2))));
		unsigned m = (unsigned)_mm_movemask_epi8(hit);
		if (m)
			return i + (size_t)__builtin_ctz(m);
		i += 16;
	}
#endif
	while (i < len && !stop_byte[(unsigned char)s[i]])
		i++;
	return i;
}

int sr_sentencer_next(sr_sentencer *z, sr_span *out)
{
	const char *s = z->s;
	size_t len = z->len, i = z->pos;
	/* skip leading white space */
	while (i < len) {
		size_t j = i;
		if (!is_space_cp(next_cp(s, len, &j)))
			break;
		i = j;
	}
	if (i >= len) {
		z->pos = len;
		return 0;
	}
	size_t start = i, end = len, resume = len;
	while (i < len) {
		/* Only these bytes can begin a terminator or a line end; no byte of
		 * a multi-byte character but 0xE2 (of "…") is among them. */
		i = next_stop(s, len, i);
		if (i >= len)
			break;
		size_t at = i;
		utf8proc_int32_t cp = next_cp(s, len, &i);
		if (cp == '\n') {
			/* a blank line always ends a sentence */
			size_t j = i;
			while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
				j++;
			if (j < len && s[j] == '\n') {
				end = at;
				resume = j;
				break;
			}
			continue;
		}
		if (cp != '.' && cp != '!' && cp != '?' && cp != 0x2026)
			continue;
		/* swallow repeated terminators and closing quotes/brackets */
		size_t j = i;
		while (j < len) {
			size_t k = j;
			utf8proc_int32_t c2 = next_cp(s, len, &k);
			if (c2 == '.' || c2 == '!' || c2 == '?' || c2 == 0x2026 || is_closer(c2))
				j = k;
			else
				break;
		}
		if (j >= len) {
			end = j;
			resume = j;
			break;
		}
		/* must be followed by white space … */
		size_t k = j;
		if (!is_space_cp(next_cp(s, len, &k)))
			continue;
		while (k < len) {
			size_t m = k;
			if (!is_space_cp(next_cp(s, len, &m)))
				break;
			k = m;
		}
		if (k >= len) {
			end = j;
			resume = k;
			break;
		}
		/* … then by what can start a sentence */
		size_t m = k;
		utf8proc_int32_t nx = next_cp(s, len, &m);
		while (is_opener(nx) && m < len) {
			nx = next_cp(s, len, &m);
		}
		if (!(is_upper(nx) || is_digit(nx) || (nx >= 0x400 && nx <= 0x42F)))
			continue;
		if (cp == '.') {
			size_t we = k;
			while (we < len && (is_letter((unsigned char)s[we]) || (unsigned char)s[we] >= 0x80) &&
			       !is_space_cp((unsigned char)s[we]) && s[we] != '.' && s[we] != ',')
				we++;
			if (ends_abbrev(s, at, s + k, we - k))
				continue;
		}
		end = j;
		resume = k;
		break;
	}
	/* trim trailing white space */
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\n' || s[end - 1] == '\t' || s[end - 1] == '\r'))
		end--;
	out->start = start;
	out->end = end;
	z->pos = resume;
	return 1;
}

/* ---- tokens --------------------------------------------------------------- */

int sr_token_next(const char *s, size_t len, size_t *pos, sr_token *tok)
{
	size_t i = *pos;
	utf8proc_int32_t cp = 0;
	size_t at = i;
	while (i < len) {
		at = i;
		cp = next_cp(s, len, &i);
		if (!is_space_cp(cp))
			break;
	}
	if (i >= len && (at >= len || is_space_cp(cp))) {
		*pos = len;
		return 0;
	}
	tok->start = at;
	if (is_word_cp(cp) || is_mark(cp)) {
		int number = is_digit(cp);
		size_t end = i;
		while (i < len) {
			unsigned char b = (unsigned char)s[i];
			if (b < 0x80 && b != '\'' && b != '-' && b != '.' && b != ',') { /* the common case */
				if (!is_word_cp(b))
					break;
				if (!is_digit(b))
					number = 0;
				i = end = i + 1;
				continue;
			}
			size_t j = i;
			utf8proc_int32_t c = next_cp(s, len, &j);
			if (is_word_cp(c) || is_mark(c)) {
				if (!is_digit(c))
					number = 0;
				i = end = j;
				continue;
			}
			/* inner joiners: don't, Maj.-Gen, U.S., 12,000, 3.5 */
			if (c == '\'' || c == 0x2019 || c == '-' || c == '.' || (c == ',' && number)) {
				size_t k = j;
				if (k < len) {
					utf8proc_int32_t c2 = next_cp(s, len, &k);
					if (is_word_cp(c2) && (c != ',' || is_digit(c2))) {
						i = end = j;
						continue;
					}
					if (c == '.' && c2 == '-') { /* "Maj.-Gen" */
						i = end = j;
						continue;
					}
				}
			}
			break;
		}
		tok->end = end;
		tok->kind = number ? SR_TOK_NUMBER : SR_TOK_WORD;
		*pos = end;
		return 1;
	}
	tok->end = i;
	tok->kind = SR_TOK_PUNCT;
	*pos = i;
	return 1;
}
