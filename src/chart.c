/* chart.c — the publish stage's SVG chart: cooperation up and conflict down
 * from a zero line as bars on a left "Events" axis, the Goldstein mean as a
 * broken line on a fixed -10..+10 right axis.
 *
 * Layout is computed, not left to the viewer: text widths are estimated from
 * the character count (DejaVu Sans is the font asked for, about 0.62 em per
 * character for digits and capitals), so x labels are thinned and the legend
 * wrapped before anything could overlap. Numbers are written by hand in
 * fixed point so the bytes depend on neither the C locale nor libc. */
#include "chart.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define DEF_W 720
#define DEF_H 320
#define MIN_SIDE 200 /* below this the axis names and legend collide */
#define MAX_SIDE 8000
#define MAX_COUNT 1e9 /* counts above it are drawn as 1e9: keeps labels short */

#define FS_TICK 11.0
#define FS_AXIS 12.0
#define FS_TITLE 15.0
#define CHAR_EM 0.62   /* estimated advance per character, in em */
#define TITLE_EM 0.68  /* bold title */
#define LABEL_GAP 10.0 /* least space between two x labels */

#define COL_COOP "#2b7bb9"
#define COL_CONF "#d7301f"
#define COL_GOLD "#333333"
#define COL_GRID "#e3e3e3"
#define COL_AXIS "#555555"
#define COL_BAND "#fff1b8"

/* A writer with a sticky failure: drawing code appends without checking
 * each call, sr_chart_svg checks once at the end. */
typedef struct w {
	sr_buf *b;
	int failed;
} w;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
wf(w *o, const char *fmt, ...)
{
	if (o->failed)
		return;
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof small || sr_buf_append(o->b, small, (size_t)n) < 0)
		o->failed = 1;
}

static void ws(w *o, const char *s)
{
	if (!o->failed && sr_buf_puts(o->b, s) < 0)
		o->failed = 1;
}

/* Fixed one-decimal text of v into s (at least 32 bytes): "12.5", "-3.0". */
static const char *f1(char *s, double v)
{
	if (!isfinite(v))
		v = 0;
	if (v > 1e12)
		v = 1e12;
	if (v < -1e12)
		v = -1e12;
	long long t = llround(v * 10.0);
	const char *sign = t < 0 ? "-" : "";
	if (t < 0)
		t = -t;
	snprintf(s, 32, "%s%lld.%lld", sign, t / 10, t % 10);
	return s;
}

/* A count or tick value: no decimals when whole, else up to two. */
static const char *fnum(char *s, double v)
{
	if (!isfinite(v))
		v = 0;
	long long h = llround(v * 100.0);
	const char *sign = h < 0 ? "-" : "";
	if (h < 0)
		h = -h;
	if (h % 100 == 0)
		snprintf(s, 32, "%s%lld", sign, h / 100);
	else if (h % 10 == 0)
		snprintf(s, 32, "%s%lld.%lld", sign, h / 100, (h / 10) % 10);
	else
		snprintf(s, 32, "%s%lld.%02lld", sign, h / 100, h % 100);
	return s;
}

/* Length of one UTF-8 sequence at p (1..4), or 0 when it is not valid. */
static size_t utf8_seq(const unsigned char *p, size_t left)
{
	unsigned c = p[0];
	size_t n;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, min = 0x10000;
	else
		return 0;
	if (left < n)
		return 0;
	unsigned cp = c & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* Characters in s (invalid bytes count as one each). */
static size_t text_chars(const char *s)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len; n++) {
		size_t k = utf8_seq((const unsigned char *)s + i, len - i);
		i += k ? k : 1;
	}
	return n;
}

/* Append at most max_chars characters of s as XML text, escaped; when s is
 * longer the last one shown is "…". Invalid UTF-8 and control characters
 * (not allowed in XML 1.0) become U+FFFD and spaces, so the output always
 * parses. */
static void wtext(w *o, const char *s, size_t max_chars)
{
	size_t len = strlen(s), total = text_chars(s), shown = 0;
	int cut = total > max_chars;
	size_t keep = cut ? (max_chars ? max_chars - 1 : 0) : total;
	for (size_t i = 0; i < len && shown < keep; shown++) {
		const unsigned char *p = (const unsigned char *)s + i;
		size_t k = utf8_seq(p, len - i);
		if (k == 0) {
			ws(o, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		if (k == 1) {
			switch (*p) {
			case '&':
				ws(o, "&amp;");
				break;
			case '<':
				ws(o, "&lt;");
				break;
			case '>':
				ws(o, "&gt;");
				break;
			case '"':
				ws(o, "&quot;");
				break;
			case '\'':
				ws(o, "&#39;");
				break;
			default:
				if (*p < 0x20 || *p == 0x7F)
					ws(o, " ");
				else if (!o->failed && sr_buf_putc(o->b, (char)*p) < 0)
					o->failed = 1;
			}
		} else if (!o->failed && sr_buf_append(o->b, p, k) < 0) {
			o->failed = 1;
		}
		i += k;
	}
	if (cut && max_chars)
		ws(o, "\xE2\x80\xA6");
}

static double text_w(size_t chars, double fs, double em)
{
	return (double)chars * fs * em;
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int is_week(const char *s)
{
	return strlen(s) == 8 && all_digits(s, 4) && s[4] == '-' && s[5] == 'W' && all_digits(s + 6, 2);
}

static int is_month(const char *s)
{
	return strlen(s) == 7 && all_digits(s, 4) && s[4] == '-' && all_digits(s + 5, 2);
}

static const char *x_axis_name(const sr_chart_point *pts, size_t n)
{
	int week = 1, month = 1;
	for (size_t i = 0; i < n; i++) {
		const char *p = pts[i].period ? pts[i].period : "";
		week = week && is_week(p);
		month = month && is_month(p);
	}
	return week ? "Week" : month ? "Month" : "Period";
}

static double clean_count(double v)
{
	if (!isfinite(v) || v < 0)
		return 0;
	return v > MAX_COUNT ? MAX_COUNT : v;
}

/* The smallest 1-2-5 step that spans [-down, up] in at most max_iv
 * intervals; at least 1, since the axis counts events. */
static double nice_step(double up, double down, int max_iv)
{
	static const double m[] = {1, 2, 5};
	double p = 1;
	for (int k = 0; k < 16; k++, p *= 10)
		for (int j = 0; j < 3; j++) {
			double s = m[j] * p;
			if (ceil(up / s - 1e-9) + ceil(down / s - 1e-9) <= max_iv)
				return s;
		}
	return 1e13;
}

/* The legend: items laid out left to right, centred, wrapped when the row
 * is full. Returns the rows used; with draw 0 only measures. */
static int legend(w *o, double W, double y0, int draw)
{
	static const char *names[] = {"Cooperation", "Conflict", "Goldstein mean"};
	static const char *cls[] = {"coop", "conflict", "goldstein"};
	double sw = 16, gap = 6, sep = 20, row_h = 18, avail = W - 20;
	double iw[3];
	for (int i = 0; i < 3; i++)
		iw[i] = sw + gap + text_w(strlen(names[i]), FS_AXIS, CHAR_EM);
	int rows = 0;
	for (int i = 0; i < 3;) {
		/* items i..j-1 on this row */
		int j = i;
		double rw = 0;
		while (j < 3 && (j == i || rw + sep + iw[j] <= avail)) {
			rw += (j == i ? 0 : sep) + iw[j];
			j++;
		}
		double x = (W - rw) / 2, y = y0 + rows * row_h;
		char a[32], b[32], c[32], d[32];
		for (int k = i; draw && k < j; k++) {
			wf(o, "<g class=\"legend %s\">", cls[k]);
			if (k < 2)
				wf(o, "<rect x=\"%s\" y=\"%s\" width=\"%.0f\" height=\"10\" fill=\"%s\"/>",
				   f1(a, x), f1(b, y - 9), sw, k == 0 ? COL_COOP : COL_CONF);
			else
				wf(o,
				   "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" COL_GOLD
				   "\" stroke-width=\"2\"/><circle cx=\"%s\" cy=\"%s\" r=\"3\" "
				   "fill=\"" COL_GOLD "\"/>",
				   f1(a, x), f1(b, y - 4), f1(c, x + sw), f1(d, y - 4), f1(c, x + sw / 2),
				   f1(d, y - 4));
			wf(o, "<text x=\"%s\" y=\"%s\" font-size=\"%.0f\">%s</text></g>\n",
			   f1(a, x + sw + gap), f1(b, y), FS_AXIS, names[k]);
			x += iw[k] + sep;
		}
		rows++;
		i = j;
	}
	return rows;
}

static void svg_open(w *o, int W, int H, const char *title)
{
	wf(o,
	   "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sitrep-chart\" width=\"%d\" height=\"%d\" "
	   "viewBox=\"0 0 %d %d\" font-family=\"'DejaVu Sans', sans-serif\" role=\"img\"",
	   W, H, W, H);
	if (title) {
		ws(o, " aria-label=\"");
		wtext(o, title, 300);
		ws(o, "\"");
	}
	wf(o, ">\n<rect class=\"background\" x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
	   W, H);
}

/* The title, centred, cut with "…" to the width; returns the y below it. */
static double draw_title(w *o, int W, const char *title)
{
	if (!title || !*title)
		return 6;
	double per = FS_TITLE * TITLE_EM;
	size_t fit = (size_t)((W - 20) / per);
	char a[32];
	wf(o,
	   "<text class=\"title\" x=\"%s\" y=\"21\" text-anchor=\"middle\" font-size=\"%.0f\" "
	   "font-weight=\"bold\">",
	   f1(a, W / 2.0), FS_TITLE);
	wtext(o, title, fit ? fit : 1);
	ws(o, "</text>\n");
	return 30;
}

static void draw_empty(w *o, int W, int H, const sr_chart_opts *opt)
{
	const char *title = opt ? opt->title : NULL;
	svg_open(o, W, H, title);
	draw_title(o, W, title);
	char a[32], b[32];
	wf(o,
	   "<text class=\"empty\" x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"14\" fill=\"#555555\">"
	   "No events in this period</text>\n</svg>\n",
	   f1(a, W / 2.0), f1(b, H / 2.0));
}

static void draw_chart(w *o, const sr_chart_point *pts, size_t n, int W, int H, const sr_chart_opts *opt)
{
	const char *title = opt ? opt->title : NULL;
	const char *hl = opt ? opt->highlight : NULL;
	char a[32], b[32], c[32], d[32];

	svg_open(o, W, H, title);
	double top = draw_title(o, W, title);
	int lrows = legend(o, W, 0, 0);
	legend(o, W, top + 12, 1);
	top += lrows * 18.0;
	/* axis names sit above their axes, horizontal: nothing is rotated */
	double names_y = top + 12;
	double plot_t = names_y + 12;
	double plot_b = H - 40.0;

	/* left axis: counts, cooperation up, conflict down */
	double up = 0, down = 0;
	for (size_t i = 0; i < n; i++) {
		up = fmax(up, clean_count(pts[i].cooperation));
		down = fmax(down, clean_count(pts[i].conflict));
	}
	if (up == 0 && down == 0)
		up = 1;
	int max_iv = (int)((plot_b - plot_t) / 24);
	if (max_iv < 2)
		max_iv = 2;
	double step = nice_step(up, down, max_iv);
	double vt = ceil(up / step - 1e-9) * step, vb = -ceil(down / step - 1e-9) * step;
	if (vt == 0 && vb == 0)
		vt = step;

	/* margins from the widest tick label */
	size_t lw = 1;
	for (double v = vb; v <= vt + step / 2; v += step)
		lw = fmax(lw, strlen(fnum(a, fabs(v))));
	double plot_l = 14 + text_w(lw, FS_TICK, CHAR_EM) + 8;
	plot_l = fmax(plot_l, 14 + text_w(strlen("Events"), FS_AXIS, CHAR_EM) / 2);
	double plot_r = W - (14 + text_w(3, FS_TICK, CHAR_EM) + 8);
	double pw = plot_r - plot_l, ph = plot_b - plot_t;
	double slot = pw / (double)n;
#define YV(v) (plot_t + (vt - (v)) / (vt - vb) * ph)
#define YG(g) (plot_t + (10.0 - (g)) / 20.0 * ph)
#define XC(i) (plot_l + ((double)(i) + 0.5) * slot)
	double y0 = YV(0);

	/* the highlighted period, behind everything */
	for (size_t i = 0; hl && i < n; i++)
		if (pts[i].period && strcmp(pts[i].period, hl) == 0) {
			wf(o,
			   "<rect class=\"highlight\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
			   "fill=\"" COL_BAND "\">",
			   f1(a, plot_l + (double)i * slot), f1(b, plot_t), f1(c, slot), f1(d, ph));
			ws(o, "<title>");
			wtext(o, hl, 100);
			ws(o, "</title></rect>\n");
			break;
		}

	/* gridlines and left tick labels */
	ws(o, "<g class=\"axis y\">\n");
	for (long k = 0;; k++) {
		double v = vb + (double)k * step;
		if (v > vt + step / 2)
			break;
		double y = YV(v);
		int zero = fabs(v) < step / 2;
		wf(o, "<line class=\"%s\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\"/>\n",
		   zero ? "zero" : "grid", f1(a, plot_l), f1(b, y), f1(c, plot_r), f1(d, y),
		   zero ? COL_AXIS : COL_GRID);
		wf(o,
		   "<text class=\"tick-label y\" x=\"%s\" y=\"%s\" text-anchor=\"end\" font-size=\"%.0f\" "
		   "fill=\"#333333\">%s</text>\n",
		   f1(a, plot_l - 6), f1(b, y + FS_TICK * 0.35), FS_TICK, fnum(c, fabs(v)));
	}
	wf(o,
	   "<text class=\"axis-label y\" x=\"%s\" y=\"%s\" font-size=\"%.0f\" "
	   "fill=\"#333333\">Events</text>\n",
	   f1(a, 14), f1(b, names_y), FS_AXIS);
	ws(o, "</g>\n");

	/* right axis: Goldstein -10..+10 */
	ws(o, "<g class=\"axis y2\">\n");
	wf(o, "<line class=\"axis-line\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" COL_AXIS "\"/>\n",
	   f1(a, plot_r), f1(b, plot_t), f1(c, plot_r), f1(d, plot_b));
	for (int g = 10; g >= -10; g -= 5) {
		double y = YG(g);
		wf(o,
		   "<line class=\"tick\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" COL_AXIS "\"/>\n",
		   f1(a, plot_r), f1(b, y), f1(c, plot_r + 4), f1(d, y));
		wf(o,
		   "<text class=\"tick-label y2\" x=\"%s\" y=\"%s\" font-size=\"%.0f\" "
		   "fill=\"#333333\">%s%d</text>\n",
		   f1(a, plot_r + 6), f1(b, y + FS_TICK * 0.35), FS_TICK, g > 0 ? "+" : "", g);
	}
	wf(o,
	   "<text class=\"axis-label y2\" x=\"%s\" y=\"%s\" text-anchor=\"end\" font-size=\"%.0f\" "
	   "fill=\"#333333\">Goldstein mean</text>\n",
	   f1(a, W - 8.0), f1(b, names_y), FS_AXIS);
	ws(o, "</g>\n");

	/* bars: one slot per period, cooperation up, conflict down */
	double bw = fmin(slot * 0.7, 40);
	ws(o, "<g class=\"bars\">\n");
	for (size_t i = 0; i < n; i++) {
		double co = clean_count(pts[i].cooperation), cf = clean_count(pts[i].conflict);
		const char *per = pts[i].period ? pts[i].period : "";
		int hg = pts[i].has_goldstein && isfinite(pts[i].goldstein);
		for (int s = 0; s < 2; s++) {
			double v = s == 0 ? co : cf;
			if (v <= 0)
				continue;
			double ya = s == 0 ? YV(v) : y0, yb = s == 0 ? y0 : YV(-v);
			wf(o,
			   "<rect class=\"bar %s\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
			   "fill=\"%s\"><title>",
			   s == 0 ? "coop" : "conflict", f1(a, XC(i) - bw / 2), f1(b, ya), f1(c, bw),
			   f1(d, yb - ya), s == 0 ? COL_COOP : COL_CONF);
			wtext(o, per, 100);
			wf(o, ": cooperation %s, conflict %s", fnum(a, co), fnum(b, cf));
			if (hg)
				wf(o, ", Goldstein mean %s", f1(a, fmax(-10, fmin(10, pts[i].goldstein))));
			ws(o, "</title></rect>\n");
		}
	}
	ws(o, "</g>\n");

	/* x axis: period labels every k-th slot so that none overlap */
	size_t maxc = 1;
	for (size_t i = 0; i < n; i++)
		if (pts[i].period)
			maxc = fmax(maxc, text_chars(pts[i].period));
	double lab_w = text_w(maxc, FS_TICK, CHAR_EM);
	size_t every = (size_t)ceil((lab_w + LABEL_GAP) / slot - 1e-9);
	if (every < 1)
		every = 1;
	ws(o, "<g class=\"axis x\">\n");
	wf(o, "<line class=\"axis-line\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" COL_AXIS "\"/>\n",
	   f1(a, plot_l), f1(b, plot_b), f1(c, plot_r), f1(d, plot_b));
	for (size_t i = 0; i < n; i += every) {
		/* wider than the estimate: a label is dropped rather than cut at the edge */
		double x = XC(i), tw = text_w(pts[i].period ? text_chars(pts[i].period) : 0, FS_TICK, 0.7);
		if (x - tw / 2 < 1 || x + tw / 2 > W - 1)
			continue;
		wf(o,
		   "<line class=\"tick\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"" COL_AXIS "\"/>\n",
		   f1(a, x), f1(b, plot_b), f1(c, x), f1(d, plot_b + 4));
		wf(o,
		   "<text class=\"tick-label x\" x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"%.0f\" "
		   "fill=\"#333333\">",
		   f1(a, x), f1(b, plot_b + 16), FS_TICK);
		wtext(o, pts[i].period ? pts[i].period : "", 100);
		ws(o, "</text>\n");
	}
	wf(o,
	   "<text class=\"axis-label x\" x=\"%s\" y=\"%s\" text-anchor=\"middle\" font-size=\"%.0f\" "
	   "fill=\"#333333\">%s</text>\n",
	   f1(a, (plot_l + plot_r) / 2), f1(b, H - 7.0), FS_AXIS, x_axis_name(pts, n));
	ws(o, "</g>\n");

	/* the Goldstein line, broken where a period has no score */
	ws(o, "<g class=\"goldstein\">\n");
	for (size_t i = 0; i < n;) {
		if (!pts[i].has_goldstein || !isfinite(pts[i].goldstein)) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && pts[j].has_goldstein && isfinite(pts[j].goldstein))
			j++;
		if (j - i >= 2) {
			ws(o, "<polyline class=\"goldstein line\" fill=\"none\" stroke=\"" COL_GOLD
			      "\" stroke-width=\"1.5\" points=\"");
			for (size_t k = i; k < j; k++)
				wf(o, "%s%s,%s", k > i ? " " : "", f1(a, XC(k)),
				   f1(b, YG(fmax(-10, fmin(10, pts[k].goldstein)))));
			ws(o, "\"/>\n");
		}
		i = j;
	}
	double r = fmin(3, fmax(1, slot * 0.3));
	for (size_t i = 0; i < n; i++) {
		if (!pts[i].has_goldstein || !isfinite(pts[i].goldstein))
			continue;
		double g = fmax(-10, fmin(10, pts[i].goldstein));
		wf(o,
		   "<circle class=\"goldstein dot\" cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"" COL_GOLD
		   "\"><title>",
		   f1(a, XC(i)), f1(b, YG(g)), f1(c, r));
		wtext(o, pts[i].period ? pts[i].period : "", 100);
		wf(o, ": Goldstein mean %s</title></circle>\n", f1(a, g));
	}
	ws(o, "</g>\n</svg>\n");
#undef YV
#undef YG
#undef XC
}

int sr_chart_svg(const sr_chart_point *pts, size_t n, const sr_chart_opts *o, sr_buf *out, sr_error *err)
{
	if (n > SR_CHART_MAX_POINTS)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1,
				    "chart: %zu periods, at most %d can be drawn", n, SR_CHART_MAX_POINTS);
	if (n > 0 && !pts)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "chart: no points");
	int W = o && o->width ? o->width : DEF_W;
	int H = o && o->height ? o->height : DEF_H;
	if (W < MIN_SIDE || W > MAX_SIDE || H < MIN_SIDE || H > MAX_SIDE)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "chart: size %d x %d outside %d..%d", W, H,
				    MIN_SIDE, MAX_SIDE);
	size_t start = out->len;
	w wr = {out, 0};
	if (n == 0)
		draw_empty(&wr, W, H, o);
	else
		draw_chart(&wr, pts, n, W, H, o);
	if (wr.failed) {
		out->len = start;
		if (out->p)
			out->p[start] = '\0';
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1,
				    "chart: out of memory or over the buffer's cap");
	}
	return 0;
}
