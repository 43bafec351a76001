/* A write through a NULL pointer: SIGSEGV. */
#include <stdio.h>

int main(void)
{
	volatile int *volatile p = NULL;

	fprintf(stderr, "writing through NULL\n");
	*p = 42;
	return 0;
}
