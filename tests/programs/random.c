/* getrandom(): 16 bytes in hex; two runs must differ. */
#include <stdio.h>
#include <sys/random.h>

int main(void)
{
	unsigned char b[16];

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
		perror("getrandom");
		return 1;
	}
	for (size_t i = 0; i < sizeof(b); i++)
		printf("%02x", b[i]);
	putchar('\n');
	return 0;
}
