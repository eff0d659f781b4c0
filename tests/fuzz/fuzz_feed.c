/* fuzz_feed.c — libFuzzer target: the feed parser (feed.h) over arbitrary
 * bytes, with and without a base URL, and its date parser over the first
 * line of the input. Every string of every item is read to its end so ASan
 * checks the bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"

static size_t touch(const char *s)
{
	return s ? strlen(s) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *bytes = (const char *)data;
	/* the first byte picks the base relative links resolve against */
	const char *url = size && (data[0] & 1) ? "https://feeds.example.org/dir/feed.xml?x=1" : NULL;
	sr_feed *f = NULL;
	sr_error e;
	volatile size_t total = 0;
	if (sr_feed_parse(bytes, size, url, NULL, &f, &e) == 0) {
		total += touch(sr_feed_title(f)) + touch(sr_feed_link(f)) + sr_feed_skipped(f);
		for (size_t i = 0; i < sr_feed_count(f); i++) {
			const sr_feed_item *it = sr_feed_item_at(f, i);
			if (!it || !it->id)
				abort(); /* the contract: every kept item has an id */
			total += touch(it->id) + touch(it->link) + touch(it->title) +
				 touch(it->summary) + touch(it->content) + touch(it->content_html);
			for (size_t k = 0; k < it->nauthors; k++)
				total += touch(it->authors[k]);
			if (it->link && strncmp(it->link, "http://", 7) != 0 &&
			    strncmp(it->link, "https://", 8) != 0)
				abort(); /* links are absolute http(s) or absent */
		}
		sr_feed_free(f);
	} else if (f) {
		abort(); /* a failed parse hands back nothing */
	}
	char line[128];
	size_t n = 0;
	while (n < size && n < sizeof line - 1 && data[n] != '\n')
		n++;
	memcpy(line, data, n);
	line[n] = '\0';
	sr_date d;
	long long ep;
	int tz, ht;
	if (sr_feed_parse_date(line, &d, &ep, &tz, &ht) && !sr_date_valid(d))
		abort();
	(void)total;
	return 0;
}
