/* text.h — the text stage: UTF-8, normalisation, language, sentences, tokens.
 *
 * Pure functions over UTF-8 byte ranges; utf8proc does the Unicode work.
 * Returned strings are heap copies owned by the caller (free()). */
#ifndef SITREP_TEXT_H
#define SITREP_TEXT_H

#include <stddef.h>

/* UTF-8 validation: 1 if valid; else 0 with the offset of the first bad byte. */
int sr_utf8_valid(const char *s, size_t len, size_t *bad_at /* OUT, may be NULL */);

/* Copy with each invalid sequence replaced by U+FFFD; *nrepl counts them. */
char *sr_utf8_repair(const char *s, size_t len, size_t *out_len /* OUT */,
		     size_t *nrepl /* OUT */);

/* NFC-normalised copy (input must be valid UTF-8); NULL on failure. */
char *sr_text_nfc(const char *s, size_t len, size_t *out_len /* OUT */);

/* NFC + case-folded copy (for matching and indexing). */
char *sr_text_fold(const char *s, size_t len, size_t *out_len /* OUT */);

/* Language of a text: "en", "ru", "be", "uk" or "und", from script and
 * letters that tell the Cyrillic languages apart. Returns a static string. */
const char *sr_text_language(const char *s, size_t len);

/* Sentences: byte spans [start, end) of the sentences of text, trimmed.
 * Abbreviations ("Maj.-Gen.", "U.S.", "Dr."), initials, decimals and date
 * ranges ("March 18th – 22nd") do not end a sentence; blank lines always do. */
typedef struct sr_span {
	size_t start, end;
} sr_span;

typedef struct sr_sentencer sr_sentencer;
sr_sentencer *sr_sentencer_new(const char *text, size_t len); /* borrows text */
void sr_sentencer_free(sr_sentencer *s);
/* 1 and *out filled, 0 at the end. */
int sr_sentencer_next(sr_sentencer *s, sr_span *out /* OUT */);

/* Tokens: words (letters/digits, with inner apostrophes, hyphens and dots of
 * abbreviations) and single punctuation marks, as byte spans. */
typedef enum { SR_TOK_WORD = 1, SR_TOK_NUMBER = 2, SR_TOK_PUNCT = 3 } sr_tok_kind;
typedef struct sr_token {
	size_t start, end;
	sr_tok_kind kind;
} sr_token;
/* Next token at or after *pos in text[0..len); 1 and *tok filled, 0 at end. */
int sr_token_next(const char *text, size_t len, size_t *pos /* IN/OUT */,
		  sr_token *tok /* OUT */);

/* 1 if the text holds at least one letter or digit (stops at the first). */
int sr_text_has_word(const char *s, size_t len);

/* Word count by the same rule as the extraction benchmark's shingles (\w+ runs). */
size_t sr_text_word_count(const char *s, size_t len);

#endif
