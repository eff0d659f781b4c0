/* extract_json.h — an extracted article as the JSON object of
 * `sitrep extract --json` (DESIGN.md, "The interface").
 *
 * Written straight into a buffer: building a jansson object for each article
 * and dumping it cost a quarter of plain-text extraction. The bytes are those
 * of cli_doc_to_json dumped by cli_print_json (JSON_COMPACT |
 * JSON_PRESERVE_ORDER, the body last), down to jansson's rules: a text field
 * that is not valid UTF-8 (a file name, say) is left out, as json_string
 * refuses it; the body is not checked again (read checked it). */
#ifndef SITREP_EXTRACT_JSON_H
#define SITREP_EXTRACT_JSON_H

#include "doc.h"
#include "util/buf.h"

/* Append d as one JSON object (no newline) to b. Returns 0, or -1 past b's
 * cap or out of memory (b then holds part of the object). */
int sr_extract_json(sr_buf *b, const sr_doc *d);

#endif
