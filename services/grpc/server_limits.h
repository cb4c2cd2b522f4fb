#ifndef SERVICES_GRPC_SERVER_LIMITS_H_
#define SERVICES_GRPC_SERVER_LIMITS_H_

// What one ledgerd accepts from the network at once, so that its memory and threads stay bounded
// under a flood of large or slow requests (docs/ARCHITECTURE.md "Memory is bounded by gRPC's
// resource quota and a Submit byte budget", docs/OPERATIONS.md "Limits on requests"). ledgerd's
// main applies them to its grpc::ServerBuilder; tests derive their expectations from them.

#include <cstdint>

namespace ledger::grpc_services {

// The largest request ledgerd accepts, in bytes (grpc::ServerBuilder::SetMaxReceiveMessageSize);
// a larger one is refused by gRPC with RESOURCE_EXHAUSTED before any handler runs. It fits the
// largest valid Submit: submit_max_entries (1000) envelopes of envelope::kEnvelopeSizeMax (64 KiB)
// each with their field framing, with room to spare; anything beyond it cannot be a valid call.
inline constexpr int kRequestBytesMax = 96 * 1024 * 1024;

// gRPC's memory quota for the server (grpc::ResourceQuota::Resize): what its transports hold,
// above all requests received in part or in full and not yet handled. Beyond it gRPC cancels
// calls on the connections it reads from (RST_STREAM ENHANCE_YOUR_CALM: the client sees
// RESOURCE_EXHAUSTED) until usage is below it again. Two of the largest requests fit.
inline constexpr int64_t kServerMemoryBytesMax = 256 * 1024 * 1024;
static_assert(kServerMemoryBytesMax >= 2 * static_cast<int64_t>(kRequestBytesMax),
              "the largest valid request must be receivable while another one is");

// The request bytes of Submit calls admitted at once (queued for a submit thread, parsed,
// verified, waiting for their commit). A Submit that would go beyond it is answered
// RESOURCE_EXHAUSTED (L-OVERLOAD) at once, before it is parsed. One largest valid Submit fits, or
// many ordinary ones; each admitted request is held about twice more (parsed, then decoded).
inline constexpr int64_t kSubmitBytesInFlightMax = kRequestBytesMax;

// Each Submit call counts at least this many bytes against kSubmitBytesInFlightMax, so that the
// number of calls admitted at once is bounded too (1,536), whatever their size.
inline constexpr int64_t kSubmitCallBytesMin = 64 * 1024;

// The most fields a SubmitRequest may have, counted before it is parsed: a parsed field costs a
// few dozen bytes beyond its own, so a request of millions of empty fields would take many times
// its size in memory. A valid Submit has at most 1,000 envelopes and two other fields.
inline constexpr int kSubmitRequestFieldsMax = 4096;

// Threads that run admitted Submit calls: parse, check, and verify signatures with the
// sequencer's worker pool (none waits for the commit: the sequencer answers through a callback);
// further admitted calls wait for one in a queue bounded by kSubmitBytesInFlightMax.
inline constexpr int kSubmitThreads = 32;

// Threads of gRPC's synchronous server (grpc::ResourceQuota::SetMaxThreads): calls being handled
// at once, plus the threads that wait for new calls. When every one is busy, a new call is answered
// RESOURCE_EXHAUSTED by gRPC at once.
inline constexpr int kServerThreadsMax = 64;

// Calls open at once on one HTTP/2 connection (SETTINGS_MAX_CONCURRENT_STREAMS); a client that
// opens more has them refused (REFUSED_STREAM), and gRPC clients queue them instead.
inline constexpr int kStreamsPerConnectionMax = 100;

// A new connection must finish its handshake (TLS and the HTTP/2 preface and settings) within
// this time or it is closed; gRPC's default is 120 s.
inline constexpr int kHandshakeTimeoutMs = 20 * 1000;

// A connection with calls open is pinged after this long without reading from it, and closed if
// the ping is not answered within kKeepaliveTimeoutMs: a peer that went away, or one that stalls,
// no longer holds its calls (gRPC's defaults are 2 hours and 20 s).
inline constexpr int kKeepaliveTimeMs = 60 * 1000;
inline constexpr int kKeepaliveTimeoutMs = 20 * 1000;

// A connection with no call open for this long is closed (GOAWAY; gRPC clients reconnect when
// they next call).
inline constexpr int kConnectionIdleMaxMs = 5 * 60 * 1000;

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_SERVER_LIMITS_H_
