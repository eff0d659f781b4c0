/* replay.c — run a fuzz target's entry point over stored inputs, without
 * libFuzzer: every crash a fuzzer ever found stays in tests/fuzz/regressions/
 * and is replayed by the normal and the sanitizer test builds.
 *
 *   replay_TARGET FILE_OR_DIR...   prints "replayed N inputs" */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long replayed;

static void run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	size_t cap = 1 << 16, n = 0, got;
	uint8_t *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *b2 = realloc(buf, cap *= 2);
			if (!b2) {
				free(buf);
				buf = NULL;
			}
			buf = b2;
		}
	}
	fclose(f);
	if (!buf)
		exit(2);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	replayed++;
}

static void run_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	struct dirent **list;
	int n = scandir(path, &list, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			char child[4096];
			snprintf(child, sizeof child, "%s/%s", path, list[i]->d_name);
			run_path(child);
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("replayed %ld inputs\n", replayed);
	return 0;
}
