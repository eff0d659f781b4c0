/* jsonesc.h — appending a JSON string literal fast.
 *
 * jansson writes every JSON object sitrep prints, but its string writer
 * decodes and examines one code point at a time, which made it a third of the
 * time of `sitrep extract --json` on plain text. Article bodies are long runs
 * of bytes that need no escape, so this copies such runs whole. The output is
 * byte-for-byte what jansson writes with its default flags (no
 * JSON_ENSURE_ASCII, no JSON_ESCAPE_SLASH); tests/unit/test_jsonesc.c checks
 * that against jansson itself. */
#ifndef SITREP_JSONESC_H
#define SITREP_JSONESC_H

#include <stddef.h>

#include "buf.h"

/* Append s[0..len) (valid UTF-8) as a quoted JSON string; 0 or -1 past b's cap. */
int sr_json_append_string(sr_buf *b, const char *s, size_t len);

#endif
