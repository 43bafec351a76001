/* doctor: tells what this machine supports for each launcher, and for each
 * missing piece what to do. Returns 0 when every launcher can run. */
#ifndef ISOLAB_DOCTOR_H
#define ISOLAB_DOCTOR_H

#include <stdio.h>

int doctor_report(FILE *f, void *const *configs);

#endif
