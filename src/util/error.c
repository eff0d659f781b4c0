/* error.c — filling and formatting sr_error. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void sr_error_clear(sr_error *err)
{
	if (!err)
		return;
	memset(err, 0, sizeof *err);
	err->byte = -1;
}

int sr_error_set(sr_error *err, sr_status code, const char *file, long line,
		 long long byte, const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->byte = byte;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

const char *sr_error_format(const sr_error *err, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	if (err->file[0]) {
		n += (size_t)snprintf(buf, size, "%s", err->file);
		if (err->line > 0 && n < size)
			n += (size_t)snprintf(buf + n, size - n, ":%ld", err->line);
		if (n < size)
			n += (size_t)snprintf(buf + n, size - n, ": ");
	}
	if (err->byte >= 0 && n < size)
		n += (size_t)snprintf(buf + n, size - n, "byte %lld: ", err->byte);
	if (n < size)
		snprintf(buf + n, size - n, "%s", err->msg);
	return buf;
}
