/* test_extract_plain.c — the plain-text extractor and the extract
 * dispatcher on small texts written for these tests (tests/data/plain/):
 * a wire story with a dateline, a Russian article with "18 марта 2019 года",
 * a page with navigation and a cookie banner, syndicated copies with the
 * site's footer, a JSONL article whose paragraphs end in leaked page
 * furniture; plus the single rules (label
 * lines, wrapped lines, teaser tails, sphere prefixes, metadata at the head
 * of an HTML body, the line limit) and a throughput figure printed when
 * SITREP_BENCH_VERBOSE=1 (never asserted). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract.h"
#include "extract_plain.h"

static sr_extractor *X;

static int setup(void **state)
{
	X = sr_extract_new();
	return X ? 0 : -1;
}

static int teardown(void **state)
{
	sr_extract_free(X);
	return 0;
}

static int extract_text(const char *text, sr_doc *d)
{
	sr_input in = {0};
	in.file = "test";
	in.format = SR_FMT_PLAIN;
	in.bytes = text;
	in.len = strlen(text);
	sr_error err;
	return sr_extract_doc(X, &in, d, &err);
}

static char *fixture(const char *name)
{
	char rel[256];
	snprintf(rel, sizeof rel, "tests/data/plain/%s", name);
	char *t = tu_read_file(tu_root_path(rel), NULL);
	assert_non_null(t);
	return t;
}

static void assert_str_or_null(const char *got, const char *want)
{
	if (!want)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
}

static void assert_date(sr_date got, const char *want)
{
	char g[11];
	sr_date_format(got, g);
	assert_string_equal(g, want ? want : "");
}

static void test_fixture_dateline(void **state)
{
	char *t = fixture("dateline.txt");
	sr_doc d;
	assert_int_equal(extract_text(t, &d), 0);
	assert_str_or_null(d.title, "Belarus opens new border crossing with Lithuania");
	assert_str_or_null(d.byline, "Anna Novik");
	assert_str_or_null(d.publication, "Reuters"); /* the agency of the dateline */
	assert_str_or_null(d.section, NULL);
	/* the dateline gives March 3; the year comes from the dated citation */
	assert_date(d.date, "2021-03-03");
	assert_int_equal(d.date_basis, SR_BASIS_STATED);
	assert_string_equal(d.language, "en");
	assert_int_equal(d.ncites, 1);
	assert_string_equal(d.cites[0].name, "Interfax");
	assert_int_equal(d.cites[0].date, 20210301);
	assert_string_equal(
		d.body,
		"Belarus opened a new road crossing on its border with Lithuania on Wednesday, the State Border "
		"Committee said, two years after lorry traffic between the neighbours fell to a trickle.\n\n"
		"The crossing near the village of Kamenny Log can handle up to 400 lorries a day, the committee "
		"said in a statement. Lithuanian officials did not comment.\n\n"
		"Trade between the two countries fell sharply after Vilnius joined Western sanctions (Interfax, "
		"March 1, 2021).");
	sr_doc_cleanup(&d);
	free(t);
}

static void test_fixture_russian(void **state)
{
	char *t = fixture("ru_date.txt");
	sr_doc d;
	assert_int_equal(extract_text(t, &d), 0);
	assert_str_or_null(d.title, "Минск и Москва согласовали план совместных учений");
	assert_date(d.date, "2019-03-18");
	assert_int_equal(d.date_basis, SR_BASIS_STATED);
	assert_string_equal(d.language, "ru");
	assert_int_equal(d.ncites, 1);
	assert_string_equal(d.cites[0].name, "Интерфакс");
	assert_int_equal(d.cites[0].date, 20190315); /* on or before the article's date */
	assert_str_or_null(d.section, NULL);
	assert_string_equal(
		d.body,
		"Министерства обороны Беларуси и России утвердили план совместной подготовки на текущий год. "
		"Документ предусматривает около двухсот мероприятий, включая штабные тренировки и учения "
		"специальных подразделений (Интерфакс, 15 марта).\n\n"
		"По словам представителей ведомства, основное внимание будет уделено противовоздушной обороне и "
		"обмену разведывательной информацией. Ранее стороны договорились о расширении программы "
		"подготовки кадров.\n\n"
		"Эксперты отмечают, что военное сотрудничество остается наиболее устойчивой частью отношений "
		"двух стран, несмотря на разногласия в экономике.");
	sr_doc_cleanup(&d);
	free(t);
}

static void test_fixture_nav_cookie(void **state)
{
	char *t = fixture("nav_cookie.txt");
	sr_doc d;
	assert_int_equal(extract_text(t, &d), 0);
	assert_str_or_null(d.title, "NATO allies extend air policing mission over the Baltic states");
	assert_str_or_null(d.section, "Security");
	assert_int_equal(d.trend, SR_TREND_WORSE);
	assert_date(d.date, "2022-04-12");
	assert_int_equal(d.date_basis, SR_BASIS_STATED);
	assert_int_equal(d.ncites, 2);
	assert_string_equal(d.cites[0].name, "BNS");
	assert_int_equal(d.cites[0].date, 20220411);
	assert_string_equal(d.cites[1].name, "Baltic Monitor");
	assert_int_equal(d.cites[1].date, 20220220);
	/* the caption goes, the wrapped line is joined, the trailer stays out */
	assert_string_equal(
		d.body,
		"Three more allies will send fighter jets to the Baltic air policing mission this spring, the "
		"alliance said on Monday, as tension on its eastern flank continues to grow.\n\n"
		"The rotation will add eight aircraft to the mission based in Lithuania and Estonia. Officials "
		"said the extra jets would stay at least until the end of the summer (BNS, April 11).\n\n"
		"Analysts in Vilnius said the decision was expected after Belarus hosted large Russian exercises "
		"earlier in the year (see Baltic Monitor, February 20).");
	sr_doc_cleanup(&d);
	free(t);
}

/* A syndicated copy: the site's notes about the article (how it came to be
 * here, rights, a disclaimer) and its menu end the article, also when the
 * first note shares a line with the article's last sentences. */
static void test_fixture_syndicated_footer(void **state)
{
	char *t = fixture("syndicated_footer.txt");
	sr_doc d;
	assert_int_equal(extract_text(t, &d), 0);
	assert_str_or_null(d.title, "Baltic ports brace for a quieter transit season");
	assert_str_or_null(d.byline, "Marta Kalnina");
	assert_string_equal(
		d.body,
		"Freight volumes at the ports of Klaipeda and Riga fell again in the first quarter, as "
		"Belarusian potash and oil products kept moving through Russian terminals instead.\n\n"
		"Port authorities expect the decline to slow rather than reverse. New container lines to "
		"Scandinavia have filled part of the gap, but bulk cargo, which once made up most of the "
		"turnover, is not coming back while sanctions stay in force.\n\n"
		"Local officials say the ports will need state support to keep their workforce through the "
		"winter. The question will come up at the next meeting of the regional council.");
	sr_doc_cleanup(&d);
	free(t);

	t = fixture("reprint_ru.txt");
	assert_int_equal(extract_text(t, &d), 0);
	assert_str_or_null(d.title, "Учения у западной границы завершились");
	assert_string_equal(
		d.body,
		"Совместные учения подразделений Беларуси и России завершились на полигонах Гродненской "
		"области. В них участвовали около двух тысяч военнослужащих и сотни единиц техники.\n\n"
		"По словам командования, отрабатывались действия по прикрытию границы и переброске резервов. "
		"Наблюдатели из соседних стран приглашены не были.");
	sr_doc_cleanup(&d);
	free(t);
}

/* What only looks like a footer stays: an article's last paragraph about a
 * reprinted letter, and a note followed by more of the article's prose. */
static void test_trailer_keeps_prose(void **state)
{
	const char *t = "Minister's letter divides the parliament\n\n"
			"The minister of defence sent an open letter to the deputies on Monday, asking them "
			"to approve the new conscription rules before the summer.\n\n"
			"Two independent newspapers reprinted the letter in full with permission of the "
			"ministry. Opposition deputies said it showed how nervous the government had become "
			"before the vote, and several of them demanded a public hearing on the rules.\n";
	sr_doc d;
	assert_int_equal(extract_text(t, &d), 0);
	assert_non_null(strstr(d.body, "demanded a public hearing on the rules."));
	assert_non_null(strstr(d.body, "reprinted the letter in full"));
	sr_doc_cleanup(&d);

	t = "Minsk raises fuel prices again\n\n"
	    "The government raised retail fuel prices for the third time this year, citing the cost of "
	    "crude oil bought from Russia at world prices.\n\n"
	    "This report was first published on Monday. Drivers in Minsk and Hrodna queued at filling "
	    "stations on Sunday evening, and the association of carriers asked the government to freeze "
	    "prices until the end of the harvest season, when demand for diesel is highest.\n";
	assert_int_equal(extract_text(t, &d), 0);
	assert_non_null(strstr(d.body, "when demand for diesel is highest."));
	sr_doc_cleanup(&d);
}

struct read_ctx {
	sr_doc d;
	int rc, n;
};

static int on_input(void *ud, const sr_input *in, const sr_error *rerr)
{
	struct read_ctx *c = ud;
	assert_null(rerr);
	sr_error err;
	c->rc = sr_extract_doc(X, in, &c->d, &err);
	c->n++;
	return 1; /* one line is enough */
}

/* A JSONL article whose paragraphs each end with the site's language switch
 * and subscribe button: the furniture goes, the paragraphs stay. */
static void test_fixture_leaked_tail(void **state)
{
	size_t n;
	char *t = tu_read_file(tu_root_path("tests/data/plain/leaked_tail.jsonl"), &n);
	assert_non_null(t);
	struct read_ctx c = {.n = 0};
	sr_read_buffer("leaked_tail.jsonl", t, n, NULL, on_input, &c);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.rc, 0);
	assert_string_equal(c.d.title, "Border queues grow again");
	assert_string_equal(
		c.d.body,
		"The queue of lorries at the Polish border grew to more than a thousand vehicles on Monday, "
		"the border committee said.\n\n"
		"Drivers said they had waited for up to four days, and several carriers asked the government "
		"to open an additional crossing point.\n\n"
		"The committee blamed slower checks on the Polish side and promised to raise the issue at the "
		"next meeting.");
	sr_doc_cleanup(&c.d);
	free(t);

	/* a line that is only furniture is still furniture, and one word of
	 * navigation after a sentence is not cut */
	const char *u = "Title of a short test article\n\n"
			"The committee met on Tuesday and approved the plan for the next three years of work. "
			"Read\n\nEN BE/RU Подписаться\n";
	sr_doc d;
	assert_int_equal(extract_text(u, &d), 0);
	assert_string_equal(d.body, "The committee met on Tuesday and approved the plan for the next three "
				    "years of work. Read");
	sr_doc_cleanup(&d);
}

/* JSONL keys the source states replace what extraction guessed; absent
 * keys leave the guess alone. */
static void test_jsonl_meta_keys(void **state)
{
	const char *line =
		"{\"url\":\"https://x.example/a\",\"publication\":\" Belarus Security Watch \","
		"\"author\":[{\"@type\":\"Person\",\"name\":\"Ivan Petrov\"},\"Olga Sidorova\"],"
		"\"section\":\"Security\",\"text\":\"Security\\n\\nA headline for the reader here\\n\\n"
		"By Somebody Else\\n\\nThe text of the article is long enough to be a paragraph, and it ends "
		"with a full stop.\"}\n";
	struct read_ctx c = {.n = 0};
	sr_read_buffer("m.jsonl", line, strlen(line), NULL, on_input, &c);
	assert_int_equal(c.rc, 0);
	assert_string_equal(c.d.publication, "Belarus Security Watch");
	assert_string_equal(c.d.byline, "Ivan Petrov, Olga Sidorova");
	assert_string_equal(c.d.section, "Security");
	sr_doc_cleanup(&c.d);

	/* "byline" wins over "author"; a known publication gets its own name */
	line = "{\"text\":\"A headline for the reader here\\n\\nBy Somebody Else\\n\\nThe text of the "
	       "article is long enough to be a paragraph, and it ends with a full stop.\","
	       "\"byline\":\"Anna Novik\",\"author\":\"Not Used\",\"publication\":\"EDM\","
	       "\"section\":\"\"}\n";
	c.n = 0;
	sr_read_buffer("m.jsonl", line, strlen(line), NULL, on_input, &c);
	assert_int_equal(c.rc, 0);
	assert_string_equal(c.d.byline, "Anna Novik");
	assert_string_equal(c.d.publication, "Eurasia Daily Monitor");
	assert_null(c.d.section); /* an empty value states nothing */
	sr_doc_cleanup(&c.d);

	/* no such keys: the text's by-line stays */
	line = "{\"text\":\"A headline for the reader here\\n\\nBy Somebody Else\\n\\nThe text of the "
	       "article is long enough to be a paragraph, and it ends with a full stop.\"}\n";
	c.n = 0;
	sr_read_buffer("m.jsonl", line, strlen(line), NULL, on_input, &c);
	assert_int_equal(c.rc, 0);
	assert_string_equal(c.d.byline, "Somebody Else");
	sr_doc_cleanup(&c.d);
}

static void test_trend_labels(void **state)
{
	static const struct {
		const char *s;
		sr_trend t;
	} cases[] = {
		{"The situation has gotten better", SR_TREND_BETTER},
		{"The situation has not changed", SR_TREND_UNCHANGED},
		{"The situation has gotten worse", SR_TREND_WORSE},
		{"The situation got worse", SR_TREND_WORSE},
		{"- (The situation has improved)", SR_TREND_BETTER},
		{"Category status: the situation has deteriorated", SR_TREND_WORSE},
		{"Ситуация не изменилась", SR_TREND_UNCHANGED},
		{"Сітуацыя пагоршылася", SR_TREND_WORSE},
		{"The situation", SR_TREND_NONE},
		{"Prices got worse", SR_TREND_NONE},
		{"The situation on the border got worse after the two sides failed to agree on anything at all "
		 "last week",
		 SR_TREND_NONE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(sr_plain_trend_label(cases[i].s, strlen(cases[i].s)), cases[i].t);
}

static void test_header_rules(void **state)
{
	/* a sphere prefix, a trailing publication line, period and label */
	const char *t = "by\n"
			"July 1 – July 7, 2024\n"
			"Foreign policy\n\n"
			"Minsk courts new partners in the Global South\n\n"
			"The situation has not changed\n"
			"Minsk courts new partners in the Global South\n\n"
			"Belarus continued its search for markets outside Europe, sending delegations to three "
			"African states during the week.\n\n"
			"The visits produced several memoranda but few binding contracts, and the volume of "
			"trade with the region remains small.\n\n"
			"Subscribe to our newsletter\n\n"
			"Every week our analysts explain what happened in the country and what it means for the "
			"months ahead of us all.\n"
			"Read more\n";
	sr_doc d;
	assert_int_equal(extract_text(t, &d), 0);
	assert_string_equal(d.title, "Minsk courts new partners in the Global South");
	assert_string_equal(d.section, "Foreign policy");
	assert_int_equal(d.period_start, 20240701);
	assert_int_equal(d.period_end, 20240707);
	assert_int_equal(d.date, 20240707);
	assert_int_equal(d.date_basis, SR_BASIS_PERIOD);
	assert_int_equal(d.trend, SR_TREND_UNCHANGED);
	assert_string_equal(d.body, "Belarus continued its search for markets outside Europe, sending delegations "
				    "to three African states during the week.\n\nThe visits produced several "
				    "memoranda but few binding contracts, and the volume of trade with the region "
				    "remains small.");
	sr_doc_cleanup(&d);

	/* "Security: <headline>", a footer naming the publication */
	t = "Security: Minsk keeps its distance\n\n\n"
	    "Last month, the authorities again declined to take part in the joint drills planned by their "
	    "allies, citing the cost.\n\n"
	    "Belarus in focus";
	assert_int_equal(extract_text(t, &d), 0);
	assert_string_equal(d.title, "Minsk keeps its distance");
	assert_string_equal(d.section, "Security");
	assert_string_equal(d.publication, "Belarus in Focus");
	assert_string_equal(d.body, "Last month, the authorities again declined to take part in the joint drills "
				    "planned by their allies, citing the cost.");
	sr_doc_cleanup(&d);
}

static void test_journal_volume_and_sources(void **state)
{
	/* a numbered journal: the volume gives the year, the issue its earliest
	 * day; citations without a year take it; the latest one dates the text */
	const char *t = "Publication: Eurasia Daily Monitor Volume: 12 Issue: 40\n\n"
			"(Source: Some Agency)\n\n"
			"The ministry announced on February 27 that the new brigade would be formed by the "
			"summer (Interfax, February 27). Officials repeated it a day later (, February 28).\n\n"
			"Earlier statements had suggested a slower schedule (see EDM, December 3, 2014).\n\n"
			"(TASS, February 27; Belta, March 1)\n";
	sr_doc d;
	assert_int_equal(extract_text(t, &d), 0);
	assert_null(d.title);
	assert_string_equal(d.publication, "Eurasia Daily Monitor");
	assert_int_equal(d.volume, 12);
	assert_int_equal(d.issue, 40);
	/* the 40th weekday of 2015 is February 25; the latest citation, March 1,
	 * is later and in the volume's year */
	assert_int_equal(d.date, 20150301);
	assert_int_equal(d.date_basis, SR_BASIS_CITATION);
	assert_int_equal(d.ncites, 5);
	assert_string_equal(d.cites[0].name, "Interfax");
	assert_int_equal(d.cites[0].date, 20150227);
	assert_null(d.cites[1].name);
	assert_int_equal(d.cites[1].date, 20150228);
	assert_string_equal(d.cites[2].name, "EDM");
	assert_int_equal(d.cites[2].date, 20141203);
	assert_string_equal(d.cites[4].name, "Belta");
	assert_false(strstr(d.body, "Source:"));
	assert_false(strstr(d.body, "(TASS"));
	sr_doc_cleanup(&d);

	/* only an event dates this one */
	t = "Drills\n\nThe troops returned from the Zapad-2021 exercise and resumed their usual training "
	    "schedule at home.\n";
	assert_int_equal(extract_text(t, &d), 0);
	assert_int_equal(d.date_basis, SR_BASIS_EVENT);
	assert_int_equal(d.date / 10000, 2021);
	sr_doc_cleanup(&d);
}

static void test_body_shapes(void **state)
{
	/* teaser tail, list items, soft boilerplate inside the article */
	const char *t = "A long title about the budget of the republic for next year\n\n"
			"The government has approved the draft budget for next year, keeping spending on "
			"defence at the level of the current year.\n\n"
			"Advertisement\n\n"
			"The draft foresees a deficit of about one percent of output, to be covered by "
			"borrowing abroad.\n\n"
			"Parliament will vote on the draft in December, and few changes are expected there "
			"this time.\n\n"
			"The opposition, which has no seats, called the plan unrealistic and asked for a "
			"public hearing.\n\n"
			"Analysts say the plan rests on optimistic assumptions about growth … Continue reading "
			"A long title about the budget\n";
	sr_doc d;
	assert_int_equal(extract_text(t, &d), 0);
	assert_string_equal(d.title, "A long title about the budget of the republic for next year");
	assert_false(strstr(d.body, "Advertisement"));
	assert_false(strstr(d.body, "Continue reading"));
	assert_true(strstr(d.body, "few changes are expected there this time.") != NULL);
	size_t n = strlen(d.body);
	assert_true(n > 0 && d.body[n - 1] != ' ');
	sr_doc_cleanup(&d);

	/* a text of short lines only still has a body; an empty one fails */
	assert_int_equal(extract_text("Minsk\nMoscow\nKyiv", &d), 0);
	assert_non_null(d.body);
	sr_doc_cleanup(&d);
	assert_int_equal(extract_text("   \n\n  \n", &d), SR_EINPUT);
	sr_doc_cleanup(&d);
}

static void test_html_body_meta(void **state)
{
	sr_doc d;
	sr_doc_init(&d);
	d.title = strdup("Minsk and Moscow sign a new road map");
	const char *body = "March 18 – March 24, 2019\n\nSecurity issues\n\n"
			   "Minsk and Moscow sign a new road map\n\nThe situation has gotten worse\n\n"
			   "Publication: Eurasia Daily Monitor Volume: 16 Issue: 40\n\n"
			   "The two governments signed the document on Friday after months of talks.\n\n"
			   "Security issues are discussed separately.";
	d.body = strdup(body);
	d.body_len = strlen(body);
	sr_error err;
	assert_int_equal(sr_plain_body_meta(&d, &err), 0);
	assert_int_equal(d.period_start, 20190318);
	assert_string_equal(d.section, "Security issues");
	assert_int_equal(d.trend, SR_TREND_WORSE);
	assert_string_equal(d.publication, "Eurasia Daily Monitor");
	assert_int_equal(d.volume, 16);
	assert_int_equal(d.issue, 40);
	assert_string_equal(d.body, "The two governments signed the document on Friday after months of talks.\n\n"
				    "Security issues are discussed separately.");
	assert_int_equal(d.body_len, strlen(d.body));
	sr_doc_cleanup(&d);
}

static void test_jsonl_overrides(void **state)
{
	sr_input in = {0};
	in.file = "x.jsonl";
	in.line = 3;
	in.id = "a1";
	in.url = "https://jamestown.org/program/x/";
	in.title = "Given title";
	in.date = 20200102;
	in.format = SR_FMT_PLAIN;
	in.bytes = "Some headline here for the test\n\nThe text says something long enough to be a "
		   "paragraph, and it cites a source (Interfax, December 30).";
	in.len = strlen(in.bytes);
	sr_doc d;
	sr_error err;
	assert_int_equal(sr_extract_doc(X, &in, &d, &err), 0);
	assert_string_equal(d.title, "Given title");
	assert_int_equal(d.date, 20200102);
	assert_int_equal(d.date_basis, SR_BASIS_STATED);
	assert_int_equal(d.cites[0].date, 20191230); /* on or before the given date */
	assert_string_equal(d.publication, "Eurasia Daily Monitor"); /* from the URL */
	assert_string_equal(d.id, "a1");
	assert_int_equal(d.line, 3);
	sr_doc_cleanup(&d);
}

static void test_line_limit(void **state)
{
	size_t n = (size_t)SR_MAX_PLAIN_LINES + 10;
	char *t = malloc(n + 1);
	assert_non_null(t);
	memset(t, '\n', n);
	t[0] = 'x';
	t[n] = '\0';
	sr_doc d;
	sr_error err;
	sr_input in = {0};
	in.file = "big";
	in.bytes = t;
	in.len = n;
	assert_int_equal(sr_extract_doc(X, &in, &d, &err), SR_EINPUT);
	assert_non_null(strstr(err.msg, "SR_MAX_PLAIN_LINES"));
	assert_string_equal(err.file, "big");
	sr_doc_cleanup(&d);
	free(t);
}

/* Random lines built from the shapes the extractor looks for, and raw
 * bytes: no crash, no leak, no read past the end (ASan), a body or an
 * error. */
static void test_arbitrary_text(void **state)
{
	static const char *const parts[] = {
		"March 18 – March 24, 2019", "The situation has gotten worse", "by", "Security issues",
		"Publication: Eurasia Daily Monitor Volume: 16 Issue: 151", "(Source: X)",
		"Subscribe to our newsletter", "Read more", "EN", "BE/RU", "(, October 29)",
		"(Interfax, October 25; see EDM, May 1, 2019)", "Army Games-2017", "MINSK, March 3 (Reuters) –",
		"The long sentence of an article goes on and on about the things that happened last week. ",
		"Similar articles", "October 31, 2016 11:26", "Category status:", "\xE2\x80\x94", "\xC2\xA0",
		"\n", "\n\n", ": ", "(", ")", "1. ", "– ", "Фото: x", "18 марта 2019 года", "\xD0",
	};
	unsigned seed = 99;
	for (int round = 0; round < 1500; round++) {
		char buf[4096];
		size_t n = 0;
		int parts_n = (int)(seed % 40);
		for (int k = 0; k < parts_n; k++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = parts[(seed >> 16) % (sizeof parts / sizeof parts[0])];
			size_t l = strlen(p);
			if ((seed >> 8) % 7 == 0) { /* a raw byte now and then */
				buf[n++] = (char)((seed >> 3) | 1); /* NUL-free, as read gives */
				continue;
			}
			if (n + l + 1 >= sizeof buf)
				break;
			memcpy(buf + n, p, l);
			n += l;
		}
		char *t = malloc(n + 1);
		assert_non_null(t);
		memcpy(t, buf, n);
		t[n] = '\0';
		sr_input in = {0};
		in.file = "rand";
		in.bytes = t;
		in.len = n;
		sr_doc d;
		sr_error err;
		int rc = sr_extract_doc(X, &in, &d, &err);
		assert_true(rc == 0 || rc == SR_EINPUT);
		if (rc == 0)
			assert_true(d.body || d.title);
		if (d.body)
			assert_int_equal(strlen(d.body), d.body_len);
		sr_doc_cleanup(&d);
		free(t);
		seed = seed * 1103515245u + 12345u;
	}
}

/* Throughput of sr_extract_doc on plain text: the fixtures and seeds (when
 * present) extracted over and over. Printed, never asserted. */
static void test_throughput(void **state)
{
	const char *names[] = {"dateline.txt", "ru_date.txt", "nav_cookie.txt"};
	char *texts[16];
	size_t nt = 0;
	for (size_t i = 0; i < 3; i++)
		texts[nt++] = fixture(names[i]);
	const char *seeds[] = {"seeds/000_d7c7a4993e9f9ba1.txt", "seeds/001_ba2e7e7fa182ce8e.txt",
			       "seeds/002_c3e659348a5bb016.txt", "seeds/003_8c29a16bef50afee.txt",
			       "seeds/004_77666eada019d75f.txt"};
	for (size_t i = 0; i < 5; i++) {
		const char *p = tu_shared_path(seeds[i]);
		char *s = p ? tu_read_file(p, NULL) : NULL;
		if (s)
			texts[nt++] = s;
	}
	size_t bytes = 0;
	clock_t c0 = clock();
	for (int round = 0; round < 2000; round++)
		for (size_t i = 0; i < nt; i++) {
			sr_doc d;
			assert_int_equal(extract_text(texts[i], &d), 0);
			bytes += strlen(texts[i]);
			sr_doc_cleanup(&d);
		}
	double s = (double)(clock() - c0) / CLOCKS_PER_SEC;
	/* the plain extractor alone, without language, citations and dates */
	clock_t c1 = clock();
	for (int round = 0; round < 2000; round++)
		for (size_t i = 0; i < nt; i++) {
			sr_doc d;
			sr_error err;
			sr_doc_init(&d);
			assert_int_equal(sr_plain_extract(texts[i], strlen(texts[i]), &d, NULL, &err), 0);
			sr_doc_cleanup(&d);
		}
	double s2 = (double)(clock() - c1) / CLOCKS_PER_SEC;
	const char *v = getenv("SITREP_BENCH_VERBOSE");
	if (v && !strcmp(v, "1")) {
		print_message("sr_extract_doc (plain): %.1f MB in %.2f s CPU = %.0f MB/s\n", bytes / 1e6, s,
			      s > 0 ? bytes / 1e6 / s : 0.0);
		print_message("sr_plain_extract alone: %.1f MB in %.2f s CPU = %.0f MB/s\n", bytes / 1e6, s2,
			      s2 > 0 ? bytes / 1e6 / s2 : 0.0);
	}
	for (size_t i = 0; i < nt; i++)
		free(texts[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_dateline),
		cmocka_unit_test(test_fixture_russian),
		cmocka_unit_test(test_fixture_nav_cookie),
		cmocka_unit_test(test_fixture_syndicated_footer),
		cmocka_unit_test(test_trailer_keeps_prose),
		cmocka_unit_test(test_fixture_leaked_tail),
		cmocka_unit_test(test_jsonl_meta_keys),
		cmocka_unit_test(test_trend_labels),
		cmocka_unit_test(test_header_rules),
		cmocka_unit_test(test_journal_volume_and_sources),
		cmocka_unit_test(test_body_shapes),
		cmocka_unit_test(test_html_body_meta),
		cmocka_unit_test(test_jsonl_overrides),
		cmocka_unit_test(test_line_limit),
		cmocka_unit_test(test_arbitrary_text),
		cmocka_unit_test(test_throughput),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
