/* string, ctype and math functions, and qsort. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_value(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

int main(void)
{
	char text[] = "The quick brown Fox jumps over 13 lazy dogs, twice!";
	char copy[64], *tok, *save;
	int letters = 0, digits = 0, upper = 0, values[100];

	for (char *p = text; *p; p++) {
		letters += isalpha((unsigned char)*p) != 0;
		digits += isdigit((unsigned char)*p) != 0;
		upper += isupper((unsigned char)*p) != 0;
	}
	printf("len=%zu letters=%d digits=%d upper=%d\n", strlen(text), letters, digits, upper);
	strcpy(copy, text);
	for (tok = strtok_r(copy, " ,!", &save); tok; tok = strtok_r(NULL, " ,!", &save))
		printf("<%s>", tok);
	printf("\nstrstr=%s strchr=%s cmp=%d\n", strstr(text, "jumps"), strrchr(text, 'o'),
	       strcmp("apple", "apricot") < 0);
	for (int i = 0; i < 100; i++)
		values[i] = (i * 7919) % 101 - 50;
	qsort(values, 100, sizeof(values[0]), by_value);
	printf("sorted %d %d %d\n", values[0], values[50], values[99]);
	printf("sqrt=%.10f sin=%.10f exp=%.6e log=%.10f pow=%.3f floor=%.1f atan2=%.8f\n",
	       sqrt(2.0), sin(1.0), exp(10.0), log(10.0), pow(2.0, 0.5), floor(-2.5),
	       atan2(1.0, -1.0));
	printf("strtol=%ld atof=%.2f toupper=%c\n", strtol("-0x1f", NULL, 16), atof("6.25"),
	       toupper('q'));
	return 0;
}
