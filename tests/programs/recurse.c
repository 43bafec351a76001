/* Runaway recursion: SIGSEGV when the stack runs into its guard page. */
#include <stdio.h>

static int depth(int n)
{
	volatile char frame[256];

	frame[0] = (char)n;
	return depth(n + 1) + frame[0];
}

int main(void)
{
	fprintf(stderr, "recursing\n");
	return depth(0);
}
