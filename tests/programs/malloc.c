/* malloc/calloc/realloc/free at every size, across the brk and mmap
 * thresholds, including a large block grown by realloc (mremap). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long sum(const unsigned char *p, size_t n)
{
	unsigned long s = 0;

	for (size_t i = 0; i < n; i += 61)
		s = s * 31 + p[i];
	return s;
}

int main(void)
{
	static void *blocks[64];
	unsigned long total = 0;
	size_t size = 1;

	for (int i = 0; i < 24; i++, size *= 2) { /* 1 B .. 8 MiB */
		unsigned char *p = malloc(size);
		unsigned char *z = calloc(size, 1);

		if (!p || !z) {
			printf("malloc(%zu) failed\n", size);
			return 1;
		}
		memset(p, i, size);
		for (size_t k = 0; k < size; k += 4096)
			if (z[k]) {
				printf("calloc(%zu) not zero\n", size);
				return 1;
			}
		total += sum(p, size);
		blocks[i] = p;
		free(z);
	}
	for (int i = 0; i < 24; i += 2) {
		free(blocks[i]);
		blocks[i] = NULL;
	}
	char *grow = malloc(200000);
	memset(grow, 'a', 200000);
	for (size_t n = 400000; n <= 6400000; n *= 2) { /* mmap'd: mremap */
		grow = realloc(grow, n);
		if (!grow) {
			printf("realloc(%zu) failed\n", n);
			return 1;
		}
		memset(grow + n / 2, 'b', n / 2);
	}
	total += sum((unsigned char *)grow, 6400000);
	free(grow);
	for (int i = 1; i < 24; i += 2) {
		free(blocks[i]);
		blocks[i] = NULL;
	}
	for (int round = 0; round < 1000; round++) {
		void *small = malloc((size_t)(round % 300) + 1);
		blocks[round % 64] = realloc(blocks[round % 64], (size_t)round * 3 + 1);
		free(small);
	}
	for (int i = 0; i < 64; i++)
		free(blocks[i]);
	printf("checksum %lu\n", total);
	return 0;
}
