#ifndef CONFIDE_CSODIUM_SHIM_H
#define CONFIDE_CSODIUM_SHIM_H
#include <sodium.h>

/// Selects libsodium's internal (ChaCha20, user-space, per-thread) random generator.
/// A function, because Swift cannot take the address of the C global safely.
static inline int confide_use_internal_randombytes(void) {
    return randombytes_set_implementation(&randombytes_internal_implementation);
}
#endif
