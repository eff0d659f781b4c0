/* assess.h — the analysis stage, per article: does the text say that the
 * situation got better, stayed as it was, or got worse?
 *
 * The judgement is sitrep's own reading of the article's body and its coded
 * events; the source's label (sr_doc.trend) is never read. The method, its
 * lexicon and thresholds are described in docs/assess.md. */
#ifndef SITREP_ASSESS_H
#define SITREP_ASSESS_H

#include <stddef.h>

#include "code.h"
#include "doc.h"

/* Judge d->body (with its events ev[0..nev), coded over that same body, so
 * that ev->sentence counts the body's sentences). Returns BETTER, UNCHANGED
 * or WORSE; NONE when the body holds no words. *confidence, when given, gets
 * 0..1: how clearly the evidence leans (0 for NONE). */
sr_trend sr_assess_article(const sr_doc *d, const sr_event *ev, size_t nev,
			   double *confidence /* OUT, may be NULL */);

/* The evidence behind a judgement, for tests and explanations. */
typedef struct sr_assess_detail {
	double better, worse, same; /* weighted evidence for each reading */
	int cues, events;            /* lexicon cues and events counted */
} sr_assess_detail;

/* As sr_assess_article, also filling *det (may be NULL). */
sr_trend sr_assess_article_detail(const sr_doc *d, const sr_event *ev, size_t nev,
				  double *confidence /* OUT, may be NULL */,
				  sr_assess_detail *det /* OUT, may be NULL */);

#endif
