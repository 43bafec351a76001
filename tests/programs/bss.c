/* A large static array in .bss (48 MiB): needs --mem 64 in the micro-VM. */
#include <stdio.h>

#define N (48u << 20)
static unsigned char big[N];

int main(void)
{
	unsigned long sum = 0;

	for (unsigned i = 0; i < N; i += 4096)
		sum += big[i]; /* zero, as .bss must be */
	for (unsigned i = 0; i < N; i += 4096)
		big[i] = (unsigned char)(i >> 12);
	for (unsigned i = 0; i < N; i += 4096)
		sum += big[i];
	printf("bss %u MiB, sum %lu\n", N >> 20, sum);
	return 0;
}
