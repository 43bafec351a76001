/* Integer division by zero: SIGFPE. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	volatile int zero = argc - 1;

	(void)argv;
	printf("%d\n", 100 / zero);
	return 0;
}
