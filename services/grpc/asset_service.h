#ifndef SERVICES_GRPC_ASSET_SERVICE_H_
#define SERVICES_GRPC_ASSET_SERVICE_H_

// The gRPC adapter of ledger.v1.AssetService: assets with their full history, lists by division,
// class, category and status, disposals, and totals by class per township and village (R29),
// read from the sequencer's committed state (ledger/state/asset_state.h).
//
// Thread-safe: every call reads one consistent state through LogSequencer::ReadState.

#include <grpcpp/grpcpp.h>

#include "ledger/v1/asset_service.grpc.pb.h"
#include "services/grpc/read_access.h"
#include "services/logs/log_registry.h"

namespace ledger::grpc_services {

class AssetServiceImpl final : public v1::AssetService::Service {
 public:
  // Reads are scoped by `access` (read_access.h).
  AssetServiceImpl(logs::LogRegistry& logs, ReadAccess access) : logs_(logs), access_(access) {}

  grpc::Status GetAsset(grpc::ServerContext* context, const v1::GetAssetRequest* request,
                        v1::AssetDetail* response) override;
  grpc::Status ListAssets(grpc::ServerContext* context, const v1::ListAssetsRequest* request,
                          v1::ListAssetsResponse* response) override;
  grpc::Status GetDisposal(grpc::ServerContext* context, const v1::GetDisposalRequest* request,
                           v1::DisposalDetail* response) override;
  grpc::Status GetAssetTotals(grpc::ServerContext* context,
                              const v1::GetAssetTotalsRequest* request,
                              v1::AssetTotals* response) override;

 private:
  logs::LogRegistry& logs_;
  const ReadAccess access_;
};

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_ASSET_SERVICE_H_
