/* host_costs: what this machine charges for the primitives a launch is
 * made of, so that a benchmark that misses its target can say where the
 * time goes in this machine's own prices. Per round, the median over RUNS
 * samples of each, as one figure line (bench/interleave.c's format):
 *   host.syscall       one getppid
 *   host.page_fault    the first write to a fresh anonymous page (a fault)
 *   host.page_populate the same page, filled with PAGES others by one
 *                      madvise(MADV_POPULATE_WRITE)
 *   host.thread        pthread_create and pthread_join of a thread that
 *                      returns at once (isolab density starts one per
 *                      instance)
 *
 * usage: host_costs ROUNDS RUNS */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench/record_line.h"
#include "lab/host/clock.h"
#include "lab/core/stats.h"

enum { PAGES = 64, CALLS = 100 };

/* ns per page: the first write to each of PAGES fresh anonymous pages, or
 * one madvise that fills them all. */
static double page_ns(bool populate)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, PAGES * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t t0;
	double ns;

	if (p == MAP_FAILED)
		return -1;
	t0 = clock_now_ns();
	if (!populate)
		for (size_t i = 0; i < PAGES; i++)
			p[i * page] = 1;
	else if (madvise(p, PAGES * page, MADV_POPULATE_WRITE) < 0)
		t0 = 0; /* before Linux 5.14: not measured */
	ns = t0 ? (double)(clock_now_ns() - t0) / PAGES : -1;
	munmap(p, PAGES * page);
	return ns;
}

static double syscall_ns(void)
{
	uint64_t t0 = clock_now_ns();

	for (int i = 0; i < CALLS; i++)
		syscall(SYS_getppid);
	return (double)(clock_now_ns() - t0) / CALLS;
}

static void *returns(void *arg)
{
	return arg;
}

static double thread_ns(void)
{
	uint64_t t0 = clock_now_ns();
	pthread_t t;

	if (pthread_create(&t, NULL, returns, NULL) != 0)
		return -1;
	pthread_join(t, NULL);
	return (double)(clock_now_ns() - t0);
}

int main(int argc, char **argv)
{
	static const char *const names[] = { "host.syscall", "host.page_fault",
					     "host.page_populate", "host.thread" };
	enum { NCOSTS = sizeof(names) / sizeof(names[0]) };
	int rounds = argc > 1 ? atoi(argv[1]) : 0;
	size_t runs = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
	double *v[NCOSTS];

	if (rounds < 1 || runs < 1) {
		fprintf(stderr, "usage: host_costs ROUNDS RUNS\n");
		return 2;
	}
	for (int c = 0; c < NCOSTS; c++)
		if (!(v[c] = calloc(runs, sizeof(double))))
			return perror("host_costs"), 1;
	for (int r = 1; r <= rounds; r++) {
		for (size_t i = 0; i < runs; i++) {
			v[0][i] = syscall_ns();
			v[1][i] = page_ns(false);
			v[2][i] = page_ns(true);
			v[3][i] = thread_ns();
		}
		for (int c = 0; c < NCOSTS; c++) {
			struct stats s;

			stats_compute(v[c], runs, &s);
			if (s.min < 0)
				continue; /* could not be measured here */
			record_line("figure", names[c], r, s.median, runs);
		}
		fflush(stdout);
	}
	for (int c = 0; c < NCOSTS; c++)
		free(v[c]);
	return 0;
}
