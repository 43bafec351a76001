/* record_line: the one line a benchmark program prints per round and
 * figure, which bench/records.py reads back:
 *   {"kind":"figure","name":NAME,"round":R,"median_ns":M,"n":N}
 *   {"kind":"count","name":NAME,"round":R,"median":M,"n":N}
 * where M is the median of N values (ns for a figure) in round R. */
#ifndef ISOLAB_BENCH_RECORD_LINE_H
#define ISOLAB_BENCH_RECORD_LINE_H

#include <stdio.h>
#include <string.h>

/* kind: "figure" or "count". */
static inline void record_line(const char *kind, const char *name, int round,
			       double median, size_t n)
{
	printf("{\"kind\":\"%s\",\"name\":\"%s\",\"round\":%d,\"%s\":%.1f,\"n\":%zu}\n",
	       kind, name, round,
	       strcmp(kind, "count") == 0 ? "median" : "median_ns", median, n);
}

#endif
