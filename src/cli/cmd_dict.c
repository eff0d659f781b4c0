/* cmd_dict.c — `sitrep dict check`: load dictionaries one by one, each into
 * a fresh dictionary, and say what each holds or where it is wrong. */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dict.h"

static const char usage_text[] =
	"usage: sitrep dict check [--json] [--dict FILE]... [FILE...]\n"
	"\n"
	"Check dictionaries: sitrep's own format (.sd) or TABARI/PETRARCH actor,\n"
	"agent, verb and discard files (recognised by content). Each file is\n"
	"loaded on its own and either its counts are printed or every problem is\n"
	"named as FILE:LINE: message on standard error. TABARI lines that PETRARCH\n"
	"would skip (typos in codes or dates) are skipped with a warning. With no\n"
	"file, the bundled dictionaries are checked.\n"
	"\n"
	"  --dict FILE  a file to check (the same as naming it)\n"
	"  --json       one JSON object per file: file, ok, error, warning, counts\n"
	"  -h, --help   this text\n"
	"\n"
	"Exit status: 0 every file is clean, 1 some file has errors or skipped\n"
	"lines, 2 usage error.\n";

static const struct {
	const char *name;
	size_t off;
} counts[] = {
#define C(f) {#f, offsetof(sr_dict_stats, f)}
	C(actors),   C(people),   C(roles),       C(agents),  C(places),  C(exercises), C(verbs),
	C(patterns), C(synsets),  C(discards),    C(cameo_codes), C(phrases), C(words),
#undef C
};

static size_t count_of(const sr_dict_stats *st, size_t i)
{
	size_t v;
	memcpy(&v, (const char *)st + counts[i].off, sizeof v);
	return v;
}

static json_t *where_json(const sr_error *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "line", e->line > 0 ? json_integer(e->line) : json_null());
	json_object_set_new(o, "message", json_string(e->msg));
	return o;
}

/* Check one file (path NULL: the bundled dictionaries). 0 clean, 1 not. */
static int check_one(const char *path, int json)
{
	const char *label = path ? path : "(bundled dictionaries)";
	sr_dict *d = sr_dict_create();
	if (!d) {
		fprintf(stderr, "sitrep dict: out of memory\n");
		return 1;
	}
	sr_error err, warn;
	sr_error_clear(&err);
	sr_error_clear(&warn);
	int rc = path ? sr_dict_load_file(d, path, &err) : sr_dict_load_default(d, &err);
	if (rc == 0 && err.msg[0]) { /* loaded, but with lines skipped */
		warn = err;
		sr_error_clear(&err);
	}
	if (rc == 0)
		rc = sr_dict_finish(d, &err);
	if (rc < 0 && !err.file[0])
		snprintf(err.file, sizeof err.file, "%s", label);
	sr_dict_stats st;
	memset(&st, 0, sizeof st);
	if (rc == 0)
		sr_dict_get_stats(d, &st);
	sr_dict_free(d);

	if (rc < 0)
		cli_report(&err);
	if (warn.msg[0]) {
		char b[1200];
		fprintf(stderr, "sitrep: warning: %s\n", sr_error_format(&warn, b, sizeof b));
	}
	if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "file", json_string(label));
		json_object_set_new(o, "ok", json_boolean(rc == 0 && !warn.msg[0]));
		json_object_set_new(o, "error", rc < 0 ? where_json(&err) : json_null());
		json_object_set_new(o, "warning", warn.msg[0] ? where_json(&warn) : json_null());
		if (rc == 0) {
			json_t *c = json_object();
			for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
				json_object_set_new(c, counts[i].name, json_integer((json_int_t)count_of(&st, i)));
			json_object_set_new(o, "counts", c);
		} else {
			json_object_set_new(o, "counts", json_null());
		}
		cli_print_json(stdout, o);
		json_decref(o);
	} else if (rc == 0) {
		printf("%s:", label);
		int any = 0;
		/* phrases and words describe the tables, not the records: last */
		for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
			size_t v = count_of(&st, i);
			if (v || i >= sizeof counts / sizeof counts[0] - 2)
				printf("%s %zu %s", any++ ? "," : "", v, counts[i].name);
		}
		printf("%s\n", warn.msg[0] ? " (with lines skipped)" : "");
	}
	return rc < 0 || warn.msg[0] ? 1 : 0;
}

static int dict_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"dict", required_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char **files = calloc((size_t)argc + 1, sizeof *files);
	if (!files) {
		fprintf(stderr, "sitrep dict: out of memory\n");
		return EXIT_FATAL;
	}
	int nfiles = 0, json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': files[nfiles++] = optarg; break;
		case 'j': json = 1; break;
		case 'h':
			fputs(usage_text, stdout);
			free(files);
			return EXIT_ALLOK;
		default: free(files); return cli_usage_error("dict", "unknown option");
		}
	}
	for (int i = optind; i < argc; i++)
		files[nfiles++] = argv[i];
	int bad = 0;
	if (nfiles == 0)
		bad += check_one(NULL, json);
	for (int i = 0; i < nfiles; i++)
		bad += check_one(files[i], json);
	free(files);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "sitrep dict: cannot write output\n");
		return EXIT_FATAL;
	}
	return bad ? EXIT_REJECTED : EXIT_ALLOK;
}

int cmd_dict(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("dict", "missing subcommand (check)");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage_text, stdout);
		return EXIT_ALLOK;
	}
	if (!strcmp(argv[1], "check"))
		return dict_check(argc - 1, argv + 1);
	return cli_usage_error("dict", "unknown subcommand '%s' (check)", argv[1]);
}
