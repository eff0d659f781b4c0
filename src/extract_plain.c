/* extract_plain.c — main text and metadata from scraped plain text.
 *
 * One pass cuts the text into lines and gives each cheap features: words,
 * share of function words, whether it ends a sentence, boilerplate
 * vocabulary (subscribe, newsletter, read more, cookies, related articles,
 * language switches — one signal among several, weighed against the line's
 * length and its other words), and shapes recognised at its start (a week
 * period, a date line, the analysts' label, "Key: value" metadata, an image
 * credit). From those kinds:
 *   - the body starts at the first real paragraph (long, sentence-like) and
 *     ends at the last paragraph before trailing boilerplate (a hard marker
 *     such as "Similar articles", a date line that starts the next teaser, or
 *     a boilerplate line not followed by several real paragraphs);
 *   - the headline is the best-scored short line before the body (repeated,
 *     title-shaped, early); metadata comes from the lines around it.
 * No line is matched against one site's strings: every rule is a feature a
 * page of another site shares. */
#define _GNU_SOURCE /* memrchr, memmem */
#include "extract_plain.h"

#include <pthread.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "datex.h"
#include "publications.h"
#include "util/buf.h"
#include "util/limits.h"

/* ---- vocabulary ----------------------------------------------------------- */

enum { W_FUNC = 1, W_NAV, W_STRONG, W_HARD, W_LANG };

/* Function words (en/ru/be) measure how much a
 * line reads like prose; the others are the vocabulary of page furniture:
 * navigation (weak alone), boilerplate (strong: newsletter, cookies) and the
 * markers that end an article (related/similar articles, comments, tags). */
static const struct lexent {
	const char *w;
	int cls;
} lexicon[] = {
	{"a", W_FUNC},
	{"about", W_NAV},
	{"accept", W_NAV},
	{"advertisement", W_STRONG},
	{"advertising", W_STRONG},
	{"all", W_FUNC},
	{"also", W_NAV},
	{"an", W_FUNC},
	{"and", W_FUNC},
	{"archive", W_NAV},
	{"are", W_FUNC},
	{"article", W_NAV},
	{"articles", W_NAV},
	{"as", W_FUNC},
	{"at", W_FUNC},
	{"back", W_NAV},
	{"be", W_NAV},
	{"been", W_FUNC},
	{"belarusian", W_LANG},
	{"but", W_FUNC},
	{"by", W_NAV},
	{"comment", W_HARD},
	{"comments", W_HARD},
	{"contact", W_NAV},
	{"contacts", W_NAV},
	{"continue", W_NAV},
	{"cookie", W_STRONG},
	{"cookies", W_STRONG},
	{"copyright", W_STRONG},
	{"donate", W_NAV},
	{"e-mail", W_NAV},
	{"email", W_NAV},
	{"en", W_NAV},
	{"english", W_LANG},
	{"facebook", W_NAV},
	{"follow", W_NAV},
	{"for", W_FUNC},
	{"from", W_FUNC},
	{"has", W_FUNC},
	{"have", W_FUNC},
	{"he", W_FUNC},
	{"her", W_FUNC},
	{"his", W_FUNC},
	{"home", W_NAV},
	{"i", W_FUNC},
	{"in", W_FUNC},
	{"instagram", W_NAV},
	{"is", W_FUNC},
	{"it", W_FUNC},
	{"its", W_FUNC},
	{"latest", W_NAV},
	{"linkedin", W_NAV},
	{"log", W_NAV},
	{"login", W_STRONG},
	{"logout", W_STRONG},
	{"menu", W_NAV},
	{"more", W_NAV},
	{"most", W_NAV},
	{"news", W_NAV},
	{"newsletter", W_STRONG},
	{"newsletters", W_STRONG},
	{"next", W_NAV},
	{"no", W_FUNC},
	{"not", W_FUNC},
	{"of", W_FUNC},
	{"on", W_FUNC},
	{"or", W_FUNC},
	{"our", W_FUNC},
	{"password", W_STRONG},
	{"pl", W_NAV},
	{"polski", W_LANG},
	{"popular", W_NAV},
	{"post", W_NAV},
	{"posts", W_NAV},
	{"prev", W_NAV},
	{"previous", W_NAV},
	{"print", W_NAV},
	{"read", W_NAV},
	{"reading", W_NAV},
	{"register", W_NAV},
	{"related", W_HARD},
	{"rss", W_NAV},
	{"ru", W_NAV},
	{"russian", W_LANG},
	{"search", W_NAV},
	{"share", W_NAV},
	{"she", W_FUNC},
	{"sign", W_NAV},
	{"signup", W_STRONG},
	{"similar", W_HARD},
	{"skip", W_NAV},
	{"sponsored", W_STRONG},
	{"stories", W_NAV},
	{"story", W_NAV},
	{"subscribe", W_STRONG},
	{"subscribed", W_STRONG},
	{"subscription", W_STRONG},
	{"subscriptions", W_STRONG},
	{"successfully", W_NAV},
	{"tagged", W_HARD},
	{"tags", W_HARD},
	{"telegram", W_NAV},
	{"that", W_FUNC},
	{"the", W_FUNC},
	{"their", W_FUNC},
	{"they", W_FUNC},
	{"this", W_FUNC},
	{"to", W_FUNC},
	{"top", W_NAV},
	{"tweet", W_NAV},
	{"twitter", W_NAV},
	{"ua", W_NAV},
	{"uk", W_NAV},
	{"unsubscribe", W_STRONG},
	{"us", W_FUNC},
	{"view", W_NAV},
	{"vk", W_NAV},
	{"was", W_FUNC},
	{"we", W_FUNC},
	{"were", W_FUNC},
	{"whatsapp", W_NAV},
	{"which", W_FUNC},
	{"will", W_FUNC},
	{"with", W_FUNC},
	{"would", W_FUNC},
	{"you", W_FUNC},
	{"your", W_FUNC},
	{"youtube", W_NAV},
	{"\xD0\xB0", W_FUNC}, /* а */
	{"\xD0\xB0\xD0\xB4", W_FUNC}, /* ад */
	{"\xD0\xB0\xD0\xBB\xD0\xB5", W_FUNC}, /* але */
	{"\xD0\xB0\xD1\x80\xD1\x82\xD1\x8B\xD0\xBA\xD1\x83\xD0\xBB\xD1\x8B", W_NAV}, /* артыкулы */
	{"\xD0\xB1\xD0\xB5\xD0\xBB\xD0\xB0\xD1\x80\xD1\x83\xD1\x81\xD0\xBA\xD0\xB0\xD1\x8F", W_LANG}, /* беларуская */
	{"\xD0\xB1\xD1\x8B", W_FUNC}, /* бы */
	{"\xD0\xB2", W_FUNC}, /* в */
	{"\xD0\xB2\xD0\xBE", W_FUNC}, /* во */
	{"\xD0\xB3\xD0\xB0\xD0\xBB\xD0\xBE\xD1\x9E\xD0\xBD\xD0\xB0\xD1\x8F", W_NAV}, /* галоўная */
	{"\xD0\xB3\xD0\xBB\xD0\xB0\xD0\xB2\xD0\xBD\xD0\xB0\xD1\x8F", W_NAV}, /* главная */
	{"\xD0\xB3\xD1\x8D\xD1\x82\xD0\xB0", W_FUNC}, /* гэта */
	{"\xD0\xB4\xD0\xB0", W_FUNC}, /* да */
	{"\xD0\xB4\xD0\xB0\xD0\xBB\xD0\xB5\xD0\xB5", W_NAV}, /* далее */
	{"\xD0\xB4\xD0\xB0\xD0\xBB\xD0\xB5\xD0\xB9", W_NAV}, /* далей */
	{"\xD0\xB4\xD0\xBB\xD1\x8F", W_FUNC}, /* для */
	{"\xD0\xB4\xD0\xBE", W_FUNC}, /* до */
	{"\xD0\xB5\xD0\xB3\xD0\xBE", W_FUNC}, /* его */
	{"\xD0\xB5\xD1\x89\xD0\xB5", W_NAV}, /* еще */
	{"\xD0\xB5\xD1\x89\xD1\x91", W_NAV}, /* ещё */
	{"\xD0\xB5\xD1\x91", W_FUNC}, /* её */
	{"\xD0\xB6\xD0\xB5", W_FUNC}, /* же */
	{"\xD0\xB7", W_FUNC}, /* з */
	{"\xD0\xB7\xD0\xB0", W_FUNC}, /* за */
	{"\xD0\xB8", W_FUNC}, /* и */
	{"\xD0\xB8\xD0\xB7", W_FUNC}, /* из */
	{"\xD0\xB8\xD1\x85", W_FUNC}, /* их */
	{"\xD0\xBA", W_FUNC}, /* к */
	{"\xD0\xBA\xD0\xB0\xD0\xBA", W_FUNC}, /* как */
	{"\xD0\xBA\xD0\xB0\xD0\xBC\xD0\xB5\xD0\xBD\xD1\x82\xD0\xB0\xD1\x80\xD1\x8B", W_HARD}, /* каментары */
	{"\xD0\xBA\xD0\xBE\xD0\xBC\xD0\xBC\xD0\xB5\xD0\xBD\xD1\x82\xD0\xB0\xD1\x80\xD0\xB8\xD0\xB8", W_HARD}, /* комментарии */
	{"\xD0\xBB\xD0\xB8", W_FUNC}, /* ли */
	{"\xD0\xBC\xD0\xB5\xD0\xBD\xD1\x8E", W_NAV}, /* меню */
	{"\xD0\xBD\xD0\xB0", W_FUNC}, /* на */
	{"\xD0\xBD\xD0\xB0\xD0\xB2\xD1\x96\xD0\xBD\xD1\x8B", W_NAV}, /* навіны */
	{"\xD0\xBD\xD0\xB5", W_FUNC}, /* не */
	{"\xD0\xBD\xD0\xBE", W_FUNC}, /* но */
	{"\xD0\xBD\xD0\xBE\xD0\xB2\xD0\xBE\xD1\x81\xD1\x82\xD0\xB8", W_NAV}, /* новости */
	{"\xD0\xBE", W_FUNC}, /* о */
	{"\xD0\xBE\xD1\x82", W_FUNC}, /* от */
	{"\xD0\xBF\xD0\xB0", W_FUNC}, /* па */
	{"\xD0\xBF\xD0\xB0\xD0\xB4\xD0\xB7\xD1\x8F\xD0\xBB\xD1\x96\xD1\x86\xD1\x86\xD0\xB0", W_NAV}, /* падзяліцца */
	{"\xD0\xBF\xD0\xB0\xD0\xB4\xD0\xBF\xD1\x96\xD1\x81\xD0\xB0\xD1\x86\xD1\x86\xD0\xB0", W_STRONG}, /* падпісацца */
	{"\xD0\xBF\xD0\xB0\xD0\xB4\xD0\xBF\xD1\x96\xD1\x81\xD0\xBA\xD0\xB0", W_STRONG}, /* падпіска */
	{"\xD0\xBF\xD0\xB0\xD0\xB4\xD0\xBF\xD1\x96\xD1\x88\xD1\x8B\xD1\x86\xD0\xB5\xD1\x81\xD1\x8F", W_STRONG}, /* падпішыцеся */
	{"\xD0\xBF\xD0\xBE", W_FUNC}, /* по */
	{"\xD0\xBF\xD0\xBE\xD0\xB4\xD0\xB5\xD0\xBB\xD0\xB8\xD1\x82\xD1\x8C\xD1\x81\xD1\x8F", W_NAV}, /* поделиться */
	{"\xD0\xBF\xD0\xBE\xD0\xB4\xD0\xBF\xD0\xB8\xD1\x81\xD0\xB0\xD1\x82\xD1\x8C\xD1\x81\xD1\x8F", W_STRONG}, /* подписаться */
	{"\xD0\xBF\xD0\xBE\xD0\xB4\xD0\xBF\xD0\xB8\xD1\x81\xD0\xBA\xD0\xB0", W_STRONG}, /* подписка */
	{"\xD0\xBF\xD0\xBE\xD0\xB4\xD0\xBF\xD0\xB8\xD1\x88\xD0\xB8\xD1\x82\xD0\xB5\xD1\x81\xD1\x8C", W_STRONG}, /* подпишитесь */
	{"\xD0\xBF\xD0\xBE\xD0\xB8\xD1\x81\xD0\xBA", W_NAV}, /* поиск */
	{"\xD0\xBF\xD0\xBE\xD1\x85\xD0\xBE\xD0\xB6\xD0\xB8\xD0\xB5", W_HARD}, /* похожие */
	{"\xD0\xBF\xD0\xBE\xD1\x88\xD1\x83\xD0\xBA", W_NAV}, /* пошук */
	{"\xD0\xBF\xD1\x80\xD0\xB8", W_FUNC}, /* при */
	{"\xD0\xBF\xD1\x80\xD1\x8B", W_FUNC}, /* пры */
	{"\xD1\x80\xD0\xB0\xD1\x81\xD1\x81\xD1\x8B\xD0\xBB\xD0\xBA\xD0\xB0", W_STRONG}, /* рассылка */
	{"\xD1\x80\xD0\xB5\xD0\xBA\xD0\xBB\xD0\xB0\xD0\xBC\xD0\xB0", W_STRONG}, /* реклама */
	{"\xD1\x80\xD1\x83\xD1\x81\xD1\x81\xD0\xBA\xD0\xB0\xD1\x8F", W_LANG}, /* русская */
	{"\xD1\x80\xD1\x83\xD1\x81\xD1\x81\xD0\xBA\xD0\xB8\xD0\xB9", W_LANG}, /* русский */
	{"\xD1\x80\xD1\x8D\xD0\xBA\xD0\xBB\xD0\xB0\xD0\xBC\xD0\xB0", W_STRONG}, /* рэклама */
	{"\xD1\x81", W_FUNC}, /* с */
	{"\xD1\x81\xD0\xB0", W_FUNC}, /* са */
	{"\xD1\x81\xD0\xBE", W_FUNC}, /* со */
	{"\xD1\x81\xD1\x82\xD0\xB0\xD1\x82\xD1\x8C\xD0\xB8", W_NAV}, /* статьи */
	{"\xD1\x82\xD0\xB0\xD0\xBA", W_FUNC}, /* так */
	{"\xD1\x82\xD0\xB0\xD0\xBA\xD0\xB6\xD0\xB5", W_FUNC}, /* также */
	{"\xD1\x82\xD0\xB0\xD0\xBA\xD1\x81\xD0\xB0\xD0\xBC\xD0\xB0", W_FUNC}, /* таксама */
	{"\xD1\x82\xD0\xB5\xD0\xB3\xD0\xB8", W_HARD}, /* теги */
	{"\xD1\x82\xD1\x8D\xD0\xB3\xD1\x96", W_HARD}, /* тэгі */
	{"\xD1\x83", W_FUNC}, /* у */
	{"\xD1\x83\xD0\xBA\xD1\x80\xD0\xB0\xD1\x97\xD0\xBD\xD1\x81\xD1\x8C\xD0\xBA\xD0\xB0", W_LANG}, /* українська */
	{"\xD1\x86\xD1\x96", W_FUNC}, /* ці */
	{"\xD1\x87\xD0\xB8\xD1\x82\xD0\xB0\xD0\xB9\xD1\x82\xD0\xB5", W_NAV}, /* читайте */
	{"\xD1\x87\xD0\xB8\xD1\x82\xD0\xB0\xD1\x82\xD1\x8C", W_NAV}, /* читать */
	{"\xD1\x87\xD1\x82\xD0\xBE", W_FUNC}, /* что */
	{"\xD1\x87\xD1\x8B\xD1\x82\xD0\xB0\xD0\xB9\xD1\x86\xD0\xB5", W_NAV}, /* чытайце */
	{"\xD1\x87\xD1\x8B\xD1\x82\xD0\xB0\xD1\x86\xD1\x8C", W_NAV}, /* чытаць */
	{"\xD1\x88\xD1\x82\xD0\xBE", W_FUNC}, /* што */
	{"\xD1\x8D\xD1\x82\xD0\xBE", W_FUNC}, /* это */
	{"\xD1\x8F\xD0\xB3\xD0\xBE", W_FUNC}, /* яго */
	{"\xD1\x8F\xD0\xBA", W_FUNC}, /* як */
	{"\xD1\x96", W_FUNC}, /* і */
	{"\xD1\x96\xD1\x85", W_FUNC}, /* іх */
	{"\xD1\x9E", W_FUNC}, /* ў */
};

/* A word list as an open-addressed hash table, built once: a lookup per
 * word of every short line must cost a hash and one compare, not a search.
 * Words are looked up by length, so the folded copy needs no terminator
 * scan and most misses end at the length test. */
#define LEX_SLOTS 1024
typedef struct lextab {
	const struct lexent *e;
	short slot[LEX_SLOTS];        /* index + 1 into e; 0 for an empty slot */
	unsigned char len[LEX_SLOTS]; /* the length of the word in a used slot */
} lextab;
static lextab lex_tab, trailer_tab;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

/* Eight bytes mixed at a time: a byte-at-a-time hash was a chain of a
 * multiply per letter on every word looked up. */
static unsigned lex_hash(const char *w, size_t n)
{
	const uint64_t k = 0x9E3779B97F4A7C15ull;
	uint64_t h = n * k;
	for (; n >= 8; w += 8, n -= 8) {
		uint64_t x;
		memcpy(&x, w, 8);
		h = (h ^ x) * k;
		h ^= h >> 29;
	}
	uint64_t x = 0;
	for (size_t i = 0; i < n; i++)
		x |= (uint64_t)(unsigned char)w[i] << (8 * i);
	h = (h ^ x) * k;
	return (unsigned)(h >> 40);
}

static void tab_build(lextab *t, const struct lexent *e, size_t n)
{
	t->e = e;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(e[i].w);
		unsigned h = lex_hash(e[i].w, len) & (LEX_SLOTS - 1);
		while (t->slot[h])
			h = (h + 1) & (LEX_SLOTS - 1);
		t->slot[h] = (short)(i + 1);
		t->len[h] = (unsigned char)len;
	}
}

/* The class of w[0..n) in t, 0 when it is not there. */
static int tab_class(const lextab *t, const char *w, size_t n)
{
	for (unsigned h = lex_hash(w, n) & (LEX_SLOTS - 1); t->slot[h]; h = (h + 1) & (LEX_SLOTS - 1)) {
		const struct lexent *e = &t->e[t->slot[h] - 1];
		if (t->len[h] == n && !memcmp(e->w, w, n))
			return e->cls;
	}
	return 0;
}

static void trailer_build(void);

static void lex_build(void)
{
	tab_build(&lex_tab, lexicon, sizeof lexicon / sizeof lexicon[0]);
	trailer_build();
}

/* The entry points (sr_plain_extract, sr_plain_body_meta) build the tables
 * once; a lookup then costs no call. w[0..n) is folded (fold_word). */
static int lex_class(const char *w, size_t n)
{
	return tab_class(&lex_tab, w, n);
}

/* Spheres (sections) of analytical services, for "Security: <headline>"
 * and for a sphere line near the headline. */
static const struct sphere {
	const char *s;
	size_t n;
} spheres[] = {
#define S(x) {x, sizeof x - 1}
	S("security"), S("security issues"), S("defence"), S("defense"), S("military"), S("economy"),
	S("economics"), S("politics"), S("domestic policy"), S("domestic politics"),
	S("internal policy"), S("foreign policy"), S("international relations"), S("society"),
	S("society and politics"), S("civil society"), S("opposition"), S("the ruling elite"),
	S("ruling elite"), S("belarus-russia relations"), S("belarus-west relations"),
	S("belarus-eu relations"), S("belarus-ukraine relations"), S("belarus-china relations"),
	S("belarus-us relations"), S("energy"), S("human rights"), S("regions"),
#undef S
};

static int ascii_ieq(const char *a, size_t an, const char *b, size_t bn)
{
	if (an != bn)
		return 0;
	for (size_t i = 0; i < an; i++) {
		unsigned char x = (unsigned char)a[i];
		if (x >= 'A' && x <= 'Z')
			x |= 0x20;
		if (x != (unsigned char)b[i])
			return 0;
	}
	return 1;
}

static int is_sphere(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof spheres / sizeof spheres[0]; i++)
		if (ascii_ieq(s, n, spheres[i].s, spheres[i].n))
			return 1;
	return 0;
}

/* ---- lines and their features --------------------------------------------- */

enum kind {
	K_BLANK,
	K_PARA,    /* a real paragraph: long and sentence-like */
	K_SHORT,   /* headline, heading, label, byline, navigation */
	K_LIST,    /* a list item */
	K_PERIOD,  /* "March 18 – March 24, 2019" */
	K_DATE,    /* "October 31, 2016 11:26", "Updated at 11:59,21-05-2018" */
	K_TREND,   /* the analysts' label */
	K_KV,      /* "Publication: … Volume: N Issue: N", "Category status:" */
	K_CAPTION, /* image credit or caption */
	K_BYWORD,  /* a lone "by" whose name the scrape lost */
	K_BOILER,  /* page furniture */
};

#define LF_TERM 1     /* ends a sentence */
#define LF_UPPER 2    /* starts with a capital, digit or quote */
#define LF_LOWER 4    /* starts with a lower-case letter */
#define LF_HARD 8     /* boilerplate that ends the article */
#define LF_REPEAT 16  /* the same text again near the top (a repeated headline) */
#define LF_ALLCAPS 32 /* no lower-case letters */

typedef struct line {
	uint32_t off, len;
	uint16_t words, func;
	uint8_t kind, flags;
	int8_t trend;
} line;

/* Words looked up per line; a line longer than this is prose by length. */
#define LEX_WORDS 50

typedef struct feats {
	size_t words, func, nav, strong, hard, numbers, lang;
	int copyright, first_upper, first_lower, any_lower, any_digit;
} feats;

/* ASCII bytes: word character (letter or digit), digit, lower, upper. */
enum { BC_WORD = 1, BC_DIGIT = 2, BC_LOWER = 4, BC_UPPER = 8 };
static const unsigned char ascii_class[128] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0,
	0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
	9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 0, 0, 0, 0, 0,
	0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0,
};

/* Bytes that start a word (what cp_len calls wordy, at a character's
 * first byte): ASCII letters and digits, and the lead bytes of letters
 * elsewhere (not U+0080–U+00BF: NBSP, «, ©; not U+2000–U+2FFF: dashes,
 * quotes, bullets). */
static const unsigned char word_lead[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

#ifdef __SSE2__
/* word_lead of sixteen bytes at once, as a bit mask: ASCII letters and
 * digits, and the bytes from 0xC0 up but 0xC2 and 0xE2 (compared as signed
 * bytes, where those are -64..-1). */
static unsigned lead_mask16(__m128i b)
{
	__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8('0' - 1)),
				      _mm_cmplt_epi8(b, _mm_set1_epi8('9' + 1)));
	__m128i low = _mm_or_si128(b, _mm_set1_epi8(0x20));
	__m128i letter = _mm_and_si128(_mm_cmpgt_epi8(low, _mm_set1_epi8('a' - 1)),
				       _mm_cmplt_epi8(low, _mm_set1_epi8('z' + 1)));
	__m128i high = _mm_and_si128(_mm_cmplt_epi8(b, _mm_setzero_si128()),
				     _mm_cmpgt_epi8(b, _mm_set1_epi8(-65)));
	__m128i not_lead = _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8((char)0xC2)),
					_mm_cmpeq_epi8(b, _mm_set1_epi8((char)0xE2)));
	high = _mm_andnot_si128(not_lead, high);
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(digit, letter), high));
}
#endif

#ifdef __SSE2__
/* Bits set in a 16-bit mask (__builtin_popcount is a libgcc call without
 * -mpopcnt). */
static inline size_t popcount16(unsigned x)
{
	x = x - ((x >> 1) & 0x5555u);
	x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
	x = (x + (x >> 4)) & 0x0F0Fu;
	return (x + (x >> 8)) & 0x1Fu;
}
#endif

#ifdef __SSE2__
/* The ASCII letters and digits that open s[0..16): how many (0 to 16), and
 * among them whether any is a digit, whether all are, whether any is a
 * lower-case letter — what scan_feats keeps of a word, without a branch
 * per letter. */
static inline size_t ascii_word_run16(const char *s, int *any_digit, int *all_digits, int *any_lower)
{
	__m128i b = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8('0' - 1)),
				      _mm_cmplt_epi8(b, _mm_set1_epi8('9' + 1)));
	__m128i lower = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8('a' - 1)),
				      _mm_cmplt_epi8(b, _mm_set1_epi8('z' + 1)));
	__m128i folded = _mm_or_si128(b, _mm_set1_epi8(0x20));
	__m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
				       _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
	unsigned word = (unsigned)_mm_movemask_epi8(_mm_or_si128(digit, letter));
	unsigned stop = ~word & 0xFFFFu;
	size_t k = stop ? (size_t)__builtin_ctz(stop) : 16;
	unsigned m = (1u << k) - 1;
	unsigned d = (unsigned)_mm_movemask_epi8(digit) & m;
	*any_digit = d != 0;
	*all_digits = d == m;
	*any_lower = ((unsigned)_mm_movemask_epi8(lower) & m) != 0;
	return k;
}
#endif

/* Does the line hold at least k words? A space before a word's first byte
 * starts a word, so counting those gives a lower bound without following
 * the words themselves. Every long paragraph is asked this, so with SSE2
 * sixteen byte pairs are tested at once (the same pairs, the same count). */
static int words_at_least(const char *s, size_t n, size_t k)
{
	size_t cnt = 0, j = 0;
#ifdef __SSE2__
	for (; j + 17 <= n; j += 16) {
		__m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + j + 1));
		unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(a, _mm_set1_epi8(' ')));
		cnt += popcount16(sp & lead_mask16(b));
		if (cnt >= k)
			return 1;
	}
#endif
	for (; j + 1 < n; j++)
		cnt += (s[j] == ' ') & word_lead[(unsigned char)s[j + 1]];
	return cnt >= k;
}

/* Bytes of the UTF-8 sequence at s[i] and whether it is part of a word. */
static inline size_t cp_len(const char *s, size_t n, size_t i, int *wordy)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80) {
		*wordy = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
		return 1;
	}
	size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (i + l > n)
		l = n - i;
	if (c < 0x80)
		*wordy = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	else if (c < 0xC0)
		*wordy = 0; /* stray continuation byte */
	else if (c == 0xC2)
		*wordy = 0; /* NBSP, « », ©, ° … */
	else if (c == 0xE2)
		*wordy = 0; /* dashes, quotes, bullets, ellipsis */
	else
		*wordy = 1;
	return l ? l : 1;
}

static int is_upper_cp(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c >= 'A' && c <= 'Z')
		return 1;
	if (c == 0xD0 && i + 1 < n) {
		unsigned char d = (unsigned char)s[i + 1];
		return (d >= 0x80 && d <= 0xAF);
	}
	return 0;
}

static inline int is_lower_cp(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c >= 'a' && c <= 'z')
		return 1;
	if (c == 0xD0 && i + 1 < n)
		return (unsigned char)s[i + 1] >= 0xB0;
	if (c == 0xD1 && i + 1 < n)
		return (unsigned char)s[i + 1] <= 0x9F;
	return 0;
}

/* Lower-case copy of a word for lookup: ASCII letters, and Cyrillic
 * capitals (the first letter of a word in practice). Folding keeps every
 * byte in its place, so the copy is as long as the word; 0 when it does
 * not fit (a character starting at cap - 2 or later). */
static size_t fold_word(const char *s, size_t n, char *out, size_t cap)
{
	static const unsigned char ascii_lower[128] = {
		0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
		32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,
		48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
		64, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
		'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 91, 92, 93, 94, 95,
		96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
		112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127,
	};
	size_t lim = cap > 2 ? cap - 2 : 0; /* a character may start below this */
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (i >= lim)
			return 0;
		if (c < 0x80) {
			out[i++] = (char)ascii_lower[c];
		} else if (c == 0xD0 && i + 1 < n) {
			unsigned char d = (unsigned char)s[i + 1];
			if (d >= 0x90 && d <= 0x9F)
				out[i] = (char)0xD0, out[i + 1] = (char)(d + 0x20);
			else if (d >= 0xA0 && d <= 0xAF)
				out[i] = (char)0xD1, out[i + 1] = (char)(d - 0x20);
			else if (d == 0x81 || d == 0x86 || d == 0x8E)
				out[i] = (char)0xD1, out[i + 1] = (char)(d + 0x10);
			else
				out[i] = (char)c, out[i + 1] = (char)d;
			i += 2;
		} else {
			out[i++] = (char)c;
		}
	}
	out[i] = '\0';
	return i;
}

/* A language switch's code: "EN", "BE", "RUS" (names are in the lexicon). */
static int is_lang_code(const char *w, size_t n)
{
	static const char codes[][4] = {"EN", "RU", "BE", "BY", "UA", "UK", "PL", "DE", "FR",
					"LT", "LV", "ENG", "RUS", "BEL", "BLR"};
	if (n < 2 || n > 3 || w[0] < 'A' || w[0] > 'Z')
		return 0;
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (!codes[i][n] && codes[i][n - 1] && !memcmp(codes[i], w, n))
			return 1;
	return 0;
}

/* Look a word up and count its class. */
static void count_word(const char *w, size_t n, feats *f)
{
	if (is_lang_code(w, n)) {
		f->lang++;
		return;
	}
	char low[32];
	size_t l = fold_word(w, n, low, sizeof low);
	if (!l)
		return;
	switch (lex_class(low, l)) {
	case W_LANG:
		f->lang++;
		break;
	case W_FUNC:
		f->func++;
		break;
	case W_NAV:
		f->nav++;
		break;
	case W_STRONG:
		f->strong++;
		if (!strcmp(low, "copyright"))
			f->copyright = 1;
		break;
	case W_HARD:
		f->hard++;
		break;
	default:
		break;
	}
}

/* Could the word be one of the strong boilerplate words (subscribe,
 * newsletter, cookies, copyright, advertisement, login, password, sponsored,
 * and the Cyrillic ones)? A cheap test on its first byte and length. */
static int maybe_strong(const char *w, size_t n)
{
	unsigned char c = (unsigned char)w[0] | 0x20;
	if (n < 5 || n > 24)
		return 0;
	return c == 's' || c == 'u' || c == 'n' || c == 'c' || c == 'a' || c == 'l' || c == 'p' ||
	       (unsigned char)w[0] == 0xD0 || (unsigned char)w[0] == 0xD1;
}

/* Words of a line and what they are. Short lines (<= 10 words) have every
 * word looked up; longer ones only the words that may be strong
 * boilerplate (function words are counted on demand, count_func). Counting
 * stops at LEX_WORDS + 1 words: f->words is exact up to LEX_WORDS, and the
 * flags (lower case, digits, ©) describe the words read. */
static void scan_feats(const char *s, size_t n, feats *f)
{
	memset(f, 0, sizeof *f);
	size_t ws[LEX_WORDS], wl[LEX_WORDS], nw = 0;
	size_t i = 0;
	/* A line of more than LEX_WORDS words needs only its first word's case
	 * and whether it has lower-case letters: the rest of what is counted
	 * here serves shorter lines only. */
	int long_line = n > 2 * LEX_WORDS && words_at_least(s, n, LEX_WORDS + 1);
	while (i < n) {
		unsigned char c0 = (unsigned char)s[i];
		if (c0 < 0x80 && !(ascii_class[c0] & BC_WORD)) { /* space, punctuation */
			i++;
			continue;
		}
		int wordy;
		size_t l = cp_len(s, n, i, &wordy);
		if (!wordy) {
			if (l == 2 && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA9)
				f->copyright = 1;
			i += l;
			continue;
		}
		/* a word: letters and digits, with inner ' and - */
		size_t st = i, digits = 1;
		while (i < n) {
#ifdef __SSE2__
			if (n - i >= 16) {
				int dg, all, lo;
				size_t k = ascii_word_run16(s + i, &dg, &all, &lo);
				if (k) {
					f->any_digit |= dg;
					digits &= (size_t)all;
					f->any_lower |= lo;
					i += k;
					if (k == 16) /* else s[i] ends the run: on below */
						continue;
				}
			}
#endif
			unsigned char c = (unsigned char)s[i];
			if (c < 0x80 && (ascii_class[c] & BC_WORD)) { /* the common case */
				unsigned char bc = ascii_class[c];
				if (bc & BC_DIGIT)
					f->any_digit = 1;
				else
					digits = 0;
				f->any_lower |= (bc & BC_LOWER) != 0;
				i++;
				continue;
			}
			size_t k = cp_len(s, n, i, &wordy);
			if (!wordy) {
				if ((s[i] == '\'' || s[i] == '-') && i + 1 < n) {
					int w2;
					cp_len(s, n, i + 1, &w2);
					if (w2) {
						i++;
						digits = 0;
						continue;
					}
				}
				break;
			}
			if (!(s[i] >= '0' && s[i] <= '9'))
				digits = 0;
			else
				f->any_digit = 1;
			if (!f->any_lower && is_lower_cp(s, n, i))
				f->any_lower = 1;
			i += k;
		}
		if (!f->words) {
			f->first_upper = is_upper_cp(s, n, st) || (s[st] >= '0' && s[st] <= '9');
			f->first_lower = is_lower_cp(s, n, st);
		}
		/* past LEX_WORDS words a line is prose by length: no rule
		 * looks further, so the rest of a long paragraph is not read */
		if (++f->words > LEX_WORDS)
			break;
		if (long_line && f->any_lower)
			break;
		if (digits)
			f->numbers++;
		else if (nw < LEX_WORDS) {
			ws[nw] = st;
			wl[nw++] = i - st;
		}
	}
	if (long_line) {
		f->words = LEX_WORDS + 1;
	} else if (f->words <= 10) {
		for (size_t k = 0; k < nw; k++)
			count_word(s + ws[k], wl[k], f);
	} else if (f->words <= LEX_WORDS) {
		for (size_t k = 0; k < nw; k++)
			if (maybe_strong(s + ws[k], wl[k]))
				count_word(s + ws[k], wl[k], f);
	}
	/* the first char of the line, when not a letter: quotes and digits
	 * start titles too */
	if (n && !f->first_upper && !f->first_lower) {
		unsigned char c = (unsigned char)s[0];
		if (c == '"' || c == '\'' || (c >= '0' && c <= '9') || c == 0xE2 || c == 0xC2)
			f->first_upper = 1;
	}
}

/* Function words among the first LEX_WORDS words (for long lines that
 * neither end a sentence nor hold one: prose or a keyword list?). */
static size_t count_func(const char *s, size_t n)
{
	size_t k = 0, words = 0, i = 0;
	while (i < n && words < LEX_WORDS) {
		while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == '(' || s[i] == '"'))
			i++;
		size_t st = i;
		while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != ')' && s[i] != '.')
			i++;
		if (i == st) {
			i++;
			continue;
		}
		words++;
		char low[32];
		size_t l = fold_word(s + st, i - st, low, sizeof low);
		if (l && lex_class(low, l) == W_FUNC)
			k++;
	}
	return k;
}

/* Ends with . ! ? … (before closing quotes and brackets). */
static int ends_sentence(const char *s, size_t n)
{
	while (n) {
		unsigned char c = (unsigned char)s[n - 1];
		if (c == ')' || c == ']' || c == '"' || c == '\'' || c == ' ') {
			n--;
			continue;
		}
		if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80) {
			unsigned char d = (unsigned char)s[n - 1];
			if (d == 0x9D || d == 0x99) { /* ” ’ */
				n -= 3;
				continue;
			}
			return d == 0xA6; /* … */
		}
		if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && c == 0xBB) { /* » */
			n -= 2;
			continue;
		}
		return c == '.' || c == '!' || c == '?';
	}
	return 0;
}

static int starts_ci(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);
	if (n < l)
		return 0;
	for (size_t i = 0; i < l; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		if (c != (unsigned char)lit[i])
			return 0;
	}
	return 1;
}

static size_t skip_sp(const char *s, size_t n, size_t i)
{
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t')
			i++;
		else if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
			i += 2;
		else
			break;
	}
	return i;
}

/* The whole line is a period (a trailing full stop allowed). */
static int whole_range(const char *s, size_t n, sr_datex *a, sr_datex *b)
{
	size_t k = sr_datex_range(s, n, a, b);
	if (!k)
		return 0;
	k = skip_sp(s, n, k);
	if (k < n && s[k] == '.')
		k++;
	return skip_sp(s, n, k) == n;
}

/* Words that may stand around a date on a date line. */
static int date_word(const char *w, size_t n)
{
	static const char *const ok[] = {
		"updated", "update", "published", "publish", "posted", "on", "at", "date", "last",
		"modified", "created", "added", "monday", "tuesday", "wednesday", "thursday", "friday",
		"saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "utc", "gmt",
		"msk", "\xD0\xB4\xD0\xB0\xD1\x82\xD0\xB0", /* дата */
		"\xD0\xBE\xD0\xBF\xD1\x83\xD0\xB1\xD0\xBB\xD0\xB8\xD0\xBA\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xBE", /* опубликовано */
		"\xD0\xBE\xD0\xB1\xD0\xBD\xD0\xBE\xD0\xB2\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xBE", /* обновлено */
	};
	char low[40];
	if (!fold_word(w, n, low, sizeof low))
		return 0;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (!strcmp(low, ok[i]))
			return 1;
	return 0;
}

/* A line that only states a date (and maybe a time): *out the full date. */
static int date_line(const char *s, size_t n, sr_date *out)
{
	size_t i = 0;
	sr_date found = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == ',' || c == '|' || c == ':' || c == '/' || c == '-' ||
		    c == '.' || c == '(' || c == ')') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			int wordy;
			size_t l = cp_len(s, n, i, &wordy);
			if (!wordy) { /* dashes, bullets, NBSP */
				i += l;
				continue;
			}
		}
		size_t k = sr_datex_time(s + i, n - i);
		if (k) {
			i += k;
			continue;
		}
		sr_datex x;
		k = sr_datex_parse(s + i, n - i, &x);
		if (k) {
			if (!x.y || !x.d || found)
				return 0;
			found = sr_date_make(x.y, x.m, x.d);
			i += k;
			continue;
		}
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != ',' && s[j] != ':' && s[j] != '|')
			j++;
		if (!date_word(s + i, j - i))
			return 0;
		i = j;
	}
	if (!found)
		return 0;
	*out = found;
	return 1;
}

/* Does s[0..n) hold "situation", "status", "ситуац…" or "сітуац…" (any
 * case)? One pass over the bytes, looking closer only at a t/т. */
static int names_situation(const char *s, size_t n)
{
	for (size_t i = 0; i + 4 < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c | 0x20) == 't') {
			if (starts_ci(s + i + 1, n - i - 1, "uation") || starts_ci(s + i + 1, n - i - 1, "atus"))
				return 1;
		} else if ((c == 0xD1 && (unsigned char)s[i + 1] == 0x82) ||
			   (c == 0xD0 && (unsigned char)s[i + 1] == 0xA2)) { /* т Т */
			unsigned char a = (unsigned char)s[i + 2], b = (unsigned char)s[i + 3];
			if ((a == 0xD1 && b == 0x83) || (a == 0xD0 && b == 0xA3)) /* у У */
				return 1;
		}
	}
	return 0;
}

sr_trend sr_plain_trend_label(const char *s, size_t n)
{
	char low[200];
	if (!s || n >= sizeof low / 2 - 1)
		return SR_TREND_NONE;
	/* every label names the situation or the category status; most short
	 * lines are let go by this test before any folding */
	if (!names_situation(s, n))
		return SR_TREND_NONE;
	size_t l = fold_word(s, n, low, sizeof low);
	if (!l)
		return SR_TREND_NONE;
	/* fold every Cyrillic capital, not only a word's first letter */
	int words = 0, in = 0;
	for (size_t i = 0; i < l; i++) {
		if (low[i] == ' ')
			in = 0;
		else if (!in)
			in = 1, words++;
	}
	if (words > 12)
		return SR_TREND_NONE;
	static const char sit_ru[] = "\xD1\x81\xD0\xB8\xD1\x82\xD1\x83\xD0\xB0\xD1\x86\xD0\xB8\xD1\x8F";
	static const char sit_be[] = "\xD1\x81\xD1\x96\xD1\x82\xD1\x83\xD0\xB0\xD1\x86\xD1\x8B\xD1\x8F";
	if (!strstr(low, "situation") && !strstr(low, sit_ru) && !strstr(low, sit_be) &&
	    !strstr(low, "category status"))
		return SR_TREND_NONE;
	static const struct {
		const char *p;
		sr_trend t;
	} phrases[] = {
		{"not improved", SR_TREND_UNCHANGED},
		{"not worsened", SR_TREND_UNCHANGED},
		{"not changed", SR_TREND_UNCHANGED},
		{"n't changed", SR_TREND_UNCHANGED},
		{"not change", SR_TREND_UNCHANGED},
		{"unchanged", SR_TREND_UNCHANGED},
		{"\xD0\xBD\xD0\xB5 \xD0\xB8\xD0\xB7\xD0\xBC\xD0\xB5\xD0\xBD\xD0\xB8\xD0\xBB\xD0\xB0\xD1\x81\xD1\x8C", SR_TREND_UNCHANGED}, /* не изменилась */
		{"\xD0\xBD\xD0\xB5 \xD0\xB7\xD0\xBC\xD1\x8F\xD0\xBD\xD1\x96\xD0\xBB\xD0\xB0\xD1\x81\xD1\x8F", SR_TREND_UNCHANGED}, /* не змянілася */
		{"worse", SR_TREND_WORSE},
		{"worsened", SR_TREND_WORSE},
		{"deteriorated", SR_TREND_WORSE},
		{"\xD1\x83\xD1\x85\xD1\x83\xD0\xB4\xD1\x88\xD0\xB8\xD0\xBB\xD0\xB0\xD1\x81\xD1\x8C", SR_TREND_WORSE}, /* ухудшилась */
		{"\xD0\xBF\xD0\xB0\xD0\xB3\xD0\xBE\xD1\x80\xD1\x88\xD1\x8B\xD0\xBB\xD0\xB0\xD1\x81", SR_TREND_WORSE}, /* пагоршылас(я) */
		{"better", SR_TREND_BETTER},
		{"improved", SR_TREND_BETTER},
		{"\xD1\x83\xD0\xBB\xD1\x83\xD1\x87\xD1\x88\xD0\xB8\xD0\xBB\xD0\xB0\xD1\x81\xD1\x8C", SR_TREND_BETTER}, /* улучшилась */
		{"\xD0\xBF\xD0\xB0\xD0\xBB\xD0\xB5\xD0\xBF\xD1\x88\xD1\x8B\xD0\xBB\xD0\xB0\xD1\x81", SR_TREND_BETTER}, /* палепшылас(я) */
	};
	for (size_t k = 0; k < sizeof phrases / sizeof phrases[0]; k++)
		if (strstr(low, phrases[k].p))
			return phrases[k].t;
	return SR_TREND_NONE;
}

/* "Key:" metadata keys. */
enum { KEY_NONE, KEY_PUB, KEY_VOL, KEY_ISSUE, KEY_BY, KEY_DATE, KEY_SECTION, KEY_CAPTION,
       KEY_TAGS, KEY_STATUS };

static int key_kind(const char *k, size_t n)
{
	static const struct {
		const char *k;
		int kind;
	} keys[] = {
		{"publication", KEY_PUB}, {"published in", KEY_PUB}, {"journal", KEY_PUB},
		{"volume", KEY_VOL}, {"vol", KEY_VOL}, {"issue", KEY_ISSUE}, {"no", KEY_ISSUE},
		{"by", KEY_BY}, {"author", KEY_BY}, {"authors", KEY_BY}, {"written by", KEY_BY},
		{"\xD0\xB0\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80", KEY_BY}, /* автор */
		{"\xD0\xB0\xD1\x9E\xD1\x82\xD0\xB0\xD1\x80", KEY_BY}, /* аўтар */
		{"date", KEY_DATE}, {"published", KEY_DATE}, {"posted", KEY_DATE},
		{"updated", KEY_DATE}, {"\xD0\xB4\xD0\xB0\xD1\x82\xD0\xB0", KEY_DATE}, /* дата */
		{"section", KEY_SECTION}, {"category", KEY_SECTION}, {"rubric", KEY_SECTION},
		{"sphere", KEY_SECTION}, {"\xD1\x80\xD1\x83\xD0\xB1\xD1\x80\xD0\xB8\xD0\xBA\xD0\xB0", KEY_SECTION}, /* рубрика */
		{"photo", KEY_CAPTION}, {"image", KEY_CAPTION}, {"picture", KEY_CAPTION},
		{"source", KEY_CAPTION}, {"credit", KEY_CAPTION}, {"credits", KEY_CAPTION},
		{"photo credit", KEY_CAPTION}, {"illustration", KEY_CAPTION}, {"foto", KEY_CAPTION},
		{"\xD1\x84\xD0\xBE\xD1\x82\xD0\xBE", KEY_CAPTION}, /* фото */
		{"\xD1\x84\xD0\xBE\xD1\x82\xD0\xB0", KEY_CAPTION}, /* фота */
		{"\xD0\xB8\xD0\xB7\xD0\xBE\xD0\xB1\xD1\x80\xD0\xB0\xD0\xB6\xD0\xB5\xD0\xBD\xD0\xB8\xD0\xB5", KEY_CAPTION}, /* изображение */
		{"\xD0\xB8\xD1\x81\xD1\x82\xD0\xBE\xD1\x87\xD0\xBD\xD0\xB8\xD0\xBA", KEY_CAPTION}, /* источник */
		{"\xD0\xBA\xD1\x80\xD1\x8B\xD0\xBD\xD1\x96\xD1\x86\xD0\xB0", KEY_CAPTION}, /* крыніца */
		{"tags", KEY_TAGS}, {"tag", KEY_TAGS}, {"topics", KEY_TAGS}, {"keywords", KEY_TAGS},
		{"filed under", KEY_TAGS}, {"share", KEY_TAGS},
		{"\xD1\x82\xD0\xB5\xD0\xB3\xD0\xB8", KEY_TAGS}, /* теги */
		{"category status", KEY_STATUS}, {"status", KEY_STATUS},
	};
	char low[48];
	if (!n || n >= 40 || !fold_word(k, n, low, sizeof low))
		return KEY_NONE;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (!strcmp(low, keys[i].k))
			return keys[i].kind;
	return KEY_NONE;
}

/* A known "Key:" at s[i]: its kind, and in *vstart where its value starts. */
static int key_at(const char *s, size_t n, size_t i, size_t *vstart)
{
	/* most lines have no ':' that near their start: one memchr says so */
	if (i >= n || !memchr(s + i, ':', n - i < 40 ? n - i : 40))
		return KEY_NONE;
	size_t j = i, words = 0;
	while (j < n && j - i < 40 && words < 3) {
		if (s[j] == ':') {
			size_t e = j;
			while (e > i && s[e - 1] == ' ')
				e--;
			int kk = key_kind(s + i, e - i);
			if (kk)
				*vstart = skip_sp(s, n, j + 1);
			return kk;
		}
		if (s[j] == ' ')
			words++;
		else if (s[j] == '.' || s[j] == ',' || s[j] == '(' || s[j] == ')')
			return KEY_NONE;
		j++;
	}
	return KEY_NONE;
}

/* An image credit or caption: "(Source: X)", "Caption text (Source: X)",
 * "Photo by X", or a caption cut off at "(Source:". */
static int caption_line(const char *s, size_t n, const feats *f)
{
	if (starts_ci(s, n, "photo by ") || starts_ci(s, n, "photo credit") ||
	    starts_ci(s, n, "image by ") || starts_ci(s, n, "image credit"))
		return f->words <= 30;
	/* the last '(' among the last 120 bytes */
	size_t tail = n < 120 ? n : 120;
	const char *o = memrchr(s + n - tail, '(', tail);
	if (!o)
		return 0;
	size_t r = n - (size_t)(o - s) - 1;
	const char *q = o + 1;
	if (!(starts_ci(q, r, "source") || starts_ci(q, r, "photo") || starts_ci(q, r, "image") ||
	      starts_ci(q, r, "credit") || starts_ci(q, r, "\xD1\x84\xD0\xBE\xD1\x82") ||
	      starts_ci(q, r, "\xD0\xA4\xD0\xBE\xD1\x82")))
		return 0;
	/* the part before the bracket is a caption, not a sentence */
	size_t before = (size_t)(o - s);
	while (before && s[before - 1] == ' ')
		before--;
	return f->words <= 45 && !ends_sentence(s, before);
}

static int list_marker(const char *s, size_t n)
{
	if (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ')
		return 1;
	if (n >= 4 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94 || (unsigned char)s[2] == 0xA2) &&
	    s[3] == ' ')
		return 1; /* – — • */
	if (n >= 3 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xB7 && s[2] == ' ')
		return 1; /* · */
	size_t i = 0;
	while (i < n && i < 3 && s[i] >= '0' && s[i] <= '9')
		i++;
	return i && i + 1 < n && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ';
}

static int is_boiler(const feats *f, int term, int *hard)
{
	size_t content = f->words > f->func + f->numbers ? f->words - f->func - f->numbers : 0;
	size_t hits = f->nav + f->strong + f->hard;
	int b = 0;
	if (f->words && f->lang == f->words && f->words <= 6)
		b = 1; /* language switch: "EN BE/RU" */
	else if (f->words <= 10) {
		if (f->strong || f->copyright)
			b = 1;
		else if (content && hits * 10 >= content * 6 &&
			 (f->hard || hits >= 2 || (f->words <= 3 && hits)))
			b = 1;
	} else if (f->words <= LEX_WORDS) {
		/* prose mentions a cookie; a banner is made of them */
		if (f->strong >= 2 || ((f->strong || f->copyright) && !term))
			b = 1;
	}
	*hard = b && (f->hard || f->copyright);
	return b;
}

/* A sentence ends inside the line: ". " (or ! ?) before a capital. A line cut
 * off mid-sentence by the scrape still reads as prose when it has one. */
static int inner_sentence_end(const char *s, size_t n)
{
	for (const char *p = s, *e = s + n; (p = memchr(p, ' ', (size_t)(e - p))) && p + 1 < e; p++) {
		size_t at = (size_t)(p - s);
		if (at >= 2 && (s[at - 1] == '.' || s[at - 1] == '!' || s[at - 1] == '?') &&
		    s[at - 2] >= 'a' && s[at - 2] <= 'z' && is_upper_cp(s, n, at + 1))
			return 1;
	}
	return 0;
}

/* Classify one trimmed line. */
static void classify(const char *s, line *L)
{
	const char *p = s + L->off;
	size_t n = L->len;
	L->kind = K_BLANK;
	L->flags = 0;
	L->trend = 0;
	if (!n)
		return;
	feats f;
	scan_feats(p, n, &f);
	L->words = f.words > 65535 ? 65535 : (uint16_t)f.words;
	L->func = (uint16_t)f.func;
	int term = ends_sentence(p, n);
	if (term)
		L->flags |= LF_TERM;
	if (f.first_upper)
		L->flags |= LF_UPPER;
	if (f.first_lower)
		L->flags |= LF_LOWER;
	if (!f.any_lower)
		L->flags |= LF_ALLCAPS;
	if (f.words <= 16) {
		sr_datex a, b;
		sr_date d;
		if (f.any_digit && whole_range(p, n, &a, &b)) {
			L->kind = K_PERIOD;
			return;
		}
		if (f.any_digit && date_line(p, n, &d)) {
			L->kind = K_DATE;
			return;
		}
		sr_trend t = sr_plain_trend_label(p, n);
		if (t) {
			L->kind = K_TREND;
			L->trend = (int8_t)t;
			return;
		}
		if (n == 2 && (p[0] | 0x20) == 'b' && (p[1] | 0x20) == 'y') {
			L->kind = K_BYWORD;
			return;
		}
	}
	size_t vs;
	int kk = key_at(p, n, 0, &vs);
	if (kk && (f.words <= 30 || kk == KEY_PUB || kk == KEY_VOL)) {
		L->kind = kk == KEY_CAPTION ? K_CAPTION : kk == KEY_TAGS ? K_BOILER : K_KV;
		if (kk == KEY_TAGS)
			L->flags |= LF_HARD;
		return;
	}
	if (caption_line(p, n, &f)) {
		L->kind = K_CAPTION;
		return;
	}
	int hard;
	if (is_boiler(&f, term, &hard)) {
		L->kind = K_BOILER;
		if (hard)
			L->flags |= LF_HARD;
		return;
	}
	if (list_marker(p, n)) {
		L->kind = K_LIST;
		return;
	}
	if (f.words >= 12 &&
	    (term || inner_sentence_end(p, n) || (f.words >= 25 && count_func(p, n) * 10 >= (f.words < LEX_WORDS ? f.words : LEX_WORDS))))
		L->kind = K_PARA;
	else
		L->kind = K_SHORT;
}

static int is_space_at(const char *s, size_t n, size_t i, size_t *l)
{
	unsigned char c = (unsigned char)s[i];
	if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
		*l = 1;
		return 1;
	}
	if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
		*l = 2;
		return 1;
	}
	if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x8B || (unsigned char)s[i + 2] == 0x89 ||
	     (unsigned char)s[i + 2] == 0xAF)) {
		*l = 3; /* zero-width, thin, narrow no-break space */
		return 1;
	}
	if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBB && (unsigned char)s[i + 2] == 0xBF) {
		*l = 3; /* byte order mark */
		return 1;
	}
	return 0;
}

/* A scrape that lost the breaks between the article and the page's
 * furniture leaves the furniture at the end of a paragraph: "… the
 * regime. EN BE/RU Подписаться", "… he said. Share Tweet". Where the line's
 * last words are all page vocabulary (language codes and names,
 * navigation, subscribe) and what comes before them ends a sentence of
 * some length, the line ends there. Returns the new length (n when
 * nothing is cut). */
static size_t boiler_tail(const char *s, size_t n)
{
	size_t e = n, words = 0, strong = 0;
	while (e) {
		size_t b = e;
		while (b && s[b - 1] != ' ' && s[b - 1] != '/' && s[b - 1] != '|')
			b--;
		if (b == e) { /* a separator */
			e--;
			continue;
		}
		char low[32];
		size_t l;
		int c = 0;
		if (is_lang_code(s + b, e - b))
			c = W_LANG;
		else if ((l = fold_word(s + b, e - b, low, sizeof low)))
			c = lex_class(low, l);
		if (c != W_LANG && c != W_STRONG && c != W_NAV)
			break;
		words++;
		strong += c != W_NAV;
		e = b;
	}
	/* a navigation word alone may be the article's ("… read more") */
	if (!words || (!strong && words < 2) || words > 12)
		return n;
	size_t k = e;
	while (k && (s[k - 1] == ' ' || s[k - 1] == '/' || s[k - 1] == '|'))
		k--;
	if (k < 40 || !ends_sentence(s, k))
		return n;
	return k;
}

/* Lines of text, trimmed, classified. */
static int split_lines(const char *t, size_t len, line **out, size_t *nout, sr_error *err)
{
	size_t n = 1;
	for (const char *p = t, *e = t + len; (p = memchr(p, '\n', (size_t)(e - p))); p++)
		if (++n > SR_MAX_PLAIN_LINES)
			return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
					    "more than %u lines (SR_MAX_PLAIN_LINES)", SR_MAX_PLAIN_LINES);
	line *v = calloc(n, sizeof *v);
	if (!v)
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	size_t k = 0, i = 0;
	while (k < n) {
		const char *nl = i < len ? memchr(t + i, '\n', len - i) : NULL;
		size_t e = nl ? (size_t)(nl - t) : len, a = i, b = e, l;
		while (a < b && is_space_at(t, b, a, &l))
			a += l;
		while (b > a) {
			size_t c = b - 1;
			while (c > a && ((unsigned char)t[c] & 0xC0) == 0x80)
				c--;
			if (!is_space_at(t, b, c, &l) || c + l != b)
				break;
			b = c;
		}
		if (b > a && !ends_sentence(t + a, b - a))
			b = a + boiler_tail(t + a, b - a);
		v[k].off = (uint32_t)a;
		v[k].len = (uint32_t)(b - a);
		classify(t, &v[k]);
		k++;
		i = e + 1;
		if (!nl)
			break;
	}
	*out = v;
	*nout = k;
	return 0;
}

/* ---- the page -------------------------------------------------------------- */

typedef struct page {
	const char *t;
	line *v;
	size_t n;
	long title;      /* line index of the headline, -1 none */
	const char *tp;  /* headline text (after a sphere prefix) */
	size_t tlen;
} page;

static int same_text(const page *pg, size_t i, const char *p, size_t n)
{
	return pg->v[i].len == n && n && !memcmp(pg->t + pg->v[i].off, p, n);
}

static int is_title_repeat(const page *pg, size_t i)
{
	if (!pg->tp)
		return 0;
	const line *L = &pg->v[i];
	return same_text(pg, i, pg->tp, pg->tlen) ||
	       (pg->title >= 0 && same_text(pg, i, pg->t + pg->v[pg->title].off, pg->v[pg->title].len) &&
		L->len);
}

/* Mark lines near the top whose text occurs again near the top. */
static void mark_repeats(page *pg)
{
	size_t lim = pg->n < 80 ? pg->n : 80;
	for (size_t i = 0; i < lim; i++) {
		line *a = &pg->v[i];
		if (!a->len || a->words > 40)
			continue;
		for (size_t j = i + 1; j < lim; j++)
			if (same_text(pg, j, pg->t + a->off, a->len)) {
				a->flags |= LF_REPEAT;
				pg->v[j].flags |= LF_REPEAT;
			}
	}
	/* a repeated "paragraph" near the top is a headline and its echo */
	for (size_t i = 0; i < lim; i++)
		if (pg->v[i].kind == K_PARA && (pg->v[i].flags & LF_REPEAT) && pg->v[i].words < 40)
			pg->v[i].kind = K_SHORT;
}

static int has_nav_marks(const char *p, size_t n)
{
	for (size_t i = 0; i + 2 < n; i++)
		if ((p[i] == ' ' && (p[i + 1] == '|' || p[i + 1] == '/' || p[i + 1] == '>') && p[i + 2] == ' ') ||
		    (p[i] == '-' && p[i + 1] == '-' && p[i + 2] == '>') ||
		    (p[i] == '<' && p[i + 1] == '!') ||
		    (p[i] == ' ' && (unsigned char)p[i + 1] == 0xC2 && (unsigned char)p[i + 2] == 0xBB))
			return 1; /* breadcrumbs and menus: " | " " / " " > " " » " */
	return 0;
}

/* Score a headline candidate: repeated, headline-sized, capitalised, not a
 * label, breadcrumb, sphere or publication name. Ties go to the earlier. */
static int title_score(const page *pg, size_t i)
{
	const line *L = &pg->v[i];
	const char *p = pg->t + L->off;
	int s = 0;
	if (L->flags & LF_REPEAT)
		s += 4;
	if (L->words >= 3 && L->words <= 30)
		s += 2;
	else if (L->words <= 2)
		s -= 3;
	else
		s -= 2;
	if (L->words >= 6 && L->words <= 30)
		s += 2;
	if (L->flags & LF_UPPER)
		s += 1;
	if (L->flags & LF_LOWER)
		s -= 2;
	if (L->len && p[L->len - 1] == ':')
		s -= 3;
	if ((L->flags & LF_ALLCAPS) && L->words > 1)
		s -= 2;
	if (has_nav_marks(p, L->len))
		s -= 4;
	if (is_sphere(p, L->len) || sr_pub_by_name(p, L->len))
		s -= 6;
	return s;
}

/* A person's name alone: 2–4 capitalised words, no function words, digits
 * or sentence end. */
static int name_shaped(const page *pg, size_t i)
{
	const line *L = &pg->v[i];
	const char *p = pg->t + L->off;
	if (L->kind != K_SHORT || L->words < 2 || L->words > 4 || L->func || (L->flags & LF_TERM) ||
	    (L->flags & LF_ALLCAPS))
		return 0;
	int at_start = 1;
	for (size_t k = 0; k < L->len; k++) {
		unsigned char c = (unsigned char)p[k];
		if (c >= '0' && c <= '9')
			return 0;
		if (c == ':' || c == ',' || c == '(' || c == '"')
			return 0;
		if (c == ' ') {
			at_start = 1;
			continue;
		}
		if (at_start && !is_upper_cp(p, L->len, k))
			return 0;
		at_start = 0;
	}
	return !is_sphere(p, L->len) && !sr_pub_by_name(p, L->len);
}

/* "issue 14", "Issue: 151", "No. 5", "№ 5", "Volume: 16", "Vol. 2" inside a
 * header line. */
static void numbers_in(const char *p, size_t n, int *vol, int *iss)
{
	for (size_t i = 0; i < n; i++) {
		if (i && p[i - 1] != ' ' && p[i - 1] != '(' && p[i - 1] != ',')
			continue;
		int which = 0;
		size_t k = 0;
		if (starts_ci(p + i, n - i, "volume"))
			which = 1, k = 6;
		else if (starts_ci(p + i, n - i, "vol."))
			which = 1, k = 4;
		else if (starts_ci(p + i, n - i, "issue"))
			which = 2, k = 5;
		else if (starts_ci(p + i, n - i, "no."))
			which = 2, k = 3;
		else if (n - i >= 3 && !memcmp(p + i, "\xE2\x84\x96", 3))
			which = 2, k = 3; /* № */
		if (!which)
			continue;
		size_t j = i + k;
		if (j < n && p[j] == ':')
			j++;
		j = skip_sp(p, n, j);
		int v = 0;
		size_t d = 0;
		while (j + d < n && d < 5 && p[j + d] >= '0' && p[j + d] <= '9')
			v = v * 10 + (p[j + d] - '0'), d++;
		if (!d || (j + d < n && ((p[j + d] >= '0' && p[j + d] <= '9') || p[j + d] == '.')))
			continue;
		if (which == 1 && *vol < 0)
			*vol = v;
		if (which == 2 && *iss < 0)
			*iss = v;
	}
}

static int set_field(char **f, const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (!n || *f)
		return 0;
	if (n > SR_MAX_FIELD) {
		/* a field is a label; a longer one is cut at the cap, on a
		 * character boundary */
		n = SR_MAX_FIELD;
		while (n && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
	}
	return sr_doc_set(f, p, n);
}

/* Metadata from one "Key: value" line. */
static int read_kv(sr_doc *d, const char *p, size_t n)
{
	size_t i = 0;
	int rc = 0;
	/* one line may hold several keys: "Publication: X Volume: 16 Issue: 151" */
	while (i < n) {
		size_t vs;
		int kk = key_at(p, n, i, &vs);
		if (!kk) {
			while (i < n && p[i] != ' ')
				i++;
			i = skip_sp(p, n, i);
			continue;
		}
		size_t ve = vs, nx = n, vs2;
		for (size_t j = vs; j < n; j++)
			if (p[j] == ' ' && key_at(p, n, j + 1, &vs2)) {
				nx = j + 1;
				break;
			}
		ve = nx;
		int v = 0;
		size_t dd = 0;
		while (vs + dd < ve && dd < 6 && p[vs + dd] >= '0' && p[vs + dd] <= '9')
			v = v * 10 + (p[vs + dd] - '0'), dd++;
		switch (kk) {
		case KEY_PUB:
			rc |= set_field(&d->publication, p + vs, ve - vs);
			break;
		case KEY_VOL:
			if (dd && d->volume < 0)
				d->volume = v;
			break;
		case KEY_ISSUE:
			if (dd && d->issue < 0)
				d->issue = v;
			break;
		case KEY_BY:
			rc |= set_field(&d->byline, p + vs, ve - vs);
			break;
		case KEY_SECTION:
			rc |= set_field(&d->section, p + vs, ve - vs);
			break;
		case KEY_DATE: {
			sr_date dt;
			if (!d->date && date_line(p + vs, ve - vs, &dt)) {
				d->date = dt;
				d->date_basis = SR_BASIS_STATED;
			}
			break;
		}
		default:
			break;
		}
		i = nx;
	}
	return rc;
}

/* A date or month in the headline ("Belarus Review — April 15, 2024",
 * "Analytical Report: October 2012"). */
static void title_dates(sr_doc *d, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i && (p[i - 1] != ' ' && p[i - 1] != '(' && p[i - 1] != ','))
			continue;
		sr_datex x;
		if (!sr_datex_parse(p + i, n - i, &x) || !x.y)
			continue;
		if (x.d && !d->date) {
			d->date = sr_date_make(x.y, x.m, x.d);
			d->date_basis = d->date ? SR_BASIS_STATED : SR_BASIS_NONE;
		} else if (!x.d && !d->period_start && !d->date) {
			d->period_start = sr_date_make(x.y, x.m, 1);
			d->period_end = sr_date_make(x.y, x.m, sr_days_in_month(x.y, x.m));
		}
		return;
	}
}

/* A dateline opening the first paragraph: "MINSK, March 3 (Reuters) – ",
 * "МИНСК, 18 марта 2019 года." Returns the bytes to drop, 0 if none;
 * *agency is the news agency named in brackets, if any. */
static size_t dateline(const char *p, size_t n, sr_datex *x, const char **agency,
		       size_t *agency_len)
{
	size_t i = 0, letters = 0;
	while (i < n && i < 60) {
		if (is_upper_cp(p, n, i)) {
			i += (unsigned char)p[i] < 0x80 ? 1 : 2;
			letters++;
		} else if (p[i] == ' ' || p[i] == '-' || p[i] == '.') {
			i++;
		} else {
			break;
		}
	}
	if (letters < 3 || i >= n || p[i] != ',')
		return 0;
	i = skip_sp(p, n, i + 1);
	size_t k = sr_datex_parse(p + i, n - i, x);
	if (!k || !x->d)
		return 0;
	i = skip_sp(p, n, i + k);
	*agency = NULL;
	*agency_len = 0;
	if (i < n && p[i] == '(') { /* the agency */
		const char *c = memchr(p + i, ')', n - i < 60 ? n - i : 60);
		if (!c)
			return 0;
		*agency = p + i + 1;
		*agency_len = (size_t)(c - p) - i - 1;
		i = skip_sp(p, n, (size_t)(c - p) + 1);
	}
	if (i < n && (p[i] == '-' || p[i] == '.' || p[i] == ':'))
		i++;
	else if (i + 2 < n && (unsigned char)p[i] == 0xE2 && (unsigned char)p[i + 1] == 0x80 &&
		 ((unsigned char)p[i + 2] == 0x93 || (unsigned char)p[i + 2] == 0x94))
		i += 3;
	else
		return 0;
	return skip_sp(p, n, i);
}

/* Where a paragraph's text ends before a "… Continue reading <title>" tail. */
static size_t cut_teaser_tail(const char *p, size_t n)
{
	static const char *const tails[] = {
		"Continue reading", "Read more", "Read the full", "Read full",
		"\xD0\xA7\xD0\xB8\xD1\x82\xD0\xB0\xD1\x82\xD1\x8C \xD0\xB4\xD0\xB0\xD0\xBB\xD0\xB5\xD0\xB5", /* Читать далее */
		"\xD0\xA7\xD1\x8B\xD1\x82\xD0\xB0\xD1\x86\xD1\x8C \xD0\xB4\xD0\xB0\xD0\xBB\xD0\xB5\xD0\xB9", /* Чытаць далей */
	};
	size_t from = n > 300 ? n - 300 : 0;
	for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
		size_t l = strlen(tails[t]);
		for (size_t i = from; i + l <= n; i++) {
			if (p[i] != tails[t][0] || memcmp(p + i, tails[t], l))
				continue;
			if (i == 0 || (p[i - 1] != ' ' && p[i - 1] != '.'))
				continue;
			size_t e = i;
			while (e && p[e - 1] == ' ')
				e--;
			return e;
		}
	}
	return n;
}

/* Paragraph-like enough to count as the article's text. */
static int is_content(const line *L)
{
	switch (L->kind) {
	case K_PARA:
		return 1;
	case K_LIST:
		return L->words >= 3;
	case K_SHORT:
	case K_TREND:
		return (L->flags & LF_TERM) && L->words >= 4;
	default:
		return 0;
	}
}

/* After soft boilerplate at i, do several real paragraphs follow before the
 * next boilerplate? (An ad or share bar inside an article, not its end.) */
static int resumes_after(const page *pg, size_t i)
{
	size_t paras = 0;
	for (size_t j = i + 1; j < pg->n && j < i + 60; j++) {
		int k = pg->v[j].kind;
		if (k == K_BOILER || k == K_DATE || k == K_PERIOD)
			break;
		if (k == K_PARA && ++paras >= 3)
			return 1;
	}
	return 0;
}

/* ---- trailers: what a site appends to the article ---------------------------
 *
 * A syndicated or reprinted article ends with the site's note about the
 * article itself: "This commentary is republished from X under a
 * content-sharing agreement", "This article first appeared in X", "©
 * X. Partner materials reflect the views of their authors", "Перепечатка
 * разрешена со ссылкой". No one string marks them, so a closing line is
 * scored on several signals, none enough alone: it names the text itself
 * (article, commentary, материал), says how it came to be here
 * (republished, reprinted, permission, courtesy, "first appeared"), states
 * rights or a disclaimer (©, copyright, "rights reserved", privacy, "reflect
 * the views of"), asks for a subscription, or carries a link. Only short
 * lines at the very end are looked at, so a paragraph of the article that
 * mentions a reprint keeps its place. */

enum { T_SELF = 1, T_PUB, T_RIGHTS, T_FIRST, T_REFLECT, T_VIEWS };

static const struct lexent trailer_words[] = {
	{"analysis", T_SELF},
	{"appeared", T_FIRST},
	{"article", T_SELF},
	{"blog", T_SELF},
	{"column", T_SELF},
	{"commentary", T_SELF},
	{"content-sharing", T_PUB},
	{"copyright", T_RIGHTS},
	{"copyrighted", T_RIGHTS},
	{"courtesy", T_PUB},
	{"disclaimer", T_RIGHTS},
	{"essay", T_SELF},
	{"interview", T_SELF},
	{"licence", T_PUB},
	{"license", T_PUB},
	{"licensed", T_PUB},
	{"material", T_SELF},
	{"materials", T_SELF},
	{"necessarily", T_RIGHTS},
	{"op-ed", T_SELF},
	{"opinions", T_VIEWS},
	{"originally", T_PUB},
	{"partner", T_PUB},
	{"permission", T_PUB},
	{"piece", T_SELF},
	{"position", T_VIEWS},
	{"privacy", T_RIGHTS},
	{"published", T_FIRST},
	{"reflect", T_REFLECT},
	{"reflects", T_REFLECT},
	{"report", T_SELF},
	{"reprint", T_PUB},
	{"reprinted", T_PUB},
	{"reproduced", T_PUB},
	{"reproduction", T_PUB},
	{"republication", T_PUB},
	{"republish", T_PUB},
	{"republished", T_PUB},
	{"reserved", T_RIGHTS},
	{"story", T_SELF},
	{"syndicated", T_PUB},
	{"views", T_VIEWS},
	{"\xD0\xB0\xD1\x80\xD1\x82\xD1\x8B\xD0\xBA\xD1\x83\xD0\xBB", T_SELF}, /* артыкул */
	{"\xD0\xB2\xD0\xBF\xD0\xB5\xD1\x80\xD0\xB2\xD1\x8B\xD0\xB5", T_PUB}, /* впервые */
	{"\xD0\xB7\xD0\xB0\xD1\x89\xD0\xB8\xD1\x89\xD0\xB5\xD0\xBD\xD1\x8B", T_RIGHTS}, /* защищены */
	{"\xD0\xBC\xD0\xB0\xD1\x82\xD0\xB5\xD1\x80\xD0\xB8\xD0\xB0\xD0\xBB", T_SELF}, /* материал */
	{"\xD0\xBC\xD0\xB0\xD1\x82\xD1\x8D\xD1\x80\xD1\x8B\xD1\x8F\xD0\xBB", T_SELF}, /* матэрыял */
	{"\xD0\xBF\xD0\xB5\xD1\x80\xD0\xB0\xD0\xB4\xD1\x80\xD1\x83\xD0\xBA", T_PUB}, /* перадрук */
	{"\xD0\xBF\xD0\xB5\xD1\x80\xD0\xB5\xD0\xBF\xD0\xB5\xD1\x87\xD0\xB0\xD1\x82\xD0\xBA\xD0\xB0", T_PUB}, /* перепечатка */
	{"\xD0\xBF\xD1\x80\xD0\xB0\xD0\xB2\xD0\xB0", T_RIGHTS}, /* права */
	{"\xD0\xBF\xD1\x80\xD0\xB0\xD0\xB2\xD1\x8B", T_RIGHTS}, /* правы */
	{"\xD1\x81\xD1\x82\xD0\xB0\xD1\x82\xD1\x8C\xD1\x8F", T_SELF}, /* статья */
};

/* The longest line looked at as a trailer: a note, not a paragraph. */
#define TRAILER_WORDS 60

static void trailer_build(void)
{
	tab_build(&trailer_tab, trailer_words, sizeof trailer_words / sizeof trailer_words[0]);
}

/* The signals of a span of text. */
typedef struct tsig {
	int self, pub, rights, strong, link;
	size_t words;
} tsig;

static void tsig_add(tsig *a, const tsig *b)
{
	a->self |= b->self;
	a->pub += b->pub;
	a->rights += b->rights;
	a->strong += b->strong;
	a->link |= b->link;
	a->words += b->words;
}

/* 4 or more reads as the site's note about the article. */
static int tsig_score(const tsig *t)
{
	return t->self + 2 * (t->pub < 2 ? t->pub : 2) + 2 * (t->rights < 2 ? t->rights : 2) +
	       2 * (t->strong < 2 ? t->strong : 2) + 2 * t->link;
}

/* A note names the text or its rights, or links or asks for a
 * subscription; "reprinted with permission" alone is one only as a short
 * line of its own (prose tells of newspapers that reprinted a letter). */
static int about_itself(const tsig *t)
{
	return t->self || t->rights || t->link || t->strong || t->words <= 8;
}

/* Signals of s[0..n); counting stops past max words. */
static void trailer_sig(const char *s, size_t n, size_t max, tsig *t)
{
	int prev = 0, prev2 = 0;
	size_t i = 0;
	memset(t, 0, sizeof *t);
	while (i < n) {
		int wordy;
		size_t l = cp_len(s, n, i, &wordy);
		if (!wordy) {
			if (l == 2 && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA9)
				t->rights++; /* © */
			else if (s[i] == '@' || (s[i] == '/' && i + 1 < n && s[i + 1] == '/'))
				t->link = 1;
			i += l;
			continue;
		}
		size_t st = i;
		while (i < n) {
			size_t k = cp_len(s, n, i, &wordy);
			if (!wordy && !(s[i] == '-' && i + 1 < n && s[i + 1] != ' '))
				break;
			i += k;
		}
		if (++t->words > max)
			return;
		/* no signal word is shorter than four bytes but "www" */
		if (i - st < 4) {
			if (i - st == 3 && starts_ci(s + st, 3, "www"))
				t->link = 1;
			prev2 = prev;
			prev = 0;
			continue;
		}
		char low[40];
		size_t wl = fold_word(s + st, i - st, low, sizeof low);
		if (!wl)
			continue;
		int c = tab_class(&trailer_tab, low, wl);
		switch (c) {
		case T_SELF:
			t->self = 1;
			break;
		case T_PUB:
			t->pub++;
			break;
		case T_RIGHTS:
			t->rights++;
			break;
		case T_FIRST: /* "first appeared", "originally published" */
			if (prev == T_FIRST + 100 || prev == T_PUB)
				t->pub++;
			break;
		case T_VIEWS: /* "reflect the views of" */
			if (prev == T_REFLECT || prev2 == T_REFLECT)
				t->rights++;
			break;
		default:
			if (!strcmp(low, "first"))
				c = T_FIRST + 100;
			else if (!strcmp(low, "http") || !strcmp(low, "https"))
				t->link = 1;
			else if (lex_class(low, wl) == W_STRONG)
				t->strong++;
			break;
		}
		prev2 = prev;
		prev = c;
	}
}

/* Where the trailer at the end of s[0..n) starts, n when there is none. A
 * trailer may share its line with the article's last sentences (a scrape
 * that lost a paragraph break), so it is found sentence by sentence: the
 * earliest sentence of the last TRAILER_WORDS words that carries a signal
 * itself and from which the rest of the line scores as a trailer, made
 * largely of sentences that carry a signal: several sentences of the
 * article after a note keep the note where it is. Each sentence is read
 * once, from the last one back. */
static size_t trailer_start(const char *s, size_t n)
{
	size_t cut = n, end = n, signal = 0, sents = 0, signal_sents = 0;
	tsig suffix;
	memset(&suffix, 0, sizeof suffix);
	while (end) {
		/* the start of the sentence that ends at end */
		size_t st = end > 2 ? end - 2 : 0;
		for (; st; st--)
			if ((s[st - 1] == ' ') && st >= 2 &&
			    (s[st - 2] == '.' || s[st - 2] == '!' || s[st - 2] == '?') &&
			    (is_upper_cp(s, n, st) || (unsigned char)s[st] == 0xC2 || s[st] == '"'))
				break;
		tsig own;
		trailer_sig(s + st, end - st, TRAILER_WORDS - suffix.words, &own);
		tsig_add(&suffix, &own);
		if (suffix.words > TRAILER_WORDS)
			break;
		/* the notes must hold a third of the words: with this many
		 * words outside them, the words left cannot make up for it */
		if (tsig_score(&own) < 2 &&
		    suffix.words - signal > 2 * (TRAILER_WORDS - suffix.words) + 2 * signal)
			break;
		sents++;
		if (tsig_score(&own) >= 2) {
			signal += own.words;
			signal_sents++;
			/* the notes make up much of it: half the sentences, a
			 * third of the words */
			if (tsig_score(&suffix) >= 4 && signal_sents * 2 >= sents &&
			    signal * 3 >= suffix.words && about_itself(&suffix))
				cut = st;
		}
		end = st;
	}
	while (cut < n && cut && s[cut - 1] == ' ')
		cut--;
	return cut;
}

/* The body: [b, e] with the lines kept joined into paragraphs. */
static int build_body(const page *pg, size_t b, size_t e, size_t drop_first, sr_doc *d,
		      sr_error *err)
{
	sr_buf out;
	sr_buf_init(&out, (size_t)pg->v[e].off + pg->v[e].len + 16);
	long prev = -1;
	for (size_t i = b; i <= e; i++) {
		const line *L = &pg->v[i];
		int k = L->kind;
		if (k == K_BLANK || k == K_CAPTION || k == K_KV || k == K_BYWORD || k == K_BOILER ||
		    k == K_PERIOD || k == K_DATE)
			continue;
		if (is_title_repeat(pg, i))
			continue;
		const char *p = pg->t + L->off;
		size_t n = L->len;
		if (i == b && drop_first < n)
			p += drop_first, n -= drop_first;
		if (!(L->flags & LF_TERM)) /* a teaser ends in the next item's title */
			n = cut_teaser_tail(p, n);
		if (!n)
			continue;
		int join = 0;
		if (prev >= 0 && (size_t)prev + 1 == i) {
			const line *P = &pg->v[prev];
			const char *pp = pg->t + P->off;
			join = !(P->flags & LF_TERM) && pp[P->len - 1] != ':' && (L->flags & LF_LOWER) &&
			       P->kind != K_LIST;
		}
		int rc = out.len ? sr_buf_append(&out, join ? " " : "\n\n", join ? 1 : 2) : 0;
		if (rc || sr_buf_append(&out, p, n)) {
			sr_buf_cleanup(&out);
			return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
		}
		prev = (long)i;
	}
	if (out.len) {
		free(d->body);
		d->body = sr_buf_detach(&out, &d->body_len);
		if (!d->body) {
			d->body_len = 0;
			return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
		}
	}
	sr_buf_cleanup(&out);
	return 0;
}

/* Publication named by a whole line (header or trailer). */
static void pub_from_line(sr_doc *d, const page *pg, size_t i)
{
	const line *L = &pg->v[i];
	if (d->publication || !L->len || L->words > 8)
		return;
	const sr_publication *pub = sr_pub_by_name(pg->t + L->off, L->len);
	if (pub)
		sr_doc_set(&d->publication, pub->name, strlen(pub->name));
}

int sr_plain_extract(const char *text, size_t len, sr_doc *d, sr_plain_hints *hints, sr_error *err)
{
	pthread_once(&lex_once, lex_build);
	if (hints)
		memset(hints, 0, sizeof *hints);
	page pg = {text, NULL, 0, -1, NULL, 0};
	int rc = split_lines(text, len, &pg.v, &pg.n, err);
	if (rc)
		return rc;
	mark_repeats(&pg);

	/* the first real paragraph */
	size_t b = pg.n;
	for (size_t i = 0; i < pg.n; i++)
		if (pg.v[i].kind == K_PARA) {
			b = i;
			break;
		}
	size_t head_end = b < pg.n ? b : (pg.n < 40 ? pg.n : 40);

	/* the headline */
	int best = -1000;
	for (size_t i = 0; i < head_end; i++) {
		const line *L = &pg.v[i];
		if (L->kind != K_SHORT)
			continue;
		int s = title_score(&pg, i);
		if (s > best) {
			best = s;
			pg.title = (long)i;
		}
	}
	if (best < 2)
		pg.title = -1;
	if (pg.title >= 0) {
		const line *T = &pg.v[pg.title];
		pg.tp = text + T->off;
		pg.tlen = T->len;
		/* "Security: <headline>" names the sphere */
		const char *c = memchr(pg.tp, ':', pg.tlen);
		if (c && c > pg.tp && is_sphere(pg.tp, (size_t)(c - pg.tp)) &&
		    (size_t)(c - pg.tp) + 2 < pg.tlen) {
			set_field(&d->section, pg.tp, (size_t)(c - pg.tp));
			size_t skip = (size_t)(c - pg.tp) + 1;
			while (skip < pg.tlen && pg.tp[skip] == ' ')
				skip++;
			pg.tp += skip;
			pg.tlen -= skip;
		}
		set_field(&d->title, pg.tp, pg.tlen);
	}

	/* no paragraph at all: the text is its short lines */
	if (b == pg.n) {
		for (size_t i = pg.title >= 0 ? (size_t)pg.title + 1 : 0; i < pg.n; i++)
			if ((pg.v[i].kind == K_SHORT || pg.v[i].kind == K_LIST) && !is_title_repeat(&pg, i)) {
				b = i;
				break;
			}
	} else {
		/* a short opening paragraph just above the first long one */
		size_t floor_i = pg.title >= 0 ? (size_t)pg.title + 1 : 0;
		size_t j = b;
		while (j > floor_i) {
			const line *L = &pg.v[j - 1];
			if (L->kind == K_BLANK) {
				j--;
				continue;
			}
			if ((L->kind == K_SHORT || L->kind == K_PARA) && (L->flags & LF_TERM) &&
			    L->words >= 6 && !(L->flags & LF_REPEAT) && !is_title_repeat(&pg, j - 1)) {
				b = --j;
				continue;
			}
			break;
		}
	}

	/* header metadata: lines before the body */
	long period_line = -1;
	for (size_t i = 0; i < b && i < pg.n; i++) {
		const line *L = &pg.v[i];
		const char *p = text + L->off;
		switch (L->kind) {
		case K_PERIOD: {
			sr_datex x, y;
			if (period_line < 0 && whole_range(p, L->len, &x, &y) && x.y && y.y) {
				d->period_start = sr_date_make(x.y, x.m, x.d);
				d->period_end = sr_date_make(y.y, y.m, y.d);
				period_line = (long)i;
			}
			break;
		}
		case K_DATE: {
			sr_date dt;
			if (!d->date && date_line(p, L->len, &dt)) {
				d->date = dt;
				d->date_basis = SR_BASIS_STATED;
			}
			break;
		}
		case K_TREND:
			if (!d->trend)
				d->trend = (sr_trend)L->trend;
			break;
		case K_KV:
			if (read_kv(d, p, L->len)) {
				free(pg.v);
				return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
			}
			break;
		case K_SHORT:
			if ((long)i != pg.title) {
				pub_from_line(d, &pg, i);
				numbers_in(p, L->len, &d->volume, &d->issue);
				if (!d->byline && pg.title >= 0 && starts_ci(p, L->len, "by ") && L->words <= 6)
					set_field(&d->byline, p + 3, L->len - 3);
			}
			break;
		default:
			break;
		}
	}
	/* the sphere: the label right after the period, else a known sphere */
	if (!d->section && period_line >= 0) {
		for (size_t i = (size_t)period_line + 1; i < b; i++) {
			const line *L = &pg.v[i];
			if (L->kind == K_BLANK)
				continue;
			if (L->kind == K_SHORT && (long)i != pg.title && !is_title_repeat(&pg, i) &&
			    L->words >= 1 && L->words <= 6 && !(L->flags & LF_TERM))
				set_field(&d->section, text + L->off, L->len);
			break;
		}
	}
	if (!d->section) {
		long best_i = -1, best_gap = 0;
		for (size_t i = 0; i < b; i++) {
			if (pg.v[i].kind != K_SHORT || (long)i == pg.title ||
			    !is_sphere(text + pg.v[i].off, pg.v[i].len))
				continue;
			/* nearest the headline; after it on a tie */
			long gap = pg.title >= 0 ? 2 * labs((long)i - pg.title) - ((long)i > pg.title) : (long)i;
			if (best_i < 0 || gap < best_gap)
				best_i = (long)i, best_gap = gap;
		}
		if (best_i >= 0)
			set_field(&d->section, text + pg.v[best_i].off, pg.v[best_i].len);
	}
	/* a name alone under the headline is its author */
	if (!d->byline && pg.title >= 0) {
		for (size_t i = (size_t)pg.title + 1; i < b; i++) {
			if (pg.v[i].kind == K_BLANK)
				continue;
			if (name_shaped(&pg, i))
				set_field(&d->byline, text + pg.v[i].off, pg.v[i].len);
			break;
		}
	}
	if (d->title)
		title_dates(d, d->title, strlen(d->title));

	/* the end of the body */
	size_t e = b;
	if (b < pg.n) {
		for (size_t i = b + 1; i < pg.n; i++) {
			const line *L = &pg.v[i];
			if (L->kind == K_BOILER) {
				if ((L->flags & LF_HARD) || !resumes_after(&pg, i))
					break;
				continue;
			}
			if (L->kind == K_DATE || L->kind == K_PERIOD)
				break;
			if (is_content(L))
				e = i;
		}
		/* the site's closing notes about the article are not its text */
		while (e > b) {
			line *L = &pg.v[e];
			size_t cut = trailer_start(text + L->off, L->len);
			if (cut == L->len)
				break;
			if (cut) { /* the line ends with it */
				L->len = (uint32_t)cut;
				break;
			}
			size_t j = e;
			while (j > b && !is_content(&pg.v[j - 1]))
				j--;
			if (j == b && !is_content(&pg.v[b]))
				break;
			e = j > b ? j - 1 : b;
		}
		/* a source list in parentheses right after the body */
		for (size_t i = e + 1; hints && i < pg.n; i++) {
			const line *L = &pg.v[i];
			const char *p = text + L->off;
			if (L->kind == K_BLANK)
				continue;
			if (L->len < 2 || p[0] != '(' || p[L->len - 1] != ')' ||
			    !sr_cite_parse(p + 1, L->len - 2, NULL, 0))
				break;
			if (!hints->sources_len)
				hints->sources_off = L->off;
			hints->sources_len = L->off + L->len - hints->sources_off;
		}
		/* publication named in the trailer ("Belarus in focus") */
		for (size_t i = e + 1; i < pg.n && !d->publication; i++)
			if (pg.v[i].kind == K_SHORT || pg.v[i].kind == K_BOILER)
				pub_from_line(d, &pg, i);
		/* a dateline opens the first paragraph */
		sr_datex x;
		const char *ag;
		size_t agl;
		size_t drop = dateline(text + pg.v[b].off, pg.v[b].len, &x, &ag, &agl);
		if (drop) {
			const sr_publication *pub = ag ? sr_pub_by_name(ag, agl) : NULL;
			if (pub && !d->publication)
				sr_doc_set(&d->publication, pub->name, strlen(pub->name));
			if (x.y && !d->date) {
				d->date = sr_date_make(x.y, x.m, x.d);
				d->date_basis = SR_BASIS_STATED;
			} else if (!x.y && hints) {
				hints->dateline_m = x.m;
				hints->dateline_d = x.d;
			}
		}
		rc = build_body(&pg, b, e, drop, d, err);
	}
	free(pg.v);
	return rc;
}

int sr_plain_body_meta(sr_doc *d, sr_error *err)
{
	pthread_once(&lex_once, lex_build);
	if (!d->body || !d->body_len)
		return 0;
	page pg = {d->body, NULL, 0, -1, d->title, d->title ? strlen(d->title) : 0};
	int rc = split_lines(d->body, d->body_len, &pg.v, &pg.n, err);
	if (rc)
		return rc;
	size_t i = 0, keep = 0;
	long period_line = -1;
	for (; i < pg.n && i < 24; i++) {
		const line *L = &pg.v[i];
		const char *p = d->body + L->off;
		int k = L->kind;
		if (k == K_BLANK || k == K_CAPTION || k == K_BYWORD || is_title_repeat(&pg, i))
			continue;
		if (k == K_PERIOD) {
			sr_datex x, y;
			if (!d->period_start && whole_range(p, L->len, &x, &y) && x.y && y.y) {
				d->period_start = sr_date_make(x.y, x.m, x.d);
				d->period_end = sr_date_make(y.y, y.m, y.d);
			}
			period_line = (long)i;
			continue;
		}
		if (k == K_DATE) {
			sr_date dt;
			if (!d->date && date_line(p, L->len, &dt)) {
				d->date = dt;
				d->date_basis = SR_BASIS_STATED;
			}
			continue;
		}
		if (k == K_TREND) {
			if (!d->trend)
				d->trend = (sr_trend)L->trend;
			continue;
		}
		if (k == K_KV) {
			if (read_kv(d, p, L->len))
				rc = sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
			continue;
		}
		if (k == K_SHORT && period_line >= 0 && !d->section && L->words <= 6 &&
		    !(L->flags & LF_TERM)) {
			set_field(&d->section, p, L->len);
			continue;
		}
		break;
	}
	if (i < pg.n)
		keep = pg.v[i].off;
	else
		keep = d->body_len;
	if (keep && !rc) {
		memmove(d->body, d->body + keep, d->body_len - keep + 1);
		d->body_len -= keep;
	}
	free(pg.v);
	return rc;
}
