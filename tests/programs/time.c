/* time() and clock_gettime(): the clocks agree and move forward. */
#include <stdio.h>
#include <time.h>

int main(void)
{
	struct timespec a, b, real;
	time_t now = time(NULL);
	volatile unsigned long spin = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	clock_gettime(CLOCK_REALTIME, &real);
	for (unsigned long i = 0; i < 10000000; i++)
		spin += i;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("time() after 2020: %s\n", now > 1577836800 ? "yes" : "no");
	printf("time() matches CLOCK_REALTIME: %s\n",
	       real.tv_sec - now >= 0 && real.tv_sec - now <= 2 ? "yes" : "no");
	printf("monotonic moved forward: %s\n",
	       (b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec > a.tv_nsec)) ? "yes" : "no");
	printf("nanoseconds in range: %s\n", b.tv_nsec >= 0 && b.tv_nsec < 1000000000 ? "yes" : "no");
	return 0;
}
