#ifndef FUZZ_FUZZ_CHECK_H_
#define FUZZ_FUZZ_CHECK_H_

// FUZZ_CHECK(cond): a property of the code under test, checked on every fuzz input. A failure
// prints the condition and aborts, which libFuzzer reports as a crash and saves the input.
// (LEDGER_CHECK is for the library's own invariants; this is the fuzz target's oracle.)

#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_CHECK(cond)                                                                 \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

namespace ledger::fuzz {

inline std::string_view AsText(const unsigned char* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace ledger::fuzz

#endif  // FUZZ_FUZZ_CHECK_H_
