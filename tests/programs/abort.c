/* abort(): SIGABRT, after flushing nothing (stdout is lost, as on Linux). */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	fprintf(stderr, "about to abort\n");
	abort();
}
