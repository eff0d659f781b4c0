/* test_text.c — UTF-8 checks, NFC and folding, language, sentences, tokens. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text.h"

static void test_utf8_valid(void **state)
{
	size_t bad = 99;
	assert_true(sr_utf8_valid("plain ascii", 11, &bad));
	const char *ok = "Лукашэнка — Łódź";
	assert_true(sr_utf8_valid(ok, strlen(ok), NULL));
	assert_false(sr_utf8_valid("abc\xC0\xAFxyz", 8, &bad)); /* overlong '/' */
	assert_int_equal(bad, 3);
	assert_false(sr_utf8_valid("0123456789\xED\xA0\x80", 13, &bad)); /* surrogate */
	assert_int_equal(bad, 10);
	assert_false(sr_utf8_valid("ab\x80", 3, &bad)); /* stray continuation */
	assert_int_equal(bad, 2);
	assert_false(sr_utf8_valid("ab\xE2\x82", 4, &bad)); /* truncated */
	assert_int_equal(bad, 2);
	/* the sequences checked without utf8proc and those just outside them */
	assert_true(sr_utf8_valid("\xC2\x80\xDF\xBF\xE1\x80\x80\xEC\xBF\xBF\xEE\x80\x80\xEF\xBF\xBF", 16, NULL));
	assert_false(sr_utf8_valid("\xC1\xBF", 2, &bad)); /* overlong two-byte */
	assert_false(sr_utf8_valid("\xE0\x9F\xBF", 3, &bad)); /* overlong three-byte */
	assert_true(sr_utf8_valid("\xE0\xA0\x80\xED\x9F\xBF", 6, NULL));
	assert_false(sr_utf8_valid("x\xED\xBF\xBF", 4, &bad)); /* surrogate */
	assert_int_equal(bad, 1);
	assert_false(sr_utf8_valid("\xD0\x41", 2, &bad)); /* no continuation */
	assert_int_equal(bad, 0);
	assert_false(sr_utf8_valid("\xE2\x80\x41", 3, &bad));
	assert_false(sr_utf8_valid("\xD0", 1, &bad)); /* truncated two-byte */
	assert_true(sr_utf8_valid("\xF0\x90\x80\x80\xF4\x8F\xBF\xBF", 8, NULL));
	assert_false(sr_utf8_valid("\xF4\x90\x80\x80", 4, &bad)); /* past U+10FFFF */
}

static void test_utf8_repair(void **state)
{
	size_t n, r;
	char *s = sr_utf8_repair("a\xFF" "b\xE2\x82", 5, &n, &r);
	assert_non_null(s);
	assert_string_equal(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
	assert_int_equal(r, 2);
	assert_true(sr_utf8_valid(s, n, NULL));
	free(s);
}

static void test_nfc_fold(void **state)
{
	size_t n;
	/* e + combining acute → é; й written decomposed → й */
	const char *dec = "Cafe\xCC\x81 \xD0\xB8\xCC\x86";
	char *s = sr_text_nfc(dec, strlen(dec), &n);
	assert_non_null(s);
	assert_string_equal(s, "Caf\xC3\xA9 \xD0\xB9");
	free(s);
	s = sr_text_fold("NATO Лукашенко Straße", strlen("NATO Лукашенко Straße"), &n);
	assert_string_equal(s, "nato лукашенко strasse");
	free(s);
	s = sr_text_fold("ABC", 3, &n);
	assert_string_equal(s, "abc");
	assert_int_equal(n, 3);
	free(s);
}

/* NFC and folding run by run (ASCII copied, only the stretches around
 * non-ASCII bytes through utf8proc) must give exactly what utf8proc gives
 * for the whole string: random strings of ASCII letters and punctuation,
 * combining marks after ASCII and non-ASCII letters, Cyrillic, ß, the
 * Kelvin sign, Hangul jamo that compose, curly quotes and dashes; and
 * invalid UTF-8 is refused by both. */
static void test_nfc_fold_runs(void **state)
{
	static const char *const pieces[] = {
		"a", "E", "z", " ", ".", "'", "1", "\xCC\x81" /* U+0301 */, "\xCC\x88" /* U+0308 */,
		"\xCC\xA3" /* U+0323 */, "\xD0\x98" /* И */, "\xD0\xB8", "\xCC\x86" /* U+0306 */, "\xC3\x9F" /* ß */,
		"\xE2\x84\xAA" /* Kelvin */, "\xE1\x84\x80" /* jamo L */, "\xE1\x85\xA1" /* jamo V */,
		"\xE2\x80\x99", "\xE2\x80\x94", "\xC3\x89" /* É */, "\xCE\xA3" /* Σ */, "\xEF\xAC\x81" /* ﬁ */,
		"\xD0\x81" /* Ё */, "\xD0\x8E" /* Ў */, "\xD0\x86" /* І */, "\xD0\x99" /* Й */, "\xD0\x80" /* Ѐ */,
		"\xD0\xAF" /* Я */, "\xD0\xA0" /* Р */, "\xD1\x8F" /* я */, "\xD1\x9E" /* ў */, "\xD1\xA0" /* Ѡ */,
		"\xD1\xA1" /* ѡ */, "\xD2\x90" /* Ґ */, "\xD0\x9F" /* П */, "\xD0\x8F" /* Џ */,
	};
	const size_t np = sizeof pieces / sizeof pieces[0];
	uint32_t x = 12345;
	char buf[256];
	for (int round = 0; round < 20000; round++) {
		size_t len = 0;
		int n = 1 + round % 12;
		for (int k = 0; k < n; k++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			const char *p = pieces[x % np];
			memcpy(buf + len, p, strlen(p));
			len += strlen(p);
		}
		if (round % 97 == 0)
			buf[len++] = (char)0xC3; /* a truncated sequence */
		for (int fold = 0; fold < 2; fold++) {
			utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE | (fold ? UTF8PROC_CASEFOLD : 0);
			utf8proc_uint8_t *want = NULL;
			utf8proc_ssize_t wn = utf8proc_map((const utf8proc_uint8_t *)buf, (utf8proc_ssize_t)len, &want, opt);
			size_t gn = 0;
			char *got = fold ? sr_text_fold(buf, len, &gn) : sr_text_nfc(buf, len, &gn);
			if (wn < 0) {
				assert_null(got);
			} else {
				assert_non_null(got);
				assert_int_equal(gn, (size_t)wn);
				assert_memory_equal(got, want, gn);
				assert_int_equal(got[gn], '\0');
			}
			free(want);
			free(got);
		}
	}
}

static void test_language(void **state)
{
	const char *en = "The Joint Command of the regional grouping of troops held a training session "
			 "under the command of the Chief of General Staff.";
	assert_string_equal(sr_text_language(en, strlen(en)), "en");
	const char *ru = "Министр обороны Беларуси заявил, что совместные учения с Россией пройдут "
			 "в сентябре на территории обеих стран.";
	assert_string_equal(sr_text_language(ru, strlen(ru)), "ru");
	const char *be = "Міністр абароны Беларусі заявіў, што сумесныя вучэнні з Расіяй пройдуць "
			 "у верасні на тэрыторыі абедзвюх краін.";
	assert_string_equal(sr_text_language(be, strlen(be)), "be");
	const char *uk = "Міністр оборони України заявив, що спільні навчання з союзниками пройдуть "
			 "у вересні на території країни, і їх буде багато.";
	assert_string_equal(sr_text_language(uk, strlen(uk)), "uk");
	const char *pl = "Minister obrony narodowej zapowiedział wzmocnienie granicy wschodniej kraju "
			 "przed jesiennymi manewrami wojskowymi.";
	assert_string_equal(sr_text_language(pl, strlen(pl)), "und");
	assert_string_equal(sr_text_language("", 0), "und");

	/* A sample is read only as far as its answer is certain: English
	 * opening a sample that Russian fills is still Russian, and English
	 * that a run of one-letter words follows is not English, the share of
	 * function words over the whole sample being too small. */
	char mixed[2048];
	size_t n = 0;
	while (n + strlen(en) + 1 < 400) {
		memcpy(mixed + n, en, strlen(en));
		n += strlen(en);
		mixed[n++] = ' ';
	}
	size_t eng = n;
	while (n + strlen(ru) + 1 < sizeof mixed) {
		memcpy(mixed + n, ru, strlen(ru));
		n += strlen(ru);
		mixed[n++] = ' ';
	}
	assert_string_equal(sr_text_language(mixed, n), "ru");
	assert_string_equal(sr_text_language(mixed, eng), "en");
	for (n = eng; n + 2 <= 1024; n += 2)
		memcpy(mixed + n, "x ", 2);
	assert_string_equal(sr_text_language(mixed, n), "und");
	assert_string_equal(sr_text_language(mixed, eng + 200), "en");
}

/* Collect sentences as "…|…|…". */
static char *sentences(const char *t)
{
	static char out[4096];
	size_t len = 0;
	out[0] = '\0';
	sr_sentencer *z = sr_sentencer_new(t, strlen(t));
	sr_span sp;
	while (sr_sentencer_next(z, &sp)) {
		int w = snprintf(out + len, sizeof out - len, "%s%.*s", len ? "|" : "",
				 (int)(sp.end - sp.start), t + sp.start);
		assert_true(w > 0 && (size_t)w < sizeof out - len);
		len += (size_t)w;
	}
	sr_sentencer_free(z);
	return out;
}

static void test_sentences(void **state)
{
	assert_string_equal(sentences("One. Two! Three?"), "One.|Two!|Three?");
	assert_string_equal(sentences("Maj.-Gen. Oleg Belokonev led it. Then it ended."),
			    "Maj.-Gen. Oleg Belokonev led it.|Then it ended.");
	assert_string_equal(sentences("The U.S. Army deployed. The rest stayed."),
			    "The U.S. Army deployed.|The rest stayed.");
	assert_string_equal(sentences("Troops came from the U.S. The rest stayed."),
			    "Troops came from the U.S.|The rest stayed.");
	assert_string_equal(sentences("On March 18th – 22nd, 2019, they trained. It went well."),
			    "On March 18th – 22nd, 2019, they trained.|It went well.");
	assert_string_equal(sentences("President V. Putin spoke. Dr. Smith agreed."),
			    "President V. Putin spoke.|Dr. Smith agreed.");
	assert_string_equal(sentences("He said: “It is tense.” Then he left."),
			    "He said: “It is tense.”|Then he left.");
	assert_string_equal(sentences("Growth was 3.5 percent. Prices rose."), "Growth was 3.5 percent.|Prices rose.");
	assert_string_equal(sentences("A headline\n\nThe body starts here. And goes on."),
			    "A headline|The body starts here.|And goes on.");
	assert_string_equal(sentences("Учения прошли в 2019 г. в Беларуси. Это важно."),
			    "Учения прошли в 2019 г. в Беларуси.|Это важно.");
	assert_string_equal(sentences("Министр А. Равков заявил. Все согласились."),
			    "Министр А. Равков заявил.|Все согласились.");
	assert_string_equal(sentences("  "), "");
}

static void test_tokens(void **state)
{
	const char *t = "Maj.-Gen. Voinov's 12,000 troops (U.S.-led) — Лукашэнка.";
	const char *want[] = {"Maj.-Gen", ".", "Voinov's", "12,000", "troops", "(", "U.S.-led", ")", "—",
			      "Лукашэнка", "."};
	size_t pos = 0, k = 0;
	sr_token tok;
	while (sr_token_next(t, strlen(t), &pos, &tok)) {
		assert_true(k < sizeof want / sizeof want[0]);
		assert_int_equal(tok.end - tok.start, strlen(want[k]));
		assert_memory_equal(t + tok.start, want[k], strlen(want[k]));
		k++;
	}
	assert_int_equal(k, sizeof want / sizeof want[0]);
	pos = 0;
	assert_true(sr_token_next("12,000", 6, &pos, &tok));
	assert_int_equal(tok.kind, SR_TOK_NUMBER);
	pos = 0;
	assert_false(sr_token_next("   ", 3, &pos, &tok));
}

static void test_word_count(void **state)
{
	assert_int_equal(sr_text_word_count("Hello, world! It's 2019.", 24), 5);
	const char *ru = "Привет, мир";
	assert_int_equal(sr_text_word_count(ru, strlen(ru)), 2);
	assert_int_equal(sr_text_word_count("", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),  cmocka_unit_test(test_utf8_repair),
		cmocka_unit_test(test_nfc_fold),    cmocka_unit_test(test_nfc_fold_runs),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_sentences),   cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_word_count),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
