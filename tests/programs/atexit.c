/* atexit handlers run in reverse order, then exit(N) ends the program. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { puts("atexit: first registered, runs last"); }
static void second(void) { puts("atexit: second registered, runs first"); }

int main(int argc, char **argv)
{
	atexit(first);
	atexit(second);
	printf("exiting with %d\n", argc > 1 ? atoi(argv[1]) : 7);
	exit(argc > 1 ? atoi(argv[1]) : 7);
}
