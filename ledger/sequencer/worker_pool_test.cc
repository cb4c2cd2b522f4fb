// WorkerPool under concurrency: many callers at once, each call sees every index exactly once and
// returns only when all of its work is done. Run it under ThreadSanitizer (scripts/tsan.sh) too.

#include "ledger/sequencer/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace ledger::sequencer {
namespace {

TEST(WorkerPoolTest, EveryIndexOnceAndAllDoneWhenParallelForReturns) {
  WorkerPool pool(3);
  for (size_t n : {0u, 1u, 2u, 3u, 4u, 100u}) {
    std::vector<int> calls(n, 0);  // each slot written by exactly one call
    pool.ParallelFor(n, [&](size_t i) { ++calls[i]; });
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(calls[i], 1) << "n " << n << " index " << i;
  }
}

TEST(WorkerPoolTest, NoThreadsRunsOnTheCaller) {
  WorkerPool pool(0);
  EXPECT_EQ(pool.size(), 0u);
  const std::thread::id caller = std::this_thread::get_id();
  int calls = 0;
  pool.ParallelFor(10, [&](size_t) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    ++calls;  // no other thread: no data race
  });
  EXPECT_EQ(calls, 10);
}

// What the sequencer does: many gRPC threads verifying their batches on one small pool at once.
// Each caller's results are plain (non-atomic) writes that it reads after ParallelFor returns,
// so a call that returned before its helpers finished is a data race ThreadSanitizer reports,
// and a wrong count here.
TEST(WorkerPoolTest, ManyConcurrentCallersEachGetAllTheirWorkDone) {
  WorkerPool pool(4);
  constexpr int kCallers = 16;
  constexpr int kCallsPerCaller = 200;
  std::atomic<int> wrong{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&, c] {
      for (int call = 0; call < kCallsPerCaller; ++call) {
        const size_t n = 1 + static_cast<size_t>((c * 7 + call) % 40);
        std::vector<size_t> out(n, 0);
        pool.ParallelFor(n, [&](size_t i) { out[i] = i * i + 1; });
        for (size_t i = 0; i < n; ++i) {
          if (out[i] != i * i + 1) ++wrong;
        }
      }
    });
  }
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(WorkerPoolTest, DestroyedRightAfterConcurrentUse) {
  for (int round = 0; round < 20; ++round) {
    std::atomic<size_t> sum{0};
    {
      WorkerPool pool(2);
      std::thread other([&] { pool.ParallelFor(50, [&](size_t i) { sum += i; }); });
      pool.ParallelFor(50, [&](size_t i) { sum += i; });
      other.join();
    }
    EXPECT_EQ(sum.load(), 2u * (49u * 50u / 2u));
  }
}

// What the gRPC service does with answers that read storage: posted from many threads while
// ParallelFor runs on the same pool. Each task runs once on a worker (not on the poster), and
// the destructor runs every task posted before it.
TEST(WorkerPoolTest, PostedTasksRunOnceOnAWorkerAndAllRunBeforeDestruction) {
  constexpr int kPosters = 8;
  constexpr int kTasksPerPoster = 100;
  std::vector<int> ran(kPosters * kTasksPerPoster, 0);  // each slot written by one task
  std::atomic<int> on_poster{0};
  {
    WorkerPool pool(2);
    std::vector<std::thread> posters;
    for (int p = 0; p < kPosters; ++p) {
      posters.emplace_back([&, p] {
        const std::thread::id poster = std::this_thread::get_id();
        for (int t = 0; t < kTasksPerPoster; ++t) {
          pool.Post([&ran, &on_poster, poster, slot = p * kTasksPerPoster + t] {
            if (std::this_thread::get_id() == poster) ++on_poster;
            ++ran[slot];
          });
          if (t % 10 == 0) pool.ParallelFor(5, [](size_t) {});
        }
      });
    }
    for (std::thread& t : posters) t.join();
  }
  for (size_t i = 0; i < ran.size(); ++i) EXPECT_EQ(ran[i], 1) << "task " << i;
  EXPECT_EQ(on_poster.load(), 0);
}

}  // namespace
}  // namespace ledger::sequencer
