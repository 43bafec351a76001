/* Formatted output, floats included, on a fully buffered stdout (a pipe)
 * and, with argument "line", a line-buffered one; stderr interleaved. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "line") == 0)
		setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 0; i < 40; i++) {
		printf("%3d %-8s|%08.3f|%e|%g|%x|%lld\n", i, "row", i / 7.0,
		       i * 1234.5678, 1.0 / (i + 1), i * 4099, (long long)i << 40);
		if (i % 10 == 0)
			fprintf(stderr, "progress %d%%\n", i * 100 / 40);
	}
	printf("pi=%.15f e=%.3Lf\n", 3.141592653589793, 2.718281828459045L);
	puts("done");
	return 0;
}
