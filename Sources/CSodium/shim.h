#ifndef CONFIDE_CSODIUM_SHIM_H
#define CONFIDE_CSODIUM_SHIM_H
#include <sodium.h>
#endif
