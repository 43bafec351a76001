/* Reads standard input to end of file: counts bytes, lines and words. */
#include <ctype.h>
#include <stdio.h>

int main(void)
{
	unsigned long bytes = 0, lines = 0, words = 0, hash = 5381;
	int c, in_word = 0;

	while ((c = getchar()) != EOF) {
		bytes++;
		lines += c == '\n';
		if (isspace(c))
			in_word = 0;
		else if (!in_word++)
			words++;
		hash = hash * 33 + (unsigned char)c;
	}
	printf("%lu %lu %lu %lx\n", lines, words, bytes, hash);
	return 0;
}
