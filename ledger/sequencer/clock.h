#ifndef LEDGER_SEQUENCER_CLOCK_H_
#define LEDGER_SEQUENCER_CLOCK_H_

// The sequencer's only source of time: the recorded time it writes into each leaf. Injected, so
// tests can pin it, and kept out of the state machine, which receives the time as an argument.

#include <cstdint>

namespace ledger::sequencer {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since 1970-01-01T00:00:00Z.
  virtual int64_t NowMicros() = 0;
};

// The system's real-time clock. Thread-safe.
Clock& SystemClock();

}  // namespace ledger::sequencer

#endif  // LEDGER_SEQUENCER_CLOCK_H_
