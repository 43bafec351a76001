/* A failed assert(): the C library's message on stderr, then SIGABRT. */
#include <assert.h>
#include <stdio.h>

static int square(int x) { return x * x; }

int main(void)
{
	assert(square(3) == 9);
	assert(square(4) == 15);
	puts("not reached");
	return 0;
}
