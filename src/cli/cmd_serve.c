/* cmd_serve.c — `sitrep serve`: the web UI and JSON API over a store,
 * until SIGINT or SIGTERM. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dict.h"
#include "sphere.h"
#include "web.h"

static const char usage_text[] =
	"usage: sitrep serve [--db PATH] [--bind ADDR] [--port N] [--threads N]\n"
	"                    [--dict PATH]... [--spheres FILE] [--focus P] [--timeout S]\n"
	"                    [--cache-mb N]\n"
	"\n"
	"Serve the store in a browser (dashboard, search, articles with their actors\n"
	"and events highlighted, events, timelines, weekly bulletins and their\n"
	"archive, /feed.atom) and as a JSON API under /api/v1/ (docs/api.md). The\n"
	"store is opened read-only; the server never writes to it. Stops on Ctrl-C\n"
	"(SIGINT) or SIGTERM, finishing the requests in flight.\n"
	"\n"
	"  --db PATH        the database: a file (default sitrep.db) or postgresql://…\n"
	"  --bind ADDR      the IPv4 address to listen on (default 127.0.0.1: this\n"
	"                   machine only; 0.0.0.0 opens it to the network)\n"
	"  --port N         the port (default 8080; 0 picks a free one, printed)\n"
	"  --threads N      connection threads, and as many compute threads (default 2)\n"
	"  --dict PATH      dictionaries for highlighting and names (repeatable;\n"
	"                   default: the bundled ones)\n"
	"  --spheres FILE   the sphere mapping instead of the bundled one\n"
	"  --focus P        the bulletins' party (BLR); default every event\n"
	"  --timeout S      most seconds of store work per request (default 5)\n"
	"  --cache-mb N     memory for answers kept until the store changes (default\n"
	"                   32; 0 turns the cache off)\n"
	"  -h, --help       this text\n"
	"\n"
	"Exit status: 0 stopped by a signal, 2 usage, 3 cannot open the store or\n"
	"listen.\n";

int cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},       {"bind", required_argument, NULL, 'b'},
		{"port", required_argument, NULL, 'p'},     {"threads", required_argument, NULL, 't'},
		{"dict", required_argument, NULL, 'D'},     {"spheres", required_argument, NULL, 'S'},
		{"focus", required_argument, NULL, 'f'},    {"timeout", required_argument, NULL, 'T'},
		{"cache-mb", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
	};
	sr_web_opts o = {.db = "sitrep.db", .bind = "127.0.0.1", .port = 8080, .threads = 2};
	const char *spheres_file = NULL;
	char *dicts[16];
	int ndicts = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		char *end;
		long v;
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'b': o.bind = optarg; break;
		case 'p':
			v = strtol(optarg, &end, 10);
			if (*end || !*optarg || v < 0 || v > 65535)
				return cli_usage_error("serve", "--port wants 0..65535, not '%s'", optarg);
			o.port = (unsigned short)v;
			break;
		case 't':
			v = strtol(optarg, &end, 10);
			if (*end || !*optarg || v < 1 || v > 32)
				return cli_usage_error("serve", "--threads wants 1..32, not '%s'", optarg);
			o.threads = (unsigned)v;
			break;
		case 'T': {
			double t = strtod(optarg, &end);
			if (*end || !*optarg || !(t > 0 && t <= 600))
				return cli_usage_error("serve", "--timeout wants seconds in (0, 600], not '%s'", optarg);
			o.request_seconds = t;
			break;
		}
		case 'D':
			if (ndicts == (int)(sizeof dicts / sizeof dicts[0]))
				return cli_usage_error("serve", "at most 16 --dict");
			dicts[ndicts++] = optarg;
			break;
		case 'C':
			v = strtol(optarg, &end, 10);
			if (*end || !*optarg || v < 0 || v > 4096)
				return cli_usage_error("serve", "--cache-mb wants 0..4096, not '%s'", optarg);
			o.cache_mb = v == 0 ? -1 : (int)v;
			break;
		case 'S': spheres_file = optarg; break;
		case 'f': o.focus = optarg; break;
		case 'h': fputs(usage_text, stdout); return EXIT_ALLOK;
		case ':': return cli_usage_error("serve", "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error("serve", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	if (!*o.db)
		return cli_usage_error("serve", "--db needs a path");

	sr_error err;
	sr_error_clear(&err);
	sr_spheres *sph = NULL;
	int rc = spheres_file ? sr_spheres_load(spheres_file, &sph, &err) : sr_spheres_default(&sph, &err);
	if (rc < 0) {
		cli_report(&err);
		return rc == SR_EINPUT || rc == SR_EIO ? EXIT_USAGE : EXIT_FATAL;
	}
	struct sr_dict *dict = NULL;
	char fp[CLI_DICT_FP_SIZE];
	if (cli_dicts_load(dicts, ndicts, &dict, fp) < 0) {
		sr_spheres_free(sph);
		return EXIT_USAGE;
	}
	o.dict = dict;
	o.spheres = sph;

	/* The signals are waited for here, not handled: block them in every
	 * thread (the server's inherit the mask), then sigwait. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	sr_web *w = NULL;
	int code = EXIT_ALLOK;
	rc = sr_web_start(&o, &w, &err);
	if (rc == SR_EINPUT) {
		code = cli_usage_error("serve", "%s", err.msg);
	} else if (rc < 0) {
		cli_report(&err);
		code = EXIT_FATAL;
	} else {
		fprintf(stderr, "sitrep: serving %s on http://%s:%u/ (Ctrl-C to stop)\n", o.db, o.bind,
			(unsigned)sr_web_port(w));
		int sig;
		sigwait(&sigs, &sig);
		fprintf(stderr, "sitrep: stopping\n");
		sr_web_stop(w);
	}
	sr_dict_free(dict);
	sr_spheres_free(sph);
	return code;
}
