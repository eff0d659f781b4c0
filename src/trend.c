/* trend.c — the weekly label from a period's cooperation and conflict
 * against the periods before it (see trend.h and docs/assess.md).
 *
 * Each side is compared with its own history as a z-like score: the
 * period's figure minus the baseline mean, over a spread that is the
 * baseline's standard deviation widened by a floor of about one typical
 * event (news counts are lumpy: one extra report must not flip a label).
 * The change is cooperation's score minus conflict's. "Better" needs the
 * change above the threshold and cooperation actually up; "worse" needs it
 * below minus the threshold and conflict actually up. So silence is never
 * read as a change: a quiet week after a busy one is unchanged, whichever
 * way the busy one went (news coverage has gaps; de-escalation that is
 * reported is coded as cooperation). Both rules only get easier (better)
 * or harder (worse) as cooperation grows, and the other way round as
 * conflict grows, which is the monotonicity the tests check. */
#include "trend.h"

#include <math.h>
#include <string.h>

/* One typical event's weight on the Goldstein scale (|g| of a meeting, an
 * agreement, a threat), which is the smallest spread a period has. */
#define EVENT_WEIGHT 5.0
/* |change| at which the label moves; at twice this the confidence is full. */
#define THRESHOLD 1.0
/* Figures beyond this are clamped: far above any real week (a thousand
 * events at the scale's maximum), and sums of them stay finite. */
#define FIGURE_MAX 1e6

static double figure(double v)
{
	return isfinite(v) && v > 0 ? fmin(v, FIGURE_MAX) : 0;
}

static double spread(double var, double mean)
{
	/* the baseline's own variance, plus a Poisson-like term for the count
	 * of events behind the mean, plus one event */
	return sqrt(var + EVENT_WEIGHT * mean + EVENT_WEIGHT * EVENT_WEIGHT);
}

void sr_trend_judge(const sr_trend_period *hist, size_t nhist, const sr_trend_period *cur,
		    sr_trend_judgement *out)
{
	memset(out, 0, sizeof *out);
	out->label = SR_TREND_UNCHANGED;

	/* the last SR_TREND_WINDOW periods with articles */
	double sc = 0, sc2 = 0, sk = 0, sk2 = 0;
	int n = 0;
	for (size_t i = nhist; i-- > 0 && n < SR_TREND_WINDOW;) {
		const sr_trend_period *p = &hist[i];
		if (p->documents <= 0)
			continue;
		double c = figure(p->cooperation), k = figure(p->conflict);
		sc += c, sc2 += c * c, sk += k, sk2 += k * k;
		n++;
	}
	out->baseline = n;
	if (n < SR_TREND_MIN_BASELINE || cur->events <= 0)
		return;

	double mc = sc / n, mk = sk / n;
	double vc = fmax(0, sc2 / n - mc * mc), vk = fmax(0, sk2 / n - mk * mk);
	double c = figure(cur->cooperation), k = figure(cur->conflict);
	out->z_coop = (c - mc) / spread(vc, mc);
	out->z_conflict = (k - mk) / spread(vk, mk);
	out->change = out->z_coop - out->z_conflict;

	double coverage = (double)n / SR_TREND_WINDOW;
	if (out->change >= THRESHOLD && out->z_coop >= THRESHOLD / 2) {
		out->label = SR_TREND_BETTER;
		out->confidence = fmin(1.0, out->change / (2 * THRESHOLD)) * coverage;
	} else if (out->change <= -THRESHOLD && out->z_conflict >= THRESHOLD / 2) {
		out->label = SR_TREND_WORSE;
		out->confidence = fmin(1.0, -out->change / (2 * THRESHOLD)) * coverage;
	} else {
		/* unchanged: surest when the change is nearest zero */
		out->confidence = fmax(0.0, 1.0 - fabs(out->change) / THRESHOLD) * coverage;
	}
}
