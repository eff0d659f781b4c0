/* gencorpus.c — make a large synthetic corpus for the benchmark by
 * recombining the sentences of the bundled sample corpus.
 *
 * usage: gencorpus SRCDIR OUTDIR [PLAIN_MB HTML_MB STORE_DOCS NQUERIES]
 *
 * Reads every file under SRCDIR (plain text, HTML, JSONL), keeps the body
 * sentences (paragraphs of some length, <p> contents, JSONL "text"/"html"),
 * and writes, with a fixed seed so every run is identical:
 *   OUTDIR/plain/NNNN/NNNNNN.txt   weekly-commentary and journal layouts
 *   OUTDIR/html/NNNN/NNNNNN.html   full pages from three site templates
 *   OUTDIR/store.jsonl        STORE_DOCS articles, one per line ("text" or "html")
 *   OUTDIR/store-small.jsonl  the first 1,000 of them (for the memory check)
 *   OUTDIR/queries.txt        NQUERIES search queries of 1–3 corpus words
 * and prints the byte and document counts of each part.
 *
 * The texts are nonsense at the paragraph level but real at the sentence
 * level, which is what extract, stemming and the full-text index see. The
 * sample corpus has only a few thousand distinct words, so one paragraph in
 * two also gets a sentence naming two made-up places or people, drawn
 * log-uniformly from 200,000 syllable-built names: a long tail of rare
 * words as in real news, so the index is not unrealistically small. Only
 * the benchmark uses this program; it is not part of sitrep. */
#define _XOPEN_SOURCE 700
#include <ctype.h>
#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* ---- small helpers ---------------------------------------------------------- */

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "gencorpus: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

typedef struct {
	char *p;
	size_t len, cap;
} buf;

static void bput(buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void bputs(buf *b, const char *s)
{
	bput(b, s, strlen(s));
}

static void bprintf(buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("format error");
	if ((size_t)n >= sizeof tmp)
		n = (int)sizeof tmp - 1;
	bput(b, tmp, (size_t)n);
}

/* xorshift64*: a fixed seed makes the corpus the same on every run */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static size_t pick(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

/* ---- sentence pools ------------------------------------------------------------ */

typedef struct {
	char **s;
	size_t n, cap;
} pool;

static pool pool_en, pool_cyr;

static void pool_add(pool *p, char *s)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->s = xrealloc(p->s, p->cap * sizeof *p->s);
	}
	p->s[p->n++] = s;
}

static int has_ci(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	for (; *s; s++)
		if (strncasecmp(s, needle, n) == 0)
			return 1;
	return 0;
}

/* Boilerplate that leaks through <p> or long lines: not article sentences. */
static int boilerplate(const char *s)
{
	static const char *const words[] = {
		"cookie", "subscri", "newsletter", "rights reserved", "\xC2\xA9", "republish", "reprint", "sign up",
		"log in", "privacy", "BE/RU", "Every Friday",
		"Подпис", "рассылк", "Каждую пятницу",  /* the Russian site boilerplate */
		"Падпіс", "Кожную пятніцу", /* and the Belarusian */
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (has_ci(s, words[i]))
			return 1;
	return 0;
}

static void add_sentence(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\n' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t'))
		n--;
	if (n < 30 || n > 600)
		return;
	char *t = xstrndup(s, n);
	for (char *q = t; *q; q++)
		if (*q == '\n' || *q == '\t' || *q == '\r')
			*q = ' ';
	if (boilerplate(t)) {
		free(t);
		return;
	}
	int cyr = 0;
	for (const unsigned char *q = (const unsigned char *)t; *q; q++)
		if (*q == 0xD0 || *q == 0xD1)
			cyr = 1;
	pool_add(cyr ? &pool_cyr : &pool_en, t);
}

/* A sentence ends at . ! ? followed by a space and a capital (ASCII or a
 * Cyrillic lead byte) or an opening quote. */
static void split_sentences(const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i + 2 < n; i++) {
		if ((s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i + 1] == ' ') {
			unsigned char c = (unsigned char)s[i + 2];
			if (isupper(c) || c == 0xD0 || c == 0xD1 || c == '"' || c == 0xC2 || c == 0xE2) {
				add_sentence(s + start, i + 1 - start);
				start = i + 2;
			}
		}
	}
	add_sentence(s + start, n - start);
}

static size_t count_words(const char *s, size_t n)
{
	size_t w = 0;
	int in = 0;
	for (size_t i = 0; i < n; i++) {
		int sp = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
		if (!sp && !in)
			w++;
		in = !sp;
	}
	return w;
}

/* Plain text: paragraphs (blank-line separated) of 12 words or more. */
static void take_plain(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && !(s[j] == '\n' && j + 1 < n && s[j + 1] == '\n'))
			j++;
		if (count_words(s + i, j - i) >= 12)
			split_sentences(s + i, j - i);
		i = j + 2;
	}
}

/* HTML: the text inside <p>…</p>, tags dropped, a few entities decoded. */
static void take_html(const char *s, size_t n)
{
	buf t = {0};
	for (size_t i = 0; i + 3 < n; i++) {
		if (!(s[i] == '<' && (s[i + 1] == 'p' || s[i + 1] == 'P') && (s[i + 2] == '>' || s[i + 2] == ' ')))
			continue;
		const char *end = strstr(s + i, "</p>");
		if (!end)
			break;
		const char *p = strchr(s + i, '>') + 1;
		t.len = 0;
		for (; p < end; p++) {
			if (*p == '<') {
				while (p < end && *p != '>')
					p++;
				continue;
			}
			if (*p == '&') {
				static const struct {
					const char *e, *r;
				} ent[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#x27;", "'"},
					   {"&#39;", "'"}, {"&nbsp;", " "}};
				size_t k;
				for (k = 0; k < sizeof ent / sizeof ent[0]; k++)
					if (!strncmp(p, ent[k].e, strlen(ent[k].e)))
						break;
				if (k < sizeof ent / sizeof ent[0]) {
					bputs(&t, ent[k].r);
					p += strlen(ent[k].e) - 1;
					continue;
				}
			}
			bput(&t, p, 1);
		}
		if (t.len && count_words(t.p, t.len) >= 12)
			split_sentences(t.p, t.len);
		i = (size_t)(end - s);
	}
	free(t.p);
}

/* The value of "key": "…" on a JSONL line, JSON escapes undone (BMP only,
 * enough for our own corpus). NULL if absent. */
static char *json_str(const char *line, const char *key)
{
	char pat[64];
	snprintf(pat, sizeof pat, "\"%s\": \"", key);
	const char *p = strstr(line, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	buf b = {0};
	for (; *p && *p != '"'; p++) {
		if (*p != '\\') {
			bput(&b, p, 1);
			continue;
		}
		p++;
		char c = *p;
		if (c == 'n')
			bputs(&b, "\n");
		else if (c == 't')
			bputs(&b, "\t");
		else if (c == 'u' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2]) &&
			 isxdigit((unsigned char)p[3]) && isxdigit((unsigned char)p[4])) {
			char hex[5] = {p[1], p[2], p[3], p[4], 0};
			unsigned cp = (unsigned)strtoul(hex, NULL, 16);
			char u[3];
			if (cp < 0x80) {
				u[0] = (char)cp;
				bput(&b, u, 1);
			} else if (cp < 0x800) {
				u[0] = (char)(0xC0 | (cp >> 6));
				u[1] = (char)(0x80 | (cp & 0x3F));
				bput(&b, u, 2);
			} else {
				u[0] = (char)(0xE0 | (cp >> 12));
				u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
				u[2] = (char)(0x80 | (cp & 0x3F));
				bput(&b, u, 3);
			}
			p += 4;
		} else if (c)
			bput(&b, &c, 1);
		else
			break;
	}
	if (!b.p)
		bputs(&b, "");
	return b.p;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("%s: %s", path, strerror(errno));
	buf b = {0};
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		bput(&b, chunk, got);
	fclose(f);
	if (!b.p)
		bputs(&b, "");
	*len = b.len;
	return b.p;
}

static int ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

/* nftw has no user pointer; file names are gathered, then read in sorted order
 * so the pools (and with them the output) do not depend on directory order. */
static char **paths;
static size_t npaths, cappaths;

static int gather(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type != FTW_F)
		return 0;
	if (npaths == cappaths) {
		cappaths = cappaths ? cappaths * 2 : 64;
		paths = xrealloc(paths, cappaths * sizeof *paths);
	}
	paths[npaths++] = xstrndup(path, strlen(path));
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load(const char *dir)
{
	if (nftw(dir, gather, 16, FTW_PHYS) != 0)
		die("cannot walk %s", dir);
	qsort(paths, npaths, sizeof *paths, cmp_str);
	for (size_t i = 0; i < npaths; i++) {
		size_t len;
		char *s = slurp(paths[i], &len);
		if (ends_with(paths[i], ".jsonl")) {
			char *line = s;
			while (line && *line) {
				char *nl = strchr(line, '\n');
				if (nl)
					*nl = '\0';
				char *v;
				if ((v = json_str(line, "text"))) {
					take_plain(v, strlen(v));
					free(v);
				} else if ((v = json_str(line, "html"))) {
					take_html(v, strlen(v));
					free(v);
				}
				line = nl ? nl + 1 : NULL;
			}
		} else if (ends_with(paths[i], ".html") || ends_with(paths[i], ".htm")) {
			take_html(s, len);
		} else {
			take_plain(s, len);
		}
		free(s);
		free(paths[i]);
	}
	free(paths);
}

/* ---- dates ------------------------------------------------------------------------ */

/* days since 1970-01-01 <-> civil date (Howard Hinnant's algorithms) */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static const char *const month_en[] = {"January", "February", "March",     "April",   "May",      "June",
				       "July",    "August",   "September", "October", "November", "December"};
static const char *const month_ru[] = {"января", "февраля", "марта",    "апреля", "мая",    "июня",
				       "июля",   "августа", "сентября", "октября", "ноября", "декабря"};

/* ---- documents --------------------------------------------------------------------- */

static const char *const spheres[] = {"Security issues", "Foreign policy", "Economy", "Domestic politics"};
static const char *const labels[] = {"The situation has gotten worse", "The situation has not changed",
				     "The situation has gotten better"};
static const char *const pubs[] = {"Minsk Security Monitor", "Baltic Defence Review", "Eastern Flank Quarterly"};
static const char *const agencies[] = {"Interfax", "BelTA", "TASS", "RIA Novosti", "LRT", "Belsat", "Reuters"};
static const char *const authors[] = {"Anna Rudnik", "Pavel Loban", "Ieva Ozola", "Tomas Vaitkus", "Marta Sieniuk"};

typedef struct {
	long day; /* days since epoch */
	int ru;
	char title[256];
	buf body; /* paragraphs separated by blank lines (plain) */
	size_t nparas;
	char *paras[64];
} doc;

/* Name number k (0 <= k < 200000) as 2–4 syllables, capitalised. */
static void pseudo_name(buf *b, unsigned long k)
{
	static const char *const syl[] = {"ka", "ro", "vi", "len", "mar", "tso", "bel", "dra", "shu", "ny",
					  "pol", "zem", "ha", "rin", "vo", "ster", "lu", "mir", "gra", "che"};
	char w[32];
	size_t n = 0;
	int nsyl = 2 + (int)(k % 3);
	for (int i = 0; i < nsyl; i++, k /= 20)
		for (const char *p = syl[k % 20]; *p && n < sizeof w - 1; p++)
			w[n++] = *p;
	w[0] = (char)toupper((unsigned char)w[0]);
	bput(b, w, n);
}

static unsigned long zipf_name(void)
{
	/* log-uniform over [1, 200000): rank r has probability ~ 1/r */
	double u = (double)(rnd() >> 11) / 9007199254740992.0;
	unsigned long k = (unsigned long)exp(u * log(200000.0));
	return k >= 200000 ? 199999 : k;
}

static const char *sentence(int ru)
{
	pool *p = ru && pool_cyr.n ? &pool_cyr : &pool_en;
	return p->s[pick(p->n)];
}

/* A title: the first 6–11 words of a random sentence, without its end mark. */
static void make_title(doc *d)
{
	const char *s = sentence(d->ru);
	size_t words = 6 + pick(6), n = 0, w = 0;
	while (s[n] && w < words) {
		if (s[n] == ' ')
			w++;
		if (w < words)
			n++;
	}
	while (n && (s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == ' ' || s[n - 1] == ':'))
		n--;
	if (n >= sizeof d->title)
		n = sizeof d->title - 1;
	memcpy(d->title, s, n);
	d->title[n] = '\0';
}

static void make_doc(doc *d, size_t min_sent, size_t max_sent, int cite)
{
	d->day = days_from_civil(2015, 1, 1) + (long)pick(3650);
	d->ru = pool_cyr.n && pick(100) < 5;
	make_title(d);
	size_t nsent = min_sent + pick(max_sent - min_sent + 1);
	d->nparas = 0;
	for (size_t done = 0; done < nsent && d->nparas < 64;) {
		buf p = {0};
		size_t k = 2 + pick(3);
		for (size_t j = 0; j < k && done < nsent; j++, done++) {
			if (p.len)
				bputs(&p, " ");
			bputs(&p, sentence(d->ru));
		}
		if (!d->ru && pick(2) == 0) {
			static const char *const tpl[][3] = {{" Officials from ", " met their counterparts from ", "."},
							     {" The report was filed from ", " by ", "."},
							     {" Residents of ", " and ", " described the situation as calm."}};
			size_t t = pick(3);
			bputs(&p, tpl[t][0]);
			pseudo_name(&p, zipf_name());
			bputs(&p, tpl[t][1]);
			pseudo_name(&p, zipf_name());
			bputs(&p, tpl[t][2]);
		}
		if (cite && !d->ru && pick(3) == 0 && p.len && p.p[p.len - 1] == '.') {
			int y, m, dd;
			civil_from_days(d->day - (long)pick(20), &y, &m, &dd);
			p.len--; /* "… (Interfax, March 3)." */
			bprintf(&p, " (%s, %s %d).", agencies[pick(7)], month_en[m - 1], dd);
		}
		d->paras[d->nparas++] = p.p;
	}
}

static void free_doc(doc *d)
{
	for (size_t i = 0; i < d->nparas; i++)
		free(d->paras[i]);
	d->nparas = 0;
}

static void html_escape(buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': bputs(b, "&amp;"); break;
		case '<': bputs(b, "&lt;"); break;
		case '>': bputs(b, "&gt;"); break;
		case '"': bputs(b, "&quot;"); break;
		default: bput(b, s, 1);
		}
	}
}

static void json_escape(buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			bput(b, "\\", 1);
			bput(b, s, 1);
		} else if (c == '\n') {
			bputs(b, "\\n");
		} else if (c < 0x20) {
			bprintf(b, "\\u%04x", c);
		} else {
			bput(b, s, 1);
		}
	}
}

static void plain_weekly(buf *b, doc *d)
{
	int y, m, dd, y2, m2, d2;
	long monday = d->day - ((d->day + 3) % 7); /* 1970-01-01 was a Thursday */
	civil_from_days(monday, &y, &m, &dd);
	civil_from_days(monday + 6, &y2, &m2, &d2);
	if (d->ru)
		bprintf(b, "%d %s – %d %s %d\nБезопасность\n\n", dd, month_ru[m - 1], d2, month_ru[m2 - 1], y2);
	else
		bprintf(b, "%s %d – %s %d, %d\n%s\n\n", month_en[m - 1], dd, month_en[m2 - 1], d2, y2, spheres[pick(4)]);
	bprintf(b, "%s\n\n%s\n%s\n\n", d->title, d->ru ? "Ситуация не изменилась" : labels[pick(3)], d->title);
	for (size_t i = 0; i < d->nparas; i++)
	{
		bputs(b, d->paras[i]);
		bputs(b, "\n\n");
	}
	bputs(b, "Thank you, your subscription is confirmed\n\nGet our weekly newsletter\n\n"
		 "Every Friday our analysts send a short review of the week in Belarus.\nEN\nBE/RU\nSubscribe\n\n"
		 "Belarus Security Watch\n\nView all\n\nFollow us\n\nRead more\n");
}

static void plain_journal(buf *b, doc *d)
{
	int y, m, dd;
	civil_from_days(d->day, &y, &m, &dd);
	bprintf(b, "%s\n\nPublication: %s Volume: %d Issue: %d\n\n(Source: %s)\n\n", d->title, pubs[pick(3)], y - 2014,
		(int)(1 + pick(200)), authors[pick(5)]);
	for (size_t i = 0; i < d->nparas; i++) {
		bputs(b, d->paras[i]);
		bputs(b, i + 1 < d->nparas ? "\n\n" : "\n");
	}
}

static void html_page(buf *b, doc *d, size_t n)
{
	int y, m, dd;
	civil_from_days(d->day, &y, &m, &dd);
	int t = (int)(n % 3);
	const char *site = t == 0 ? "Eastern Flank Notes" : t == 1 ? "Vilnius Policy Desk" : "Regional Security Wire";
	bprintf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>", d->ru ? "ru" : "en");
	html_escape(b, d->title);
	bprintf(b, " | %s</title>\n<meta property=\"og:title\" content=\"", site);
	html_escape(b, d->title);
	bprintf(b, "\">\n<meta property=\"article:published_time\" content=\"%04d-%02d-%02dT09:00:00+02:00\">\n"
		   "<meta name=\"author\" content=\"%s\">\n<link rel=\"stylesheet\" href=\"/css/site.css\">\n"
		   "<script>window.dataLayer=window.dataLayer||[];dataLayer.push({page:'article'});</script>\n</head>\n<body>\n",
		y, m, dd, authors[pick(5)]);
	bputs(b, "<div class=\"cookie-banner\"><p>We use cookies to improve your experience. By continuing to browse you "
		 "agree to our use of cookies.</p><button>Accept</button></div>\n");
	bprintf(b, "<header><a class=\"logo\" href=\"/\">%s</a><nav><ul><li><a href=\"/security\">Security</a></li>"
		   "<li><a href=\"/foreign-policy\">Foreign policy</a></li><li><a href=\"/economy\">Economy</a></li>"
		   "<li><a href=\"/about\">About</a></li></ul></nav></header>\n<main>\n",
		site);
	bputs(b, t == 1 ? "<div class=\"article-body\">\n<h1>" : "<article>\n<h1>");
	html_escape(b, d->title);
	bprintf(b, "</h1>\n<div class=\"meta\">%d %s %d</div>\n<div class=\"share\"><a href=\"#\">Share on Facebook</a> "
		   "<a href=\"#\">Share on X</a> <a href=\"#\">Telegram</a></div>\n",
		dd, month_en[m - 1], y);
	for (size_t i = 0; i < d->nparas; i++) {
		bputs(b, "<p>");
		html_escape(b, d->paras[i]);
		bputs(b, "</p>\n");
	}
	bputs(b, t == 1 ? "</div>\n" : "</article>\n");
	bputs(b, "<aside class=\"related\"><h3>Related articles</h3><ul>");
	for (int i = 0; i < 4; i++) {
		bputs(b, "<li><a href=\"/a\">");
		char tt[256];
		doc tmp = {.ru = 0};
		make_title(&tmp);
		snprintf(tt, sizeof tt, "%s", tmp.title);
		html_escape(b, tt);
		bputs(b, "</a></li>");
	}
	bprintf(b, "</ul></aside>\n</main>\n<footer><p>\xC2\xA9 %s. All rights reserved.</p><p><a href=\"/privacy\">"
		   "Privacy policy</a> | <a href=\"/contact\">Contact</a></p></footer>\n</body>\n</html>\n",
		site);
}

static void write_file(const char *path, const buf *b)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(b->p, 1, b->len, f) != b->len || fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
}

static void mkdir_p(const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		die("mkdir %s: %s", path, strerror(errno));
}

/* Files of one part, 1,000 to a directory, until target bytes are written. */
static void gen_part(const char *out, const char *part, unsigned long long target, int html)
{
	char dir[4096], path[4200];
	snprintf(dir, sizeof dir, "%s/%s", out, part);
	mkdir_p(dir);
	unsigned long long bytes = 0;
	size_t n = 0;
	buf b = {0};
	while (bytes < target) {
		if (n % 1000 == 0) {
			snprintf(dir, sizeof dir, "%s/%s/%04zu", out, part, n / 1000);
			mkdir_p(dir);
		}
		doc d = {0};
		make_doc(&d, 10, 40, !html && n % 2 == 1);
		b.len = 0;
		if (html)
			html_page(&b, &d, n);
		else if (n % 2 == 0)
			plain_weekly(&b, &d);
		else
			plain_journal(&b, &d);
		snprintf(path, sizeof path, "%s/%06zu.%s", dir, n, html ? "html" : "txt");
		write_file(path, &b);
		bytes += b.len;
		n++;
		free_doc(&d);
	}
	free(b.p);
	printf("%s\t%zu\t%llu\n", part, n, bytes);
}

static void gen_store(const char *out, size_t docs)
{
	char path[4200], small[4200];
	snprintf(path, sizeof path, "%s/store.jsonl", out);
	snprintf(small, sizeof small, "%s/store-small.jsonl", out);
	FILE *f = fopen(path, "wb"), *fs = fopen(small, "wb");
	if (!f || !fs)
		die("%s: %s", path, strerror(errno));
	unsigned long long bytes = 0;
	buf b = {0}, body = {0};
	for (size_t i = 0; i < docs; i++) {
		doc d = {0};
		make_doc(&d, 5, 14, 0);
		int y, m, dd;
		civil_from_days(d.day, &y, &m, &dd);
		b.len = 0;
		body.len = 0;
		int html = i % 5 == 4;
		for (size_t k = 0; k < d.nparas; k++) {
			if (html) {
				bputs(&body, "<p>");
				html_escape(&body, d.paras[k]);
				bputs(&body, "</p>");
			} else {
				if (k)
					bputs(&body, "\n\n");
				bputs(&body, d.paras[k]);
			}
		}
		bprintf(&b, "{\"id\": \"b%07zu\", \"url\": \"https://bench.example/%zu\", \"date\": \"%04d-%02d-%02d\", \"title\": \"",
			i, i, y, m, dd);
		json_escape(&b, d.title);
		bputs(&b, html ? "\", \"html\": \"" : "\", \"text\": \"");
		json_escape(&b, body.p);
		bputs(&b, "\"}\n");
		if (fwrite(b.p, 1, b.len, f) != b.len || (i < 1000 && fwrite(b.p, 1, b.len, fs) != b.len))
			die("%s: %s", path, strerror(errno));
		bytes += b.len;
		free_doc(&d);
	}
	if (fclose(f) != 0 || fclose(fs) != 0)
		die("%s: %s", path, strerror(errno));
	free(b.p);
	free(body.p);
	printf("store\t%zu\t%llu\n", docs, bytes);
}

/* Queries: 1–3 words of 5+ letters from English sentences; half drawn by
 * frequency (common words, long posting lists), half uniformly from the
 * distinct vocabulary (rare words). */
static void gen_queries(const char *out, size_t nq)
{
	char **tok = NULL;
	size_t ntok = 0, cap = 0;
	for (size_t i = 0; i < pool_en.n; i++) {
		const char *s = pool_en.s[i];
		while (*s) {
			while (*s && !isalpha((unsigned char)*s))
				s++;
			const char *w = s;
			while (isalpha((unsigned char)*s))
				s++;
			if (s - w >= 5) {
				if (ntok == cap) {
					cap = cap ? cap * 2 : 1024;
					tok = xrealloc(tok, cap * sizeof *tok);
				}
				tok[ntok] = xstrndup(w, (size_t)(s - w));
				for (char *c = tok[ntok]; *c; c++)
					*c = (char)tolower((unsigned char)*c);
				ntok++;
			}
		}
	}
	if (!ntok)
		die("no words for queries");
	char **voc = xrealloc(NULL, ntok * sizeof *voc);
	memcpy(voc, tok, ntok * sizeof *voc);
	qsort(voc, ntok, sizeof *voc, cmp_str);
	size_t nv = 0;
	for (size_t i = 0; i < ntok; i++)
		if (!nv || strcmp(voc[nv - 1], voc[i]))
			voc[nv++] = voc[i];
	char path[4200];
	snprintf(path, sizeof path, "%s/queries.txt", out);
	FILE *f = fopen(path, "wb");
	if (!f)
		die("%s: %s", path, strerror(errno));
	buf name = {0};
	for (size_t q = 0; q < nq; q++) {
		if (q % 10 == 9) { /* a made-up name from the long tail */
			name.len = 0;
			pseudo_name(&name, zipf_name());
			fprintf(f, "%s\n", name.p);
			continue;
		}
		size_t k = 1 + (pick(10) < 3) + (pick(10) < 1);
		for (size_t j = 0; j < k; j++)
			fprintf(f, "%s%s", j ? " " : "", q % 2 ? voc[pick(nv)] : tok[pick(ntok)]);
		fputc('\n', f);
	}
	free(name.p);
	if (fclose(f) != 0)
		die("%s: %s", path, strerror(errno));
	for (size_t i = 0; i < ntok; i++)
		free(tok[i]);
	free(tok);
	free(voc);
	printf("queries\t%zu\t%zu distinct words\n", nq, nv);
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 7) {
		fprintf(stderr, "usage: gencorpus SRCDIR OUTDIR [PLAIN_MB HTML_MB STORE_DOCS NQUERIES]\n");
		return 2;
	}
	unsigned long long plain_mb = 50, html_mb = 70;
	size_t docs = 100000, nq = 1000;
	if (argc == 7) {
		plain_mb = strtoull(argv[3], NULL, 10);
		html_mb = strtoull(argv[4], NULL, 10);
		docs = (size_t)strtoull(argv[5], NULL, 10);
		nq = (size_t)strtoull(argv[6], NULL, 10);
	}
	load(argv[1]);
	if (pool_en.n < 100)
		die("only %zu sentences under %s", pool_en.n, argv[1]);
	fprintf(stderr, "gencorpus: %zu English and %zu Cyrillic sentences\n", pool_en.n, pool_cyr.n);
	mkdir_p(argv[2]);
	gen_part(argv[2], "plain", plain_mb << 20, 0);
	gen_part(argv[2], "html", html_mb << 20, 1);
	gen_store(argv[2], docs);
	gen_queries(argv[2], nq);
	return 0;
}
