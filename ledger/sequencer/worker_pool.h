#ifndef LEDGER_SEQUENCER_WORKER_POOL_H_
#define LEDGER_SEQUENCER_WORKER_POOL_H_

// A fixed pool of threads for CPU-bound work done in parallel before the single writer (signature
// verification and parsing of a batch).
//
//   WorkerPool pool(std::thread::hardware_concurrency());
//   pool.ParallelFor(items.size(), [&](size_t i) { Check(items[i]); });   // blocks until done
//
//   pool.Post([response] { Answer(response); });                          // returns at once
//
// ParallelFor may be called from many threads at once; the calling thread helps, so a call makes
// progress even when every worker is busy with other calls. Tasks given to Post must not call
// ParallelFor on the same pool (its helpers could queue behind the very tasks that wait for them).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ledger::sequencer {

class WorkerPool {
 public:
  // `threads` == 0 runs everything on the calling thread.
  explicit WorkerPool(size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Calls fn(i) for every i in [0, n), spread over the workers and the calling thread, and
  // returns when all calls have returned. fn must not throw.
  void ParallelFor(size_t n, const std::function<void(size_t)>& fn);

  // Runs `task` once on a worker, in the order posted, or on the calling thread when the pool has
  // no threads. The destructor runs every task posted before it. `task` must not throw.
  void Post(std::function<void()> task);

  size_t size() const { return threads_.size(); }

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace ledger::sequencer

#endif  // LEDGER_SEQUENCER_WORKER_POOL_H_
