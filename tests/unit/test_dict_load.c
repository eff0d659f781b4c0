/* test_dict_load.c — the dictionary loaders: our .sd format (dict_sd.c)
 * and the TABARI/PETRARCH formats (dict_tabari.c).
 *
 * The fixtures in tests/fixtures/dict/ use every construct of each format;
 * what they hold is counted by hand in the comments below. Every error the
 * loaders report is provoked once and checked for its line and message;
 * TABARI lines PETRARCH would skip are skipped with a warning (rc 0, err
 * holding the first one). The PETRARCH unit-test dictionaries in
 * ../shared/peer/eventdata must load (skipped when that is absent). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "dict.h"
#include "dict_build.h"

static sr_dict *load_fixture(const char *name, sr_error *err)
{
	char rel[256];
	snprintf(rel, sizeof rel, "tests/fixtures/dict/%s", name);
	sr_dict *d = sr_dict_create();
	assert_non_null(d);
	sr_error_clear(err);
	int rc = sr_dict_load_file(d, tu_root_path(rel), err);
	if (rc < 0) {
		char b[1200];
		print_message("%s\n", sr_error_format(err, b, sizeof b));
	}
	assert_int_equal(rc, 0);
	assert_int_equal(sr_dict_finish(d, err), 0);
	return d;
}

/* ---- the .sd format ------------------------------------------------------- */

static void test_sd_fixture(void **state)
{
	(void)state;
	sr_error err;
	sr_dict *d = load_fixture("good.sd", &err);
	sr_dict_stats st;
	sr_dict_get_stats(d, &st);
	assert_int_equal(st.actors, 2);    /* RUR, FRDGOV */
	assert_int_equal(st.people, 1);    /* ELPHBERG */
	assert_int_equal(st.roles, 3);     /* RURGOV, RURMIL, RURELI */
	assert_int_equal(st.agents, 2);    /* MIL, NGO */
	assert_int_equal(st.places, 1);    /* ZENDA */
	assert_int_equal(st.exercises, 1); /* THUNDER */
	assert_int_equal(st.verbs, 2);     /* MEET, TAKE_PART */
	assert_int_equal(st.patterns, 3);
	assert_int_equal(st.synsets, 2); /* SECURITY, DRILL */
	assert_int_equal(st.discards, 3);
	assert_int_equal(st.cameo_codes, 4);

	sr_cameo_info ci;
	assert_int_equal(sr_dict_cameo(d, "046", &ci), 0);
	assert_int_equal(ci.quad, 1);
	assert_true(ci.goldstein > 6.99 && ci.goldstein < 7.01);
	assert_string_equal(ci.plover, "CONSULT");
	assert_string_equal(ci.name, "Engage in negotiation");
	assert_int_equal(sr_dict_cameo(d, "0311", &ci), 0);
	assert_null(ci.plover); /* "-" */
	sr_dict_free(d);
}

/* A person's code on a date, as the recognizer reports it. */
static const char *person_code(sr_coder *c, const char *text, sr_date date, char *buf)
{
	sr_mention m[16];
	int n = sr_coder_mentions(c, text, strlen(text), date, m, 16);
	buf[0] = '\0';
	for (int i = 0; i < n && i < 16; i++)
		if (m[i].kind == SR_MEN_PERSON || m[i].kind == SR_MEN_ACTOR) {
			snprintf(buf, SR_CODE_MAX, "%s", m[i].code);
			break;
		}
	return buf;
}

/* Role ranges: a year or month is its first day as a start, its last as an
 * end; the role without a range holds when no dated one does. */
static void test_sd_role_dates(void **state)
{
	(void)state;
	sr_error err;
	sr_dict *d = load_fixture("good.sd", &err);
	sr_coder *c = sr_coder_create(d);
	assert_non_null(c);
	char b[SR_CODE_MAX];
	const char *s = "Rudolf Elphberg spoke.";
	assert_string_equal(person_code(c, s, 19940701, b), "RURGOV");
	assert_string_equal(person_code(c, s, 20011231, b), "RURGOV");
	assert_string_equal(person_code(c, s, 20020101, b), "RURMIL");
	assert_string_equal(person_code(c, s, 19940630, b), "RURELI");
	sr_coder_free(c);
	sr_dict_free(d);
}

typedef struct bad {
	const char *text;
	size_t len; /* 0: strlen */
	long line;
	const char *msg; /* a part of the message */
} bad;

static void check_bad(const bad *b, int (*load)(sr_dict *, const char *, const char *, size_t,
						 sr_error *))
{
	sr_dict *d = sr_dict_create();
	sr_error err;
	sr_error_clear(&err);
	size_t len = b->len ? b->len : strlen(b->text);
	int rc = load(d, "t.dict", b->text, len, &err);
	if (rc != SR_EINPUT || err.line != b->line || !strstr(err.msg, b->msg)) {
		print_message("input [%.60s]: rc %d, line %ld (want %ld), msg [%s] (want [%s])\n",
			      b->text, rc, err.line, b->line, err.msg, b->msg);
		fail();
	}
	assert_string_equal(err.file, "t.dict");
	sr_dict_free(d);
}

static void test_sd_errors(void **state)
{
	(void)state;
	static const bad cases[] = {
		{"[actr X]\n", 0, 1, "unknown record kind 'actr'"},
		{"[actor BLR]\nname = B\ncolour = red\n", 0, 3, "unknown key 'colour' in [actor]"},
		{"[actor BLR]\ntype = country\n[actor RUS]\nname = R\n", 0, 1, "[actor BLR] has no name"},
		{"[actor BLR]\ntype = country\n", 0, 1, "has no name"}, /* at the end of the file */
		{"[person P]\nname = P\nrole = BLRGOV 2019-13..\n", 0, 3, "bad date '2019-13'"},
		{"[person P]\nname = P\nrole = BLRGOV 2019-02-30..\n", 0, 3, "bad date"},
		{"[person P]\nname = P\nrole = BLRGOV ..20x9\n", 0, 3, "bad date '20x9'"},
		{"[person P]\nname = P\nrole = BLRGOV 2020..2019\n", 0, 3, "ends before it starts"},
		{"[person P]\nname = P\nrole = BLRGOV 2019\n", 0, 3, "expected FROM..TO"},
		{"[person P]\nname = P\nrole = B-L 2019..\n", 0, 3, "bad role code 'B-L'"},
		{"[verb V]\npattern = * in +\n", 0, 2, "expected 'CODE: phrase'"},
		{"[verb V]\npattern = 01: * *\n", 0, 2, "exactly one '*'"},
		{"[verb V]\npattern = 01: in +\n", 0, 2, "exactly one '*'"},
		{"[verb V]\npattern = 0a!: *\n", 0, 2, "bad pattern code '0a!'"},
		{"[verb V]\ncode = 12345678\n", 0, 2, "bad verb code"},
		{"[actor A]\nname = A\nalias = x; $ y\n", 0, 3, "bad alias '$ y'"},
		{"[cameo]\n01 1 1 X A\n01 2 2 Y B\n", 0, 3, "duplicate [cameo] code 01 (first on line 2)"},
		{"[cameo]\n01 1\n", 0, 2, "expected CODE GOLDSTEIN QUAD PLOVER NAME"},
		{"[cameo]\n01 1 1 X\n", 0, 2, "no name"},
		{"[cameo]\n01 11 1 X A\n", 0, 2, "bad Goldstein score '11'"},
		{"[cameo]\n01 1.x 1 X A\n", 0, 2, "bad Goldstein score"},
		{"[cameo]\n01 1 5 X A\n", 0, 2, "bad quad class '5'"},
		{"[cameo]\n01 1 1 coop A\n", 0, 2, "bad PLOVER category 'coop'"},
		{"[cameo]\n01234 1 1 X A\n", 0, 2, "bad CAMEO code '01234'"},
		{"[actor A]\nna\0me = x\n", 17, 2, "NUL byte"},
		{"[actor A]\nname = \xff\n", 0, 2, "not valid UTF-8"},
		{"[actor A]\nname = \xc0\xaf\n", 0, 2, "not valid UTF-8"}, /* overlong */
		{"name = x\n", 0, 1, "outside a record"},
		{"[actor A]\nname A\n", 0, 2, "expected 'key = value'"},
		{"[actor]\n", 0, 1, "[actor] needs an ID"},
		{"[actor B@R]\nname = x\n", 0, 1, "bad ID 'B@R'"},
		{"[actor A B]\n", 0, 1, "unexpected 'B' after the ID 'A'"},
		{"[actor A\n", 0, 1, "closing ']'"},
		{"[actor A]\nname = a\nname = b\n", 0, 3, "'name' given twice (first on line 2)"},
		{"[actor A]\nname =\n", 0, 2, "empty value for 'name'"},
		{"[actor A]\nname = a\ntype = planet\n", 0, 3, "unknown actor type 'planet'"},
		{"[actor A]\nname = a\ntype = person\n", 0, 3, "a record of its own"},
		{"[actor A]\nname = a\nparty = B L\n", 0, 3, "bad party"},
		{"[actor B-L]\nname = x\n", 0, 1, "bad actor code 'B-L'"},
		{"[actor A]\nname = a\n\n[actor A]\nname = b\n", 0, 4,
		 "duplicate record actor A (first on line 1)"},
		{"[agent MIL]\nname = M\n", 0, 1, "[agent MIL] has no noun"},
		{"[agent MIL]\nname = M\nnoun = army\nplacement = middle\n", 0, 4, "bad placement"},
		{"[exercise Z]\nname = Z\nkind = parade\n", 0, 3, "bad kind 'parade'"},
		{"[place P]\nname = P\ncountry = B L\n", 0, 3, "bad country code"},
		{"[synset S]\n", 0, 1, "[synset S] has no phrase"},
		{"[synset S]\nphrase = * x\n", 0, 2, "only words and &SYNSETS"},
		{"[synset S]\nphrase = &T x\n", 0, 2, "must stand alone"},
		{"[verb V]\nforms = a; ;; b; %\n", 0, 2, "bad verb form '%'"},
		{"# sitrep dictionary 2\n[actor A]\nname = a\n", 0, 1, "format 2 is newer"},
		{"[actor A]\r\nname = a\r\ncolour = x\r\n", 0, 3, "unknown key 'colour'"}, /* CRLF */
		{"\xef\xbb\xbf[actor A]\nname = a\ncolour = x\n", 0, 3, "unknown key"},  /* BOM */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_bad(&cases[i], sr_dict_load_sd);

	/* A line over the limit. */
	size_t n = 20000;
	char *big = malloc(n + 32);
	assert_non_null(big);
	int k = snprintf(big, n + 32, "[actor A]\nname = ");
	memset(big + k, 'x', n);
	big[k + n] = '\0';
	bad b = {big, 0, 2, "line longer than"};
	check_bad(&b, sr_dict_load_sd);
	free(big);
}

/* `#` starts a comment at the start of a line or after a space; `;` lists
 * skip empty items; a `#` inside a word is part of it. */
static void test_sd_comments_and_lists(void **state)
{
	(void)state;
	static const char text[] = "# sitrep dictionary 1\n"
				   "[agent MIL]   # the military\n"
				   "name = Military#1\n"
				   "noun = army;; troops ;  # and no more\n"
				   "\n"
				   "[discard]\n"
				   "phrase = football\n"
				   "story = crossword; quiz\n";
	sr_dict *d = sr_dict_create();
	sr_error err;
	sr_error_clear(&err);
	assert_int_equal(sr_dict_load_sd(d, "c.sd", text, sizeof text - 1, &err), 0);
	sr_dict_stats st;
	sr_dict_get_stats(d, &st);
	assert_int_equal(st.agents, 1);
	assert_int_equal(st.discards, 3);
	sr_dict_free(d);
}

static void test_is_sd(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int sd;
	} cases[] = {
		{"# sitrep dictionary 1\nANYTHING [X]\n", 1},
		{"# a comment\n\n[verb MEET]\ncode = 036\n", 1},
		{"[cameo]\n01 1 1 X A\n", 1},
		{"  [actor A]\n", 1},
		{"<!-- TABARI -->\n[actor A]\n", 0},
		{"ARNOR [ARN]\n", 0},
		{"\t[ENT]\n", 0},
		{"[ENT]\n", 0},
		{"# only comments\n", 0},
		{"", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (sr_dict_is_sd(cases[i].text, strlen(cases[i].text)) != cases[i].sd) {
			print_message("is_sd [%s] != %d\n", cases[i].text, cases[i].sd);
			fail();
		}
	}
}

/* ---- TABARI / PETRARCH ---------------------------------------------------- */

static void test_tabari_fixtures(void **state)
{
	(void)state;
	sr_error err;
	sr_dict_stats st;

	/* RURITANIA, FREEDONIA, GRAND_DUCHY, SYLVANIA_AND_ZENDA (one actor,
	 * codes SYL/ZEN), NOBODY_IN_PARTICULAR [---]; people (dated codes):
	 * RUDOLF_ELPHBERG_ (2 dated roles + its undated code as a third),
	 * MICHAEL_STRELSAU_ with DUKE_MICHAEL_ stacked above one code. */
	sr_dict *d = load_fixture("actors.txt", &err);
	assert_string_equal(err.msg, "");
	sr_dict_get_stats(d, &st);
	assert_int_equal(st.actors, 5);
	assert_int_equal(st.people, 2);
	assert_int_equal(st.roles, 4);
	assert_int_equal(st.verbs + st.agents + st.discards, 0);
	sr_dict_free(d);

	/* MIL (ARMY, CAVALRY), COP, JUD, NGO (placed before), LAB (four
	 * !WORKER! expansions), GOV (a code with spaces in its brackets). */
	d = load_fixture("agents.txt", &err);
	assert_string_equal(err.msg, "");
	sr_dict_get_stats(d, &st);
	assert_int_equal(st.agents, 6);
	assert_int_equal(st.actors + st.verbs, 0);
	sr_dict_free(d);

	d = load_fixture("discards.txt", &err);
	assert_string_equal(err.msg, "");
	sr_dict_get_stats(d, &st);
	assert_int_equal(st.discards, 3);
	sr_dict_free(d);

	/* Verbs: MEET and CONFER share code 036 (one verb); +CORDON_OFF (---)
	 * and RE_+ARREST [173] differ in code (two verbs sharing the block's
	 * pattern); DENY. Patterns: 4 (MEET) + 1 on each of the CORDON two + 1. */
	d = load_fixture("verbs.txt", &err);
	assert_string_equal(err.msg, "");
	sr_dict_get_stats(d, &st);
	assert_int_equal(st.verbs, 4);
	assert_int_equal(st.patterns, 7);
	assert_int_equal(st.synsets, 2);
	sr_dict_free(d);
}

typedef struct evs {
	char got[8][96];
	int n;
} evs;

static int take_event(const sr_event *ev, void *ctx)
{
	evs *e = ctx;
	if (e->n < 8)
		snprintf(e->got[e->n++], sizeof e->got[0], "%s>%s:%s", ev->source, ev->target,
			 ev->cameo);
	return 0;
}

/* What the TABARI fixtures mean, through the coder: dated codes with
 * TABARI's two-digit years and boundaries, generated verb forms, synsets
 * (with a nested one and generated plurals) and `_` in patterns. */
static void test_tabari_semantics(void **state)
{
	(void)state;
	sr_dict *d = sr_dict_create();
	sr_error err;
	sr_error_clear(&err);
	assert_int_equal(sr_dict_load_file(d, tu_root_path("tests/fixtures/dict/actors.txt"), &err), 0);
	assert_int_equal(sr_dict_load_file(d, tu_root_path("tests/fixtures/dict/verbs.txt"), &err), 0);
	assert_int_equal(sr_dict_finish(d, &err), 0);
	sr_coder *c = sr_coder_create(d);
	char b[SR_CODE_MAX];
	const char *s = "Rudolf Elphberg spoke.";
	assert_string_equal(person_code(c, s, 19940720, b), "RURGOV"); /* 940720-011231 */
	assert_string_equal(person_code(c, s, 20011231, b), "RURGOV"); /* the end included */
	assert_string_equal(person_code(c, s, 20020101, b), "RURMIL"); /* >20020101: from it */
	assert_string_equal(person_code(c, s, 19940719, b), "RURELI"); /* the undated code */
	s = "Duke Michael spoke.";
	assert_string_equal(person_code(c, s, 19941231, b), "RURREB"); /* <950101: before it */
	assert_string_equal(person_code(c, s, 19950101, b), "");

	evs e = {0};
	/* CONFER's regular forms; * WITH_+ ON &SECURITY (no plurals: &SECURITY_) */
	s = "Ruritania confers with Freedonia on defence cooperation.";
	sr_coder_code_sentence(c, s, strlen(s), 20000101, 0, 0, take_event, &e);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.got[0], "RUR>FRD:046");
	e.n = 0;
	/* "met" listed in {…}; "negotiations": a generated plural of a member of &TALKS */
	s = "Ruritania met Freedonia about negotiations.";
	sr_coder_code_sentence(c, s, strlen(s), 20000101, 0, 0, take_event, &e);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.got[0], "RUR>FRD:042");
	e.n = 0;
	/* "meeted" is not a form: {…} lists them all */
	s = "Ruritania meeted Freedonia about negotiations.";
	sr_coder_code_sentence(c, s, strlen(s), 20000101, 0, 0, take_event, &e);
	assert_int_equal(e.n, 0);
	sr_coder_free(c);
	sr_dict_free(d);
}

static void test_tabari_errors(void **state)
{
	(void)state;
	/* Errors that stop the load: the file is not a dictionary. */
	static const bad hard[] = {
		{"<!-- never\nclosed\nARNOR [ARN]\n", 0, 1, "never closed"},
		{"A [B]\nC \xfe [D]\n", 0, 2, "not valid UTF-8"},
		{"A [B]\nC\0 [D]\n", 12, 2, "NUL byte"},
		{"<ISSUE CATEGORY=\"X\">\n", 0, 1, "issues file"},
	};
	for (size_t i = 0; i < sizeof hard / sizeof hard[0]; i++)
		check_bad(&hard[i], sr_dict_load_tabari);

	/* Bad lines PETRARCH skips: the load succeeds and err names the first. */
	static const bad soft[] = {
		{"RUR [RU-R]\n", 0, 1, "bad code 'RU-R'"},
		{"RUR [RURGOV 991301]\n", 0, 1, "bad date"},
		{"RUR\n\t[RURGOV 9901011-000101]\n", 0, 2, "bad date"},
		{"RUR [RURGOV 990101-980101]\n", 0, 1, "ends before it starts"},
		{"+RURITANIAN\nRUR [RUR]\n", 0, 1, "alias 'RURITANIAN' before any actor name"},
		{"\t[RUR]\nRUR [RUR]\n", 0, 1, "code line before any actor name"},
		{"RUR [RUR\n", 0, 1, "'[' without ']'"},
		{"RUR [RUR] junk\n", 0, 1, "unexpected 'junk'"},
		{"RUR [RUR]\nFREEDONIA\n\nGDY [GDY]\n", 0, 2, "actor 'FREEDONIA' has no [CODE]"},
		{"RUR [RUR]\n# one bad\nX [B-1]\nY [C-2]\n", 0, 3, "2 bad lines ignored in all"},
		{"ARMY [~MIL]\nNAVY [NAV]\n", 0, 2, "needs a '~': [~GOV] or [NGO~]"},
		{"ARMY [~MIL]\nNAVY\n", 0, 2, "agent 'NAVY' has no [~CODE]"},
		{"ARMY [~MIL]\nSEA!SAILOR! [~NAV]\n", 0, 2, "undefined substitution marker '!SAILOR!'"},
		{"ARMY [~MIL]\nSEA!SAILOR [~NAV]\n", 0, 2, "no closing '!'"},
		{"!X! A, B\nARMY [~MIL]\n", 0, 1, "agent '!X! A, B' has no [~CODE]"},
		{"ARMY [~M-L]\n", 0, 1, "bad agent code 'M-L'"},
		{"!X = A\nARMY [~MIL]\n", 0, 1, "bad substitution marker"},
		{"ARMY {ARMIES [~MIL]\n", 0, 1, "'{' without '}'"},
		{"ARMY [~MIL] x\n", 0, 1, "unexpected 'x' after the agent code"},
		{"- * X [01]\n--- A [01] ---\nA\n", 0, 1, "pattern outside"},
		{"--- A [01] ---\nA\n- X [02]\n", 0, 3, "exactly one '*'"},
		{"--- A [01] ---\nA\n- * X\n", 0, 3, "has no [CODE]"},
		{"--- A [01] ---\nA\n- * X [0/2]\n", 0, 3, "bad event code"},
		{"--- A [01?] ---\nA\n", 0, 1, "bad event code '[01?]'"},
		{"WORD\n--- A [01] ---\nA\n", 0, 1, "verb 'WORD' outside"},
		{"&A-B\n+X\n--- A [01] ---\nA\n", 0, 1, "bad synset name"},
		{"--- A [01] ---\n- * X [02]\n--- B [03] ---\nB\n", 0, 1,
		 "verb block 'A' has patterns but no verb"},
		{"--- A [01] ---\nA {AS\n", 0, 2, "'{' without '}'"},
		{"&S\n+X &T\n--- A [01] ---\nA\n", 0, 2, "must stand alone"},
	};
	for (size_t i = 0; i < sizeof soft / sizeof soft[0]; i++) {
		const bad *b = &soft[i];
		sr_dict *d = sr_dict_create();
		sr_error err;
		sr_error_clear(&err);
		int rc = sr_dict_load_tabari(d, "t.txt", b->text, b->len ? b->len : strlen(b->text), &err);
		if (rc != 0 || err.code != SR_OK || err.line != b->line || !strstr(err.msg, b->msg)) {
			print_message("input [%.60s]: rc %d, line %ld (want %ld), msg [%s] (want [%s])\n",
				      b->text, rc, err.line, b->line, err.msg, b->msg);
			fail();
		}
		assert_string_equal(err.file, "t.txt");
		sr_dict_free(d);
	}
}

/* A substitution marker whose items name the marker again is expanded once,
 * not forever (a fuzzer found the recursion). */
static void test_tabari_marker_self(void **state)
{
	(void)state;
	static const char text[] = "!A! = X!A!, Y\nP!A! [~G]\n";
	sr_dict *d = sr_dict_create();
	sr_error err;
	sr_error_clear(&err);
	assert_int_equal(sr_dict_load_tabari(d, "m.txt", text, sizeof text - 1, &err), 0);
	sr_dict_stats st;
	sr_dict_get_stats(d, &st);
	assert_int_equal(st.agents, 1);
	sr_dict_free(d);
}

/* The dictionaries of PETRARCH2's unit-test suite load with the format
 * detected from their content (no error; the verbs file has two typos
 * PETRARCH also skips, reported as a warning). */
static void test_petrarch_validate_files(void **state)
{
	(void)state;
	static const char *const files[] = {"PETR.Validate.actors.txt", "PETR.Validate.agents.txt",
					    "PETR.Validate.verbs.txt", "PETR.Validate.discards.txt"};
	const char *dir = tu_shared_path("peer/eventdata");
	char path[4096];
	if (dir)
		snprintf(path, sizeof path, "%s/%s", dir, files[0]);
	FILE *f = dir ? fopen(path, "rb") : NULL;
	if (!f)
		skip();
	fclose(f);
	char base[4096];
	snprintf(base, sizeof base, "%s", dir);
	sr_dict *all = sr_dict_create();
	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%.3000s/%s", base, files[i]);
		sr_error err;
		sr_error_clear(&err);
		sr_dict *d = sr_dict_create();
		int rc = sr_dict_load_file(d, path, &err);
		char b[1200];
		if (rc < 0)
			print_message("%s\n", sr_error_format(&err, b, sizeof b));
		assert_int_equal(rc, 0);
		assert_int_equal(sr_dict_finish(d, &err), 0);
		sr_dict_stats st;
		sr_dict_get_stats(d, &st);
		switch (i) {
		case 0: assert_true(st.actors + st.people > 100); break;
		case 1: assert_true(st.agents > 20); break;
		case 2: assert_true(st.verbs > 200 && st.patterns > 400 && st.synsets > 10); break;
		case 3: assert_true(st.discards > 5); break;
		}
		sr_dict_free(d);
		assert_int_equal(sr_dict_load_file(all, path, &err), 0);
	}
	sr_error err;
	assert_int_equal(sr_dict_finish(all, &err), 0);
	sr_dict_free(all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sd_fixture),
		cmocka_unit_test(test_sd_role_dates),
		cmocka_unit_test(test_sd_errors),
		cmocka_unit_test(test_sd_comments_and_lists),
		cmocka_unit_test(test_is_sd),
		cmocka_unit_test(test_tabari_fixtures),
		cmocka_unit_test(test_tabari_semantics),
		cmocka_unit_test(test_tabari_errors),
		cmocka_unit_test(test_tabari_marker_self),
		cmocka_unit_test(test_petrarch_validate_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
