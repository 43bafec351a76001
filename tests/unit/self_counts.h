/* self_counts: what a leak test counts of its own process, before and
 * after many runs: entries of a /proc directory (fds, threads), lines of
 * a file (mounts), and resident memory. Shared by the leak tests. */
#ifndef ISOLAB_TEST_SELF_COUNTS_H
#define ISOLAB_TEST_SELF_COUNTS_H

#include <dirent.h>
#include <stdio.h>
#include <unistd.h>

static inline int count_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static inline int count_lines(const char *path)
{
	FILE *f = fopen(path, "re");
	int n = 0, c;

	if (!f)
		return -1;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static inline long rss_kib(void)
{
	long pages = 0, size;
	FILE *f = fopen("/proc/self/statm", "re");

	if (f && fscanf(f, "%ld %ld", &size, &pages) != 2)
		pages = 0;
	if (f)
		fclose(f);
	return pages * (sysconf(_SC_PAGESIZE) / 1024);
}

#endif
