/* extract.h — the extract stage: a raw input becomes an sr_doc with main text
 * and metadata.
 *
 * Plain text (the scraped form of the seeds) and HTML take different paths to
 * a body and its metadata; then common steps run on both: language, inline
 * citations resolved against the article's date, and the article's date with
 * its basis. */
#ifndef SITREP_EXTRACT_H
#define SITREP_EXTRACT_H

#include "doc.h"
#include "read.h"
#include "util/error.h"

typedef struct sr_extractor sr_extractor;

sr_extractor *sr_extract_new(void);
void sr_extract_free(sr_extractor *x);

/* Extract one article into *out (initialised by the callee; the caller
 * cleans it up with sr_doc_cleanup, also after failure). Returns 0 or
 * SR_EINPUT with err filled (e.g. no text at all). */
int sr_extract_doc(sr_extractor *x, const sr_input *in, sr_doc *out /* OUT */,
		   sr_error *err /* OUT */);

#endif
