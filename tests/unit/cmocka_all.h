/* The includes every cmocka test needs, in the order cmocka requires. */
#ifndef ISOLAB_CMOCKA_ALL_H
#define ISOLAB_CMOCKA_ALL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#endif
