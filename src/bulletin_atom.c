/* bulletin_atom.c — bulletins as an Atom 1.0 feed (RFC 4287).
 *
 * One entry per week, newest first as given. Every date in the feed comes
 * from the model (the week's Sunday), never from the clock, so the same
 * bulletins give the same bytes. With a base_url the feed links to itself
 * as <base_url>feed.atom and to the archive as <base_url>index.html: the
 * publisher writes the files under those names. */
#include "bulletin.h"

#include <string.h>

#include "bulletin_int.h"

#define PUT(x)                        \
	do {                          \
		if ((x) < 0)          \
			goto nomem;   \
	} while (0)

#define DEFAULT_FEED_ID "tag:sitrep,2000:bulletins"

static int atom_date(sr_buf *out, sr_date d)
{
	char s[11];
	sr_date_format(d, s);
	return sr_buf_printf(out, "%sT00:00:00Z", s);
}

static int atom_entry(const sr_bulletin *b, const char *base, const sr_render_opts *o, sr_buf *out, sr_error *err)
{
	size_t len0 = out->len;
	sr_date mon, sun;
	if (sr_bl_week_dates(b->week, b->start, b->end, &mon, &sun) < 0)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin %s: no dates", b->week);
	char period[96];
	sr_bl_period(mon, sun, period, sizeof period);

	PUT(sr_buf_printf(out, "<entry>\n<title>Situation bulletin, %s</title>\n", period));
	PUT(sr_buf_printf(out, "<id>tag:sitrep,2000:bulletin/%s</id>\n<updated>", b->week));
	PUT(atom_date(out, sun));
	PUT(sr_buf_puts(out, "</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\""));
	PUT(sr_bl_html_esc(out, base));
	PUT(sr_buf_printf(out, "%s.html\"/>\n<summary>", b->week));
	if (!b->nspheres)
		PUT(sr_buf_puts(out, "Nothing to report for this week."));
	for (size_t i = 0; i < b->nspheres; i++) {
		const sr_bulletin_sphere *s = &b->spheres[i];
		const char *label = sr_bulletin_label_text(s->label);
		PUT(sr_buf_puts(out, i ? " " : ""));
		PUT(sr_bl_html_esc(out, s->title && s->title[0] ? s->title : s->id));
		PUT(sr_buf_puts(out, ": "));
		PUT(sr_buf_puts(out, label[0] ? label : "no label"));
		PUT(sr_buf_puts(out, " \xE2\x80\x94 "));
		PUT(sr_bl_html_esc(out, s->headline));
		PUT(sr_buf_puts(out, "."));
	}
	PUT(sr_buf_puts(out, "</summary>\n<content type=\"html\">"));
	{
		/* the page's body, then escaped once more as the element's text */
		sr_buf html;
		sr_buf_init(&html, out->limit);
		int rc = sr_bl_html_body(b, o, &html, err);
		if (rc == 0 && sr_bl_html_esc(out, html.p ? html.p : "") < 0)
			rc = SR_ENOMEM;
		sr_buf_cleanup(&html);
		if (rc == SR_ENOMEM)
			goto nomem;
		if (rc) {
			out->len = len0;
			if (out->p)
				out->p[len0] = '\0';
			return rc;
		}
	}
	PUT(sr_buf_puts(out, "</content>\n</entry>\n"));
	return 0;
nomem:
	return sr_bl_nomem(out, len0, err);
}

int sr_bulletin_render_atom(const sr_bulletin *const *weeks, size_t n, const char *feed_id, const sr_render_opts *o,
			    sr_buf *out, sr_error *err)
{
	size_t len0 = out->len;
	const char *base;
	if (sr_bl_base(o, &base) < 0)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin feed: base_url must be http(s) or relative");
	if (n && !weeks)
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin feed: weeks missing");
	/* the feed changed when its newest week did: the latest Sunday */
	sr_date updated = 0;
	for (size_t i = 0; i < n; i++) {
		int rc = sr_bl_check(weeks[i], err);
		if (rc)
			return rc;
		sr_date mon, sun;
		if (sr_bl_week_dates(weeks[i]->week, weeks[i]->start, weeks[i]->end, &mon, &sun) < 0)
			return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "bulletin %s: no dates", weeks[i]->week);
		if (sun > updated)
			updated = sun;
	}

	PUT(sr_buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			     "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
			     "<title>sitrep situation bulletin</title>\n<id>"));
	PUT(sr_bl_html_esc(out, feed_id && feed_id[0] ? feed_id : DEFAULT_FEED_ID));
	PUT(sr_buf_puts(out, "</id>\n<updated>"));
	if (updated)
		PUT(atom_date(out, updated));
	else
		PUT(sr_buf_puts(out, "1970-01-01T00:00:00Z"));
	PUT(sr_buf_puts(out, "</updated>\n"));
	if (base[0]) {
		PUT(sr_buf_puts(out, "<link rel=\"self\" type=\"application/atom+xml\" href=\""));
		PUT(sr_bl_html_esc(out, base));
		PUT(sr_buf_puts(out, "feed.atom\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\""));
		PUT(sr_bl_html_esc(out, base));
		PUT(sr_buf_puts(out, "index.html\"/>\n"));
	}
	PUT(sr_buf_puts(out, "<author><name>sitrep</name></author>\n<generator>sitrep</generator>\n"));
	for (size_t i = 0; i < n; i++) {
		int rc = atom_entry(weeks[i], base, o, out, err);
		if (rc) {
			out->len = len0;
			if (out->p)
				out->p[len0] = '\0';
			return rc;
		}
	}
	PUT(sr_buf_puts(out, "</feed>\n"));
	return 0;
nomem:
	return sr_bl_nomem(out, len0, err);
}
