#include "bench/grpc_load.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <span>
#include <thread>

#include "absl/strings/str_cat.h"

namespace ledger::bench {
namespace {

constexpr auto kDeadline = std::chrono::seconds(60);

// Collects what the client threads saw.
class Tally {
 public:
  void Add(size_t created, size_t failed, double ms, const std::string& error) {
    std::lock_guard lock(mu_);
    created_ += created;
    failed_ += failed;
    ms_.push_back(ms);
    if (!error.empty() && first_error_.empty()) first_error_ = error;
  }
  LoadResult Finish(size_t entries, double seconds) {
    LoadResult r;
    r.entries = entries;
    r.created = created_;
    r.failed = failed_;
    r.seconds = seconds;
    r.per_s = seconds > 0 ? static_cast<double>(created_) / seconds : 0;
    r.latency = Summarize(ms_);
    r.first_error = first_error_;
    r.ms = std::move(ms_);
    return r;
  }

 private:
  std::mutex mu_;
  size_t created_ = 0;
  size_t failed_ = 0;
  std::vector<double> ms_;
  std::string first_error_;
};

// Submits envelopes [begin, end) on `stub`; adds the outcome to `tally` with latency measured
// from `since`.
void SubmitRange(v1::LedgerService::Stub& stub, const std::string& origin,
                 std::span<const std::string> envelopes, Clock::time_point since, Tally& tally) {
  v1::SubmitRequest request;
  request.set_origin(origin);
  for (const std::string& e : envelopes) request.add_envelopes(e);
  v1::SubmitResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kDeadline);
  const grpc::Status status = stub.Submit(&context, request, &response);
  const double ms = Seconds(since, Clock::now()) * 1000;
  if (!status.ok()) {
    tally.Add(0, envelopes.size(), ms,
              absl::StrCat("Submit: code ", status.error_code(), ": ", status.error_message()));
    return;
  }
  size_t created = 0;
  std::string error;
  for (const v1::SubmitResult& result : response.results()) {
    if (result.outcome() == v1::SubmitResult::OUTCOME_CREATED) {
      ++created;
    } else if (error.empty()) {
      error = absl::StrCat("outcome ", v1::SubmitResult::Outcome_Name(result.outcome()), " ",
                           result.rule(), ": ", result.message());
    }
  }
  tally.Add(created, envelopes.size() - created, ms, error);
}

}  // namespace

nlohmann::json ToJson(const LoadResult& r) {
  return {{"entries", r.entries},        {"created", r.created}, {"failed", r.failed},
          {"seconds", r.seconds},        {"per_s", r.per_s},     {"latency", ToJson(r.latency)},
          {"first_error", r.first_error}};
}

void Merge(LoadResult& into, const LoadResult& more) {
  into.entries += more.entries;
  into.created += more.created;
  into.failed += more.failed;
  into.seconds += more.seconds;
  into.per_s = into.seconds > 0 ? static_cast<double>(into.created) / into.seconds : 0;
  if (into.first_error.empty()) into.first_error = more.first_error;
  into.ms.insert(into.ms.end(), more.ms.begin(), more.ms.end());
  into.latency = Summarize(into.ms);
}

std::shared_ptr<grpc::Channel> OwnChannel(const std::string& server) {
  static std::atomic<int> next{0};
  grpc::ChannelArguments args;
  // A distinct argument keeps gRPC from sharing one connection between the channels.
  args.SetInt("ledger.bench.channel", next++);
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  return grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(), args);
}

LoadResult ClosedLoop(const std::string& server, const std::string& origin,
                      const std::vector<std::string>& envelopes, ClosedLoopOptions options) {
  Tally tally;
  std::atomic<size_t> next{0};
  const size_t batch = static_cast<size_t>(std::max(1, options.batch));
  std::vector<std::unique_ptr<v1::LedgerService::Stub>> stubs;
  for (int c = 0; c < options.clients; ++c) {
    stubs.push_back(v1::LedgerService::NewStub(OwnChannel(server)));
  }
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < options.clients; ++c) {
    threads.emplace_back([&, c] {
      for (;;) {
        const size_t begin = next.fetch_add(batch);
        if (begin >= envelopes.size()) return;
        const size_t end = std::min(envelopes.size(), begin + batch);
        SubmitRange(*stubs[c], origin,
                    std::span<const std::string>(envelopes).subspan(begin, end - begin),
                    Clock::now(), tally);
      }
    });
  }
  for (auto& t : threads) t.join();
  return tally.Finish(envelopes.size(), Seconds(start, Clock::now()));
}

LoadResult Paced(const std::string& server, const std::string& origin,
                 const std::vector<std::string>& envelopes, int clients, double rate) {
  Tally tally;
  std::vector<std::unique_ptr<v1::LedgerService::Stub>> stubs;
  for (int c = 0; c < clients; ++c) stubs.push_back(v1::LedgerService::NewStub(OwnChannel(server)));
  // Submit i is due at start + i / rate; client c sends submits c, c + clients, ...
  const auto start = Clock::now() + std::chrono::milliseconds(100);
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      for (size_t i = static_cast<size_t>(c); i < envelopes.size();
           i += static_cast<size_t>(clients)) {
        const auto due = start + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(static_cast<double>(i) / rate));
        std::this_thread::sleep_until(due);
        SubmitRange(*stubs[c], origin, std::span<const std::string>(envelopes).subspan(i, 1), due,
                    tally);
      }
    });
  }
  for (auto& t : threads) t.join();
  return tally.Finish(envelopes.size(), Seconds(start, Clock::now()));
}

LoadResult ClosedLoopCalls(const std::string& server, size_t count, int clients, const Call& call) {
  Tally tally;
  std::atomic<size_t> next{0};
  std::vector<std::unique_ptr<v1::LedgerService::Stub>> stubs;
  for (int c = 0; c < clients; ++c) stubs.push_back(v1::LedgerService::NewStub(OwnChannel(server)));
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      for (size_t i = next++; i < count; i = next++) {
        const auto s = Clock::now();
        const std::string error = call(*stubs[c], i);
        tally.Add(error.empty() ? 1 : 0, error.empty() ? 0 : 1, Seconds(s, Clock::now()) * 1000,
                  error);
      }
    });
  }
  for (auto& t : threads) t.join();
  return tally.Finish(count, Seconds(start, Clock::now()));
}

}  // namespace ledger::bench
