/* cmd_bulletin.c — `sitrep bulletin`: the weekly situation bulletin of a
 * store, as Markdown, HTML, JSON or an Atom feed; the archive of all
 * weeks; or all of it written into a folder as a small static site. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bulletin_build.h"
#include "bulletin_json.h"
#include "cli.h"
#include "util/buf.h"

static const char usage_text[] =
	"usage: sitrep bulletin [--db PATH] (--week YYYY-Www | --latest) [--format md|html|json]\n"
	"       sitrep bulletin [--db PATH] --archive [--format md|html]\n"
	"       sitrep bulletin [--db PATH] --feed [--weeks N]\n"
	"       sitrep bulletin [--db PATH] --out DIR\n"
	"  common: [--focus P] [--spheres FILE] [--dict PATH]... [--base-url URL] [--no-charts]\n"
	"\n"
	"The week's situation bulletin: the period, then per sphere (security, foreign\n"
	"policy, economy, domestic politics, and views such as Belarus-Russia relations)\n"
	"a headline, the trend label with its confidence and basis, a lead, and the\n"
	"evidence: the weightiest events with their sentences, articles and cited\n"
	"sources. docs/assess.md explains the label.\n"
	"\n"
	"  --db PATH          the database: a file (default sitrep.db) or postgresql://…\n"
	"  --week YYYY-Www    the ISO week (2019-W12 is March 18-24, 2019)\n"
	"  --latest           the latest week with articles or events\n"
	"  --format F         md (default), html (a page with charts), or json (the\n"
	"                     bulletin's content as one JSON object)\n"
	"  --json             the same as --format json\n"
	"  --archive          the index of every week (\"View all\"), newest first\n"
	"  --feed             an Atom feed of the latest weeks' bulletins\n"
	"  --weeks N          weeks in the feed (default 20)\n"
	"  --out DIR          write every week as DIR/YYYY-Www.md and .html, the archive\n"
	"                     as DIR/index.md and index.html, the feed as DIR/feed.atom\n"
	"  --focus P          only events with party P (BLR) as source or target\n"
	"  --spheres FILE     the sphere mapping instead of the bundled one\n"
	"  --dict PATH        dictionaries for the names of event codes (repeatable)\n"
	"  --base-url URL     prefix of links between pages (default: relative)\n"
	"  --no-charts        HTML without the series charts\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 ok, 2 usage (a malformed or unknown week), 3 fatal store or\n"
	"output error.\n";

typedef struct opts {
	const char *db, *week, *format, *focus, *spheres, *base_url, *out_dir;
	int latest, archive, feed, weeks, charts;
	char *dicts[16];
	int ndicts;
} opts;

/* ---- output ---- */

static int write_file(const char *dir, const char *name, const sr_buf *b, sr_error *err)
{
	char path[4096], tmp[4200];
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
		return sr_error_set(err, SR_EIO, dir, 0, -1, "path too long");
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	/* written aside and renamed: a reader never sees half a page */
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return sr_error_set(err, SR_EIO, tmp, 0, -1, "cannot write: %s", strerror(errno));
	int bad = fwrite(b->p, 1, b->len, f) != b->len;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) != 0) {
		remove(tmp);
		return sr_error_set(err, SR_EIO, path, 0, -1, "cannot write");
	}
	return 0;
}

static int render(const sr_bulletin *bl, const char *fmt, const sr_render_opts *ro, sr_buf *out,
		  sr_error *err)
{
	if (!strcmp(fmt, "html"))
		return sr_bulletin_render_html(bl, ro, out, err);
	if (!strcmp(fmt, "json")) {
		int rc = sr_bulletin_render_json(bl, out, err);
		if (rc == 0 && sr_buf_putc(out, '\n') < 0)
			rc = sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
		return rc;
	}
	return sr_bulletin_render_md(bl, ro, out, err);
}

/* What a maker is made of. */
typedef struct source {
	sr_store *s;
	const sr_spheres *sph;
	const struct sr_dict *dict;
	const char *focus;
} source;

/* The archive (and, with dir, every week's pages and the feed): one maker
 * over all events. */
static int archive(const source *src, const opts *o, const sr_render_opts *ro, const char *dir, sr_buf *out,
		   sr_error *err)
{
	char(*weeks)[9] = NULL;
	size_t n = 0;
	sr_bulletin_maker *m = NULL;
	int rc = sr_bulletin_weeks(src->s, &weeks, &n, err);
	if (rc == 0)
		rc = sr_bulletin_maker_create(src->s, src->sph, src->dict, src->focus, 0, 0, &m, err);
	if (rc < 0) {
		free(weeks);
		return rc;
	}
	sr_bulletin **made = calloc(n + 1, sizeof *made);
	sr_bulletin_summary *sum = calloc(n + 1, sizeof *sum);
	if (!made || !sum)
		rc = sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	sr_buf page;
	sr_buf_init(&page, (size_t)256 << 20);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = sr_bulletin_make(m, weeks[i], &made[i], err);
		if (rc == 0)
			sr_bulletin_summarize(made[i], &sum[i]);
		for (int f = 0; rc == 0 && dir && f < 2; f++) {
			const char *fmt = f ? "html" : "md";
			char name[32];
			snprintf(name, sizeof name, "%s.%s", weeks[i], fmt);
			sr_buf_reset(&page);
			rc = render(made[i], fmt, ro, &page, err);
			if (rc == 0)
				rc = write_file(dir, name, &page, err);
		}
	}
	for (int f = 0; rc == 0 && f < 2; f++) {
		const char *fmt = dir ? (f ? "html" : "md") : o->format;
		if (!dir && f)
			break;
		sr_buf_reset(&page);
		rc = sr_bulletin_render_index(sum, n, fmt, ro, &page, err);
		if (rc == 0) {
			char name[32];
			snprintf(name, sizeof name, "index.%s", fmt);
			rc = dir ? write_file(dir, name, &page, err) : sr_buf_append(out, page.p, page.len);
		}
	}
	if (rc == 0 && dir) {
		size_t nf = n < (size_t)o->weeks ? n : (size_t)o->weeks;
		sr_buf_reset(&page);
		rc = sr_bulletin_render_atom((const sr_bulletin *const *)made, nf, NULL, ro, &page, err);
		if (rc == 0)
			rc = write_file(dir, "feed.atom", &page, err);
		if (rc == 0)
			rc = sr_buf_printf(out, "wrote %zu week%s, index.md, index.html and feed.atom to %s\n", n,
					   n == 1 ? "" : "s", dir) < 0 ? SR_ENOMEM : 0;
	}
	for (size_t i = 0; made && i < n; i++)
		sr_bulletin_free(made[i]);
	free(made);
	free(sum);
	free(weeks);
	sr_buf_cleanup(&page);
	sr_bulletin_maker_free(m);
	return rc;
}

static int feed(const source *src, const opts *o, const sr_render_opts *ro, sr_buf *out, sr_error *err)
{
	char(*weeks)[9] = NULL;
	size_t n = 0;
	sr_bulletin_maker *m = NULL;
	int rc = sr_bulletin_weeks(src->s, &weeks, &n, err);
	if (rc < 0)
		return rc;
	if (n > (size_t)o->weeks)
		n = (size_t)o->weeks;
	/* the events the feed's weeks need: from the oldest one's window on */
	sr_date from = 0, to = 0, f, t;
	if (n && sr_bulletin_window(weeks[n - 1], &f, &t))
		from = f;
	rc = sr_bulletin_maker_create(src->s, src->sph, src->dict, src->focus, from, to, &m, err);
	sr_bulletin **made = calloc(n + 1, sizeof *made);
	if (!made)
		rc = sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = sr_bulletin_make(m, weeks[i], &made[i], err);
	if (rc == 0)
		rc = sr_bulletin_render_atom((const sr_bulletin *const *)made, n, NULL, ro, out, err);
	for (size_t i = 0; made && i < n; i++)
		sr_bulletin_free(made[i]);
	free(made);
	free(weeks);
	sr_bulletin_maker_free(m);
	return rc;
}

/* One week: a maker over only the events that week needs. */
static int one_week(const source *src, const opts *o, const sr_render_opts *ro, sr_buf *out, sr_error *err)
{
	char latest[9];
	const char *week = o->week;
	if (o->latest) {
		char(*weeks)[9] = NULL;
		size_t n = 0;
		int rc = sr_bulletin_weeks(src->s, &weeks, &n, err);
		if (rc < 0)
			return rc;
		if (!n) {
			free(weeks);
			return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "the store holds no dated article");
		}
		memcpy(latest, weeks[0], sizeof latest);
		free(weeks);
		week = latest;
	}
	sr_date from, to;
	if (!sr_bulletin_window(week, &from, &to))
		return sr_error_set(err, SR_EINPUT, NULL, 0, -1, "'%s' is not an ISO week", week);
	sr_bulletin_maker *m = NULL;
	sr_bulletin *bl = NULL;
	int rc = sr_bulletin_maker_create(src->s, src->sph, src->dict, src->focus, from, to, &m, err);
	if (rc == 0)
		rc = sr_bulletin_make(m, week, &bl, err);
	if (rc == 0)
		rc = render(bl, o->format, ro, out, err);
	sr_bulletin_free(bl);
	sr_bulletin_maker_free(m);
	return rc;
}

int cmd_bulletin(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"week", required_argument, NULL, 'w'},
		{"latest", no_argument, NULL, 'L'},
		{"format", required_argument, NULL, 'f'},
		{"json", no_argument, NULL, 'j'},
		{"archive", no_argument, NULL, 'a'},
		{"feed", no_argument, NULL, 'F'},
		{"weeks", required_argument, NULL, 'n'},
		{"out", required_argument, NULL, 'o'},
		{"focus", required_argument, NULL, 'p'},
		{"spheres", required_argument, NULL, 'S'},
		{"dict", required_argument, NULL, 'D'},
		{"base-url", required_argument, NULL, 'u'},
		{"no-charts", no_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	opts o = {.db = "sitrep.db", .format = NULL, .weeks = 20, .charts = 1};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'w': o.week = optarg; break;
		case 'L': o.latest = 1; break;
		case 'f': o.format = optarg; break;
		case 'j': o.format = "json"; break;
		case 'a': o.archive = 1; break;
		case 'F': o.feed = 1; break;
		case 'n': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 10000)
				return cli_usage_error("bulletin", "--weeks wants a number 1..10000, not '%s'", optarg);
			o.weeks = (int)v;
			break;
		}
		case 'o': o.out_dir = optarg; break;
		case 'p': o.focus = optarg; break;
		case 'S': o.spheres = optarg; break;
		case 'D':
			if (o.ndicts == (int)(sizeof o.dicts / sizeof o.dicts[0]))
				return cli_usage_error("bulletin", "at most 16 --dict");
			o.dicts[o.ndicts++] = optarg;
			break;
		case 'u': o.base_url = optarg; break;
		case 'C': o.charts = 0; break;
		case 'h': fputs(usage_text, stdout); return EXIT_ALLOK;
		case ':': return cli_usage_error("bulletin", "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error("bulletin", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("bulletin", "unexpected argument '%s'", argv[optind]);
	int modes = !!o.week + o.latest + o.archive + o.feed + !!o.out_dir;
	if (modes != 1)
		return cli_usage_error("bulletin", "give one of --week, --latest, --archive, --feed, --out");
	if (!o.format)
		o.format = "md";
	if (strcmp(o.format, "md") && strcmp(o.format, "html") && strcmp(o.format, "json"))
		return cli_usage_error("bulletin", "--format is md, html or json, not '%s'", o.format);
	if (o.archive && !strcmp(o.format, "json"))
		return cli_usage_error("bulletin", "the archive is md or html");
	if (o.week && !sr_week_monday(o.week))
		return cli_usage_error("bulletin", "'%s' is not an ISO week (YYYY-Www, e.g. 2019-W12)", o.week);
	if (!*o.db)
		return cli_usage_error("bulletin", "--db needs a path");
	if (o.out_dir && mkdir(o.out_dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "sitrep: %s: cannot create: %s\n", o.out_dir, strerror(errno));
		return EXIT_FATAL;
	}

	sr_error err;
	sr_error_clear(&err);
	sr_spheres *sph = NULL;
	int rc = o.spheres ? sr_spheres_load(o.spheres, &sph, &err) : sr_spheres_default(&sph, &err);
	if (rc < 0) {
		cli_report(&err);
		return rc == SR_EINPUT || rc == SR_EIO ? EXIT_USAGE : EXIT_FATAL;
	}
	struct sr_dict *dict = NULL;
	char fp[CLI_DICT_FP_SIZE];
	if (cli_dicts_load(o.dicts, o.ndicts, &dict, fp) < 0) {
		sr_spheres_free(sph);
		return EXIT_USAGE;
	}
	sr_store *s = NULL;
	sr_buf out;
	sr_buf_init(&out, (size_t)512 << 20);
	sr_render_opts ro = {.base_url = o.base_url, .charts = o.charts};
	int code = EXIT_ALLOK;
	rc = sr_store_open(o.db, SR_STORE_READONLY, &s, &err);
	source src = {s, sph, dict, o.focus};
	if (rc == 0) {
		if (o.archive || o.out_dir)
			rc = archive(&src, &o, &ro, o.out_dir, &out, &err);
		else if (o.feed)
			rc = feed(&src, &o, &ro, &out, &err);
		else
			rc = one_week(&src, &o, &ro, &out, &err);
	}
	if (rc == SR_EINPUT) {
		code = cli_usage_error("bulletin", "%s", err.msg);
	} else if (rc < 0) {
		cli_report(&err);
		code = EXIT_FATAL;
	} else if (fwrite(out.p, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		fprintf(stderr, "sitrep bulletin: cannot write output\n");
		code = EXIT_FATAL;
	}
	sr_store_close(s);
	sr_dict_free(dict);
	sr_spheres_free(sph);
	sr_buf_cleanup(&out);
	return code;
}
