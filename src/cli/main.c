/* main.c — the sitrep command: dispatch to subcommands. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifndef SITREP_VERSION
#define SITREP_VERSION "0.1.0"
#endif

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *what;
} commands[] = {
	{"extract", cmd_extract, "print the main text and metadata of articles"},
	{"ingest", cmd_ingest, "read, extract and store articles"},
	{"search", cmd_search, "full-text search over stored articles"},
	{"show", cmd_show, "print one stored article"},
	{"stats", cmd_stats, "summarise what the store holds"},
	{"dict", cmd_dict, "check dictionaries (sitrep .sd, TABARI/PETRARCH)"},
	{"code", cmd_code, "print the events in articles (CAMEO, Goldstein, PLOVER)"},
	{"events", cmd_events, "list or export stored events"},
	{"trend", cmd_trend, "events by week or month, with each period's label"},
	{"bulletin", cmd_bulletin, "the weekly situation bulletin (md, html, json, Atom)"},
	{"serve", cmd_serve, "the web UI and JSON API over a store (read-only)"},
	{"timeline", cmd_timeline, "what an actor did, or what happened around a topic, in order"},
	{"alerts", cmd_alerts, "match stored events against watch rules; print, JSON, webhook"},
	{"fetch", cmd_fetch, "poll feeds once: new items' pages extracted, coded, stored"},
	{"watch", cmd_watch, "poll feeds every interval until stopped (fetch, repeated)"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: sitrep COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].what);
	fprintf(out, "\n'sitrep COMMAND --help' describes a command; 'man sitrep' all of them.\n"
		     "Exit status: 0 ok, 1 some inputs rejected, 2 usage error, 3 fatal (store or I/O).\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_ALLOK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("sitrep %s\n", SITREP_VERSION);
		return EXIT_ALLOK;
	}
	/* Output to a pipe or file goes out in large writes: stdio's default
	 * (the pipe's 4 KB block size) costs a system call and a context switch
	 * per object when sitrep runs as a filter. A terminal keeps line buffering. */
	static char outbuf[1 << 17];
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "sitrep: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
