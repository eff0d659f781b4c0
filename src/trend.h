/* trend.h — the analysis stage's weekly judgement: did a dyad's (or a
 * sphere's) situation get better, stay as it was or get worse this period,
 * against the periods before it?
 *
 * A pure function of the period's figures and its history, so that it can
 * be tested for the properties an analyst expects (adding a cooperative
 * event never makes a period worse). The method, its constants and why:
 * docs/assess.md, "The weekly label". */
#ifndef SITREP_TREND_H
#define SITREP_TREND_H

#include <stddef.h>

#include "doc.h"

/* One period's figures. Cooperation and conflict are intensities: the
 * sums of the positive and of the (negated) negative Goldstein scores of
 * the period's events, so a period with more, or weightier, cooperation
 * has a higher cooperation figure. */
typedef struct sr_trend_period {
	double cooperation; /* >= 0 */
	double conflict;    /* >= 0 */
	long events;        /* events with a score */
	long documents;     /* articles the store holds for the period (any dyad) */
} sr_trend_period;

/* How many preceding periods are compared with, and how many of them must
 * have articles (the store "had eyes" on them) for a judgement. */
enum { SR_TREND_WINDOW = 6, SR_TREND_MIN_BASELINE = 2 };

typedef struct sr_trend_judgement {
	sr_trend label;     /* BETTER, UNCHANGED or WORSE */
	double confidence;  /* 0..1; 0 when there was nothing to compare with */
	int baseline;       /* preceding periods with articles that were used */
	double z_coop;      /* cooperation against its baseline, in its spread */
	double z_conflict;  /* conflict likewise */
	double change;      /* z_coop - z_conflict: > 0 toward better */
} sr_trend_judgement;

/* Judge cur against the periods before it, hist[0..nhist) oldest first
 * (only the last SR_TREND_WINDOW with documents > 0 count). Fewer than
 * SR_TREND_MIN_BASELINE such periods, or no event in cur: UNCHANGED with
 * confidence 0 (nothing says it changed). */
void sr_trend_judge(const sr_trend_period *hist, size_t nhist, const sr_trend_period *cur,
		    sr_trend_judgement *out /* OUT */);

#endif
