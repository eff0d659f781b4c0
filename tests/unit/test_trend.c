/* test_trend.c — the weekly label: no baseline, coverage, steady weeks,
 * rises of conflict and of cooperation, quiet weeks, bad numbers; and the
 * properties an analyst expects, checked over many random histories. */
#include "testutil.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "trend.h"

static sr_trend_period P(double coop, double conf, long events, long docs)
{
	sr_trend_period p = {coop, conf, events, docs};
	return p;
}

static void check_sane(const sr_trend_judgement *j)
{
	assert_true(j->label == SR_TREND_BETTER || j->label == SR_TREND_UNCHANGED || j->label == SR_TREND_WORSE);
	assert_true(isfinite(j->confidence));
	assert_true(j->confidence >= 0 && j->confidence <= 1);
	assert_true(isfinite(j->z_coop) && isfinite(j->z_conflict) && isfinite(j->change));
}

static void test_no_baseline(void **state)
{
	sr_trend_judgement j;
	sr_trend_period cur = P(10, 200, 20, 5);
	sr_trend_judge(NULL, 0, &cur, &j);
	assert_int_equal(j.label, SR_TREND_UNCHANGED);
	assert_true(j.confidence == 0);
	assert_int_equal(j.baseline, 0);

	/* one covered period is fewer than SR_TREND_MIN_BASELINE */
	sr_trend_period h1[] = {P(10, 10, 4, 3)};
	sr_trend_judge(h1, 1, &cur, &j);
	assert_int_equal(j.label, SR_TREND_UNCHANGED);
	assert_true(j.confidence == 0);
	assert_int_equal(j.baseline, 1);
}

static void test_uncovered_periods_ignored(void **state)
{
	sr_trend_judgement j;
	sr_trend_period cur = P(10, 200, 20, 5);
	/* many periods without articles: still no baseline */
	sr_trend_period h[] = {P(10, 10, 4, 0), P(10, 10, 4, 0), P(10, 10, 4, 3), P(0, 0, 0, 0), P(5, 5, 2, -1)};
	sr_trend_judge(h, 5, &cur, &j);
	assert_int_equal(j.baseline, 1);
	assert_int_equal(j.label, SR_TREND_UNCHANGED);
	assert_true(j.confidence == 0);

	/* figures of uncovered periods do not enter the baseline: the same
	 * judgement with them as without them */
	sr_trend_period a[] = {P(10, 10, 4, 3), P(1000, 0, 50, 0), P(12, 8, 4, 2), P(0, 5000, 99, 0), P(11, 9, 4, 1)};
	sr_trend_period b[] = {P(10, 10, 4, 3), P(12, 8, 4, 2), P(11, 9, 4, 1)};
	sr_trend_judgement ja, jb;
	sr_trend_judge(a, 5, &cur, &ja);
	sr_trend_judge(b, 3, &cur, &jb);
	assert_int_equal(ja.baseline, 3);
	assert_int_equal(ja.label, jb.label);
	assert_true(ja.change == jb.change && ja.confidence == jb.confidence);
}

static void test_window(void **state)
{
	/* old heavy conflict outside the window must not count: the last
	 * SR_TREND_WINDOW covered periods are calm, and so is this week */
	sr_trend_period h[SR_TREND_WINDOW + 4];
	size_t n = 0;
	for (int i = 0; i < 4; i++)
		h[n++] = P(0, 500, 60, 5);
	for (int i = 0; i < SR_TREND_WINDOW; i++)
		h[n++] = P(20, 20, 8, 5);
	sr_trend_period cur = P(20, 20, 8, 5);
	sr_trend_judgement j;
	sr_trend_judge(h, n, &cur, &j);
	assert_int_equal(j.baseline, SR_TREND_WINDOW);
	assert_int_equal(j.label, SR_TREND_UNCHANGED);
	assert_true(j.change == 0);

	/* an uncovered period inside the last SR_TREND_WINDOW slots does not
	 * use up a slot: one more old covered period is reached */
	sr_trend_period g[SR_TREND_WINDOW + 2];
	n = 0;
	g[n++] = P(0, 500, 60, 5); /* reached only if the empty one is skipped */
	for (int i = 0; i < SR_TREND_WINDOW - 1; i++)
		g[n++] = P(20, 20, 8, 5);
	g[n++] = P(0, 0, 0, 0);
	sr_trend_judge(g, n, &cur, &j);
	assert_int_equal(j.baseline, SR_TREND_WINDOW);
	/* the old heavy period is in: the baseline's conflict mean is above 20,
	 * so this week's 20 reads below it */
	assert_true(j.z_conflict < 0);
}

static void test_steady(void **state)
{
	sr_trend_period h[SR_TREND_WINDOW];
	for (int i = 0; i < SR_TREND_WINDOW; i++)
		h[i] = P(30 + (i % 2), 25 - (i % 2), 10, 4);
	sr_trend_period cur = P(30.5, 24.5, 10, 4);
	sr_trend_judgement j;
	sr_trend_judge(h, SR_TREND_WINDOW, &cur, &j);
	check_sane(&j);
	assert_int_equal(j.label, SR_TREND_UNCHANGED);
	assert_true(j.confidence > 0.9);
	assert_int_equal(j.baseline, SR_TREND_WINDOW);

	/* with only two covered periods the same week is less sure */
	sr_trend_judgement j2;
	sr_trend_judge(h + SR_TREND_WINDOW - 2, 2, &cur, &j2);
	assert_int_equal(j2.label, SR_TREND_UNCHANGED);
	assert_true(j2.confidence > 0 && j2.confidence < j.confidence);
}

static void test_conflict_rise(void **state)
{
	sr_trend_period h[SR_TREND_WINDOW];
	for (int i = 0; i < SR_TREND_WINDOW; i++)
		h[i] = P(40, 10 + i % 3, 12, 5);
	sr_trend_period cur = P(40, 120, 30, 5);
	sr_trend_judgement j;
	sr_trend_judge(h, SR_TREND_WINDOW, &cur, &j);
	check_sane(&j);
	assert_int_equal(j.label, SR_TREND_WORSE);
	assert_true(j.z_conflict > 1 && j.change < -1);
	assert_true(j.confidence > 0.5);
}

static void test_cooperation_rise(void **state)
{
	sr_trend_period h[SR_TREND_WINDOW];
	for (int i = 0; i < SR_TREND_WINDOW; i++)
		h[i] = P(20 + i % 3, 15, 8, 5);
	sr_trend_period cur = P(150, 15, 30, 5);
	sr_trend_judgement j;
	sr_trend_judge(h, SR_TREND_WINDOW, &cur, &j);
	check_sane(&j);
	assert_int_equal(j.label, SR_TREND_BETTER);
	assert_true(j.z_coop > 1 && j.change > 1);
	assert_true(j.confidence > 0.5);
}

static void test_quiet_weeks(void **state)
{
	sr_trend_period calm[SR_TREND_WINDOW], heavy[SR_TREND_WINDOW];
	for (int i = 0; i < SR_TREND_WINDOW; i++) {
		calm[i] = P(20, 20, 8, 5);
		heavy[i] = P(5, 300 + 10 * i, 50, 5);
	}
	sr_trend_period quiet = P(0, 0, 0, 3);
	sr_trend_judgement j;
	sr_trend_judge(calm, SR_TREND_WINDOW, &quiet, &j);
	assert_int_equal(j.label, SR_TREND_UNCHANGED);
	assert_true(j.confidence == 0);
	/* a quiet week after heavy conflict is not read as better: no event
	 * says anything changed */
	sr_trend_judge(heavy, SR_TREND_WINDOW, &quiet, &j);
	assert_int_equal(j.label, SR_TREND_UNCHANGED);
	assert_true(j.confidence == 0);
	assert_int_equal(j.baseline, SR_TREND_WINDOW);
}

static void test_bad_numbers(void **state)
{
	const double bad[] = {NAN, INFINITY, -INFINITY, -5, -0.0, 1e300, 5e-324};
	const size_t nb = sizeof bad / sizeof bad[0];
	for (size_t a = 0; a < nb; a++)
		for (size_t b = 0; b < nb; b++) {
			sr_trend_period h[4] = {P(bad[a], 10, 4, 3), P(10, bad[b], 4, 3), P(bad[b], bad[a], 4, 3),
						P(12, 9, 4, 3)};
			sr_trend_period cur = P(bad[b], bad[a], 5, 3);
			sr_trend_judgement j;
			sr_trend_judge(h, 4, &cur, &j);
			check_sane(&j);
			cur = P(15, 15, -3, -1); /* negative counts: no events */
			sr_trend_judge(h, 4, &cur, &j);
			check_sane(&j);
			assert_int_equal(j.label, SR_TREND_UNCHANGED);
		}
}

/* Figures so large that their sum overflows to infinity must not give NaN
 * scores either (a corrupt store, a runaway sum). */
static void test_huge_numbers(void **state)
{
	sr_trend_period h[3] = {P(1.5e308, 1.5e308, 4, 3), P(1.5e308, 1.5e308, 4, 3), P(1e308, 1e308, 4, 3)};
	sr_trend_period cur = P(1, 1, 2, 3);
	sr_trend_judgement j;
	sr_trend_judge(h, 3, &cur, &j);
	if (!isfinite(j.z_coop) || !isfinite(j.z_conflict) || !isfinite(j.change))
		fail_msg("BUG src/trend.c: finite history figures whose sum overflows give z_coop=%g "
			 "z_conflict=%g change=%g (mean = inf, spread = inf, (c - inf) / inf = NaN)",
			 j.z_coop, j.z_conflict, j.change);
	check_sane(&j);
}

/* ---- properties over random cases ---- */

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint64_t next_u64(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}
static double uniform(double lo, double hi) /* [lo, hi) */
{
	return lo + (hi - lo) * (double)(next_u64() >> 11) / 9007199254740992.0;
}
static long below(long n)
{
	return (long)(next_u64() % (uint64_t)n);
}

/* A figure: often zero, sometimes small, sometimes large. */
static double figure(void)
{
	switch (below(4)) {
	case 0: return 0;
	case 1: return uniform(0, 10);
	case 2: return uniform(0, 100);
	default: return uniform(0, 1000);
	}
}

/* A random history of 0..10 periods; some without articles. */
static size_t random_history(sr_trend_period *h)
{
	size_t n = (size_t)below(11);
	for (size_t i = 0; i < n; i++) {
		h[i] = P(figure(), figure(), below(60), below(4) == 0 ? 0 : 1 + below(20));
	}
	return n;
}

/* A consistent current week: its figures are sums of its events' scores
 * (an event may score 0). No event means no figures. */
static sr_trend_period random_week(void)
{
	sr_trend_period c = P(0, 0, below(5) == 0 ? 0 : below(40), 1 + below(20));
	for (long e = 0; e < c.events; e++) {
		double g = uniform(-10, 10);
		if (below(10) == 0)
			g = 0;
		if (g > 0)
			c.cooperation += g;
		else
			c.conflict -= g;
	}
	return c;
}

static int rank(sr_trend t) /* worse < unchanged < better */
{
	return t == SR_TREND_WORSE ? 0 : t == SR_TREND_UNCHANGED ? 1 : 2;
}

enum { CASES = 20000 };

typedef struct counts {
	long cases, better, unchanged, worse, moved, violations, first_event_violations;
} counts;

static void report(const char *what, const counts *c)
{
	printf("# %s: %ld cases (before: %ld better, %ld unchanged, %ld worse), label moved in %ld, "
	       "violations %ld (of which from a week without events: %ld)\n",
	       what, c->cases, c->better, c->unchanged, c->worse, c->moved, c->violations, c->first_event_violations);
}

/* Add one event of score sign * g to cur and judge again; 1 if the label
 * moved against the direction of the event. */
static int one_case(const sr_trend_period *h, size_t nh, sr_trend_period cur, int sign, counts *c,
		    sr_trend_period *bad_cur, double *bad_g)
{
	sr_trend_judgement before, after;
	sr_trend_judge(h, nh, &cur, &before);
	check_sane(&before);
	double g = uniform(0, 10);
	if (g == 0)
		g = 1e-9; /* g in (0, 10] */
	sr_trend_period more = cur;
	if (sign > 0)
		more.cooperation += g;
	else
		more.conflict += g;
	more.events++;
	sr_trend_judge(h, nh, &more, &after);
	check_sane(&after);
	c->cases++;
	c->better += before.label == SR_TREND_BETTER;
	c->unchanged += before.label == SR_TREND_UNCHANGED;
	c->worse += before.label == SR_TREND_WORSE;
	c->moved += before.label != after.label;
	int r0 = rank(before.label), r1 = rank(after.label);
	int bad = sign > 0 ? r1 < r0 : r1 > r0;
	if (bad) {
		c->violations++;
		c->first_event_violations += cur.events == 0;
		*bad_cur = cur;
		*bad_g = g;
	}
	return bad;
}

static void property(int sign, int with_empty_weeks, const char *what)
{
	rng = 0x9e3779b97f4a7c15u ^ (uint64_t)(sign > 0) ^ ((uint64_t)with_empty_weeks << 1);
	counts c = {0};
	sr_trend_period h[10], bad_cur = {0};
	size_t bad_nh = 0;
	sr_trend_period bad_h[10];
	double bad_g = 0;
	while (c.cases < CASES) {
		size_t nh = random_history(h);
		sr_trend_period cur = random_week();
		if (!with_empty_weeks && cur.events == 0)
			continue;
		if (one_case(h, nh, cur, sign, &c, &bad_cur, &bad_g)) {
			bad_nh = nh;
			memcpy(bad_h, h, sizeof h);
		}
	}
	report(what, &c);
	assert_int_equal(c.cases, CASES);
	assert_true(c.moved > 0); /* the cases do exercise label changes */
	if (c.violations) {
		printf("# counterexample: cur {coop %g, conflict %g, events %ld}, %s event %g, history:",
		       bad_cur.cooperation, bad_cur.conflict, bad_cur.events, sign > 0 ? "cooperative" : "conflict",
		       bad_g);
		for (size_t i = 0; i < bad_nh; i++)
			printf(" {%g, %g, %ld, %ld}", bad_h[i].cooperation, bad_h[i].conflict, bad_h[i].events,
			       bad_h[i].documents);
		printf("\n");
		fail_msg("PROPERTY VIOLATION (src/trend.c): %s: %ld of %d cases", what, c.violations, CASES);
	}
}

/* (1) a cooperative event never moves the label toward worse */
static void test_prop_cooperation(void **state)
{
	property(+1, 1, "cooperative event never toward worse");
}

/* (2) a conflict event never moves the label toward better, for weeks
 * that already have events */
static void test_prop_conflict(void **state)
{
	property(-1, 0, "conflict event never toward better (weeks with events)");
}

/* (2') the same, including weeks that had no event yet: the first event of
 * a week lifts the "no event: unchanged" rule */
static void test_prop_conflict_first_event(void **state)
{
	property(-1, 1, "conflict event never toward better (all weeks)");
}

/* (3), (4) over arbitrary, also inconsistent and hostile, figures */
static void test_prop_sane(void **state)
{
	rng = 12345;
	const double odd[] = {NAN, INFINITY, -INFINITY, -1, 0, 1e300};
	long labels[4] = {0};
	for (int i = 0; i < CASES; i++) {
		sr_trend_period h[10];
		size_t nh = random_history(h);
		for (size_t k = 0; k < nh; k++)
			if (below(20) == 0)
				h[k].cooperation = odd[below(6)];
		sr_trend_period cur = P(figure(), figure(), below(40) - 2, below(5));
		if (below(20) == 0)
			cur.conflict = odd[below(6)];
		sr_trend_judgement j;
		sr_trend_judge(h, nh, &cur, &j);
		assert_true(isfinite(j.confidence) && j.confidence >= 0 && j.confidence <= 1);
		assert_true(j.label == SR_TREND_BETTER || j.label == SR_TREND_UNCHANGED || j.label == SR_TREND_WORSE);
		assert_true(j.baseline >= 0 && j.baseline <= SR_TREND_WINDOW && (size_t)j.baseline <= nh);
		assert_false(isnan(j.change));
		labels[j.label]++;
	}
	printf("# sane: %d cases: %ld better, %ld unchanged, %ld worse; confidence in [0,1], finite\n", CASES,
	       labels[SR_TREND_BETTER], labels[SR_TREND_UNCHANGED], labels[SR_TREND_WORSE]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_baseline),
		cmocka_unit_test(test_uncovered_periods_ignored),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_steady),
		cmocka_unit_test(test_conflict_rise),
		cmocka_unit_test(test_cooperation_rise),
		cmocka_unit_test(test_quiet_weeks),
		cmocka_unit_test(test_bad_numbers),
		cmocka_unit_test(test_huge_numbers),
		cmocka_unit_test(test_prop_cooperation),
		cmocka_unit_test(test_prop_conflict),
		cmocka_unit_test(test_prop_conflict_first_event),
		cmocka_unit_test(test_prop_sane),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
