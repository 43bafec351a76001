/* exit_with: a test program for lab 1. It exits with the code in the
 * environment variable LAB1_EXIT_CODE (the grader draws it at random). */
#include <stdlib.h>

int main(void)
{
	const char *code = getenv("LAB1_EXIT_CODE");

	return code ? atoi(code) : 0;
}
