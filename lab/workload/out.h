/* out: building text in a fixed buffer and writing it to an fd.
 * Freestanding replacements for the few bits of stdio the workload needs. */
#ifndef ISOLAB_WORKLOAD_OUT_H
#define ISOLAB_WORKLOAD_OUT_H

#include "lab/workload/sys.h"

struct line {
	char buf[160];
	size_t len;
};

void line_str(struct line *l, const char *s);
void line_u64(struct line *l, uint64_t v);
void line_hex(struct line *l, uint64_t v);
void line_i64(struct line *l, long v);
/* Write the line to fd (whole, retrying short writes) and reset it. */
void line_flush(struct line *l, int fd);

size_t str_len(const char *s);
int str_eq(const char *a, const char *b);
/* If s starts with prefix, the rest; else 0. */
const char *str_after(const char *s, const char *prefix);
/* Parse a whole decimal number; 0 on success, -1 on junk or overflow. */
int parse_u64(const char *s, uint64_t *out);

/* Send "result key=value\n" on the control channel and "key=value\n" on
 * stdout, so a person reading the output sees what isolab records. */
void report_u64(const char *key, uint64_t v);
void report_hex(const char *key, uint64_t v);
/* Send "result key=value\n" on the control channel only. */
void send_result(const char *key, uint64_t v);
/* Append that line to l, to send several results in one write. */
void line_result(struct line *l, const char *key, uint64_t v);

#endif
