/* alert_post.c — delivering an alert to a webhook: one JSON object POSTed
 * with libcurl, tried again with backoff when the receiver or the network
 * fails for the moment (alert.h).
 *
 * Kept apart from alert.c so that what only parses and matches rules (the
 * fuzz target, a tool without a webhook) does not pull libcurl in.
 *
 * Limits, and why:
 * - http and https only, for the request and any redirect (none is
 *   followed: a webhook that moves is a configuration error to report, and
 *   following it could turn a POST to a file: or an internal URL);
 * - the body POSTed is at most SR_ALERT_BODY_MAX bytes;
 * - each attempt is bounded by the caller's timeout, the connection by
 *   the same or 10 s; the answer's body is read to 64 KiB and dropped;
 * - messages name the scheme and host only, never the path or query,
 *   where webhook services put their secret tokens. */
#include "alert.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

enum { ANSWER_MAX = 64 * 1024 };

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_ok;

/* curl_global_init is not thread-safe: once, for the process. */
static void curl_start(void)
{
	curl_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

int sr_alert_url_ok(const char *url)
{
	if (!url)
		return 0;
	const char *rest;
	if (!strncasecmp(url, "http://", 7))
		rest = url + 7;
	else if (!strncasecmp(url, "https://", 8))
		rest = url + 8;
	else
		return 0;
	/* a host: something before the path, not only userinfo */
	size_t host = strcspn(rest, "/?#");
	if (!host || rest[0] == '@')
		return 0;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return 0;
	return 1;
}

/* "https://host:port" of url into out: what messages may show. */
static void url_origin(const char *url, char *out, size_t size)
{
	const char *rest = strstr(url, "://");
	rest = rest ? rest + 3 : url;
	size_t n = strcspn(rest, "/?#");
	const char *at = memchr(rest, '@', n); /* user:password@ is left out too */
	if (at) {
		n -= (size_t)(at + 1 - rest);
		rest = at + 1;
	}
	int scheme = (int)(strstr(url, "://") ? (size_t)(strstr(url, "://") - url) : 0);
	snprintf(out, size, "%.*s://%.*s", scheme, url, n > 200 ? 200 : (int)n, rest);
}

typedef struct answer {
	size_t len;
} answer;

static size_t on_answer(char *p, size_t size, size_t n, void *ud)
{
	(void)p;
	answer *a = ud;
	size_t got = size * n;
	if (a->len + got > ANSWER_MAX)
		return 0; /* stops the transfer: the status is known by now */
	a->len += got;
	return got;
}

static void pause_s(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
	while (nanosleep(&ts, &ts) != 0)
		;
}

int sr_alert_post(const char *url, const char *json, double timeout, sr_error *err)
{
	if (!sr_alert_url_ok(url))
		return sr_error_set(err, SR_EUSAGE, NULL, 0, -1,
				    "a webhook URL must be http:// or https:// with a host");
	char origin[256];
	url_origin(url, origin, sizeof origin);
	size_t len = json ? strlen(json) : 0;
	if (len > SR_ALERT_BODY_MAX)
		return sr_error_set(err, SR_EUSAGE, NULL, 0, -1, "webhook %s: a body of %zu bytes is over %zu",
				    origin, len, SR_ALERT_BODY_MAX);
	pthread_once(&curl_once, curl_start);
	if (!curl_ok)
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "cannot start libcurl");
	long ms = timeout > 0 ? (long)(timeout * 1000) : 10000;
	if (ms < 1)
		ms = 1;
	CURL *c = curl_easy_init();
	struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
	struct curl_slist *h2 = hdr ? curl_slist_append(hdr, "Expect:") : NULL; /* no 100-continue wait */
	if (!c || !h2) {
		curl_slist_free_all(h2 ? h2 : hdr);
		curl_easy_cleanup(c);
		return sr_error_set(err, SR_ENOMEM, NULL, 0, -1, "out of memory");
	}
	hdr = h2;
	answer ans = {0};
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, json ? json : "");
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "sitrep-alerts");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, ms < 10000 ? ms : 10000L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_answer);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &ans);

	int rc = SR_EIO;
	char why[200] = "";
	for (int attempt = 1; attempt <= SR_ALERT_POST_TRIES; attempt++) {
		if (attempt > 1)
			pause_s(0.5 * (double)(1 << (attempt - 2))); /* 0.5 s, 1 s, … */
		ans.len = 0;
		CURLcode cc = curl_easy_perform(c);
		long status = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		if (status >= 200 && status < 300 && (cc == CURLE_OK || cc == CURLE_WRITE_ERROR)) {
			rc = 0;
			break;
		}
		int again;
		if (status) {
			snprintf(why, sizeof why, "HTTP %ld", status);
			again = status == 408 || status == 429 || status >= 500;
		} else {
			snprintf(why, sizeof why, "%s", curl_easy_strerror(cc));
			/* a URL curl refuses will not get better */
			again = cc != CURLE_UNSUPPORTED_PROTOCOL && cc != CURLE_URL_MALFORMAT &&
				cc != CURLE_OUT_OF_MEMORY;
		}
		if (!again) {
			sr_error_set(err, SR_EIO, NULL, 0, -1, "webhook %s: %s", origin, why);
			break;
		}
		if (attempt == SR_ALERT_POST_TRIES)
			sr_error_set(err, SR_EIO, NULL, 0, -1, "webhook %s: %s after %d attempts", origin, why,
				     SR_ALERT_POST_TRIES);
	}
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	return rc;
}
