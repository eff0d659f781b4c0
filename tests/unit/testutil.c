/* testutil.c — helpers for the unit tests. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *p = malloc(cap);
	size_t got;
	while (p && (got = fread(p + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			char *q = realloc(p, cap * 2);
			if (!q) {
				free(p);
				p = NULL;
				break;
			}
			p = q;
			cap *= 2;
		}
	}
	fclose(f);
	if (!p)
		return NULL;
	p[n] = '\0';
	if (len)
		*len = n;
	return p;
}

const char *tu_shared_path(const char *rel)
{
	static char buf[8192];
	const char *base = getenv("SITREP_SHARED");
	char tmp[2048];
	if (!base || !*base) {
		snprintf(tmp, sizeof tmp, "%s/../shared", getenv("SITREP_ROOT") ? getenv("SITREP_ROOT") : ".");
		base = tmp;
	}
	struct stat st;
	if (stat(base, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	snprintf(buf, sizeof buf, "%s/%s", base, rel);
	return buf;
}

const char *tu_root_path(const char *rel)
{
	static char buf[8192];
	const char *root = getenv("SITREP_ROOT");
	snprintf(buf, sizeof buf, "%s/%s", root && *root ? root : ".", rel);
	return buf;
}

const char *tu_tmpdir(void)
{
	static char buf[256];
	const char *t = getenv("TMPDIR");
	snprintf(buf, sizeof buf, "%s/sitrep-test-XXXXXX", t && *t ? t : "/tmp");
	return mkdtemp(buf);
}
