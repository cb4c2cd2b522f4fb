#include "ledger/sequencer/worker_pool.h"

#include <atomic>
#include <memory>
#include <utility>

namespace ledger::sequencer {

WorkerPool::WorkerPool(size_t threads) {
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::Run() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping and drained
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

void WorkerPool::Post(std::function<void()> task) {
  if (threads_.empty()) {
    task();
    return;
  }
  {
    std::lock_guard lock(mu_);
    tasks_.push_back(std::move(task));
  }
  cv_.notify_one();
}

void WorkerPool::ParallelFor(size_t n, const std::function<void(size_t)>& fn) {
  if (n == 0) return;
  if (threads_.empty() || n == 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  // Work is claimed index by index from a shared counter, so fast and slow items balance out.
  struct Shared {
    std::atomic<size_t> next{0};
    std::mutex mu;
    std::condition_variable cv;
    size_t running = 0;
  };
  auto shared = std::make_shared<Shared>();
  auto work = [shared, n, &fn] {
    for (size_t i = shared->next.fetch_add(1); i < n; i = shared->next.fetch_add(1)) fn(i);
  };
  const size_t helpers = std::min(threads_.size(), n - 1);
  {
    std::lock_guard lock(mu_);
    shared->running = helpers;
    for (size_t h = 0; h < helpers; ++h) {
      tasks_.emplace_back([shared, work] {
        work();
        std::lock_guard done_lock(shared->mu);
        if (--shared->running == 0) shared->cv.notify_all();
      });
    }
  }
  cv_.notify_all();
  work();
  // Helpers that start late find the counter exhausted and finish at once; pool threads never
  // call ParallelFor themselves, so every queued helper runs soon.
  std::unique_lock lock(shared->mu);
  shared->cv.wait(lock, [&] { return shared->running == 0; });
}

}  // namespace ledger::sequencer
