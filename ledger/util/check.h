#ifndef LEDGER_UTIL_CHECK_H_
#define LEDGER_UTIL_CHECK_H_

// Invariant assertions, always on (also in Release). Use them for conditions our own code
// guarantees (a Merkle root before signing, a balance sum); never for client input or database
// content, which get a Status instead.

#include <cstdio>
#include <cstdlib>

#define LEDGER_CHECK(cond)                                                              \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (false)

#endif  // LEDGER_UTIL_CHECK_H_
