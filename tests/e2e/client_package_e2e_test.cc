// The installed client library works for a program outside this repository: `cmake --install`
// into a prefix, examples/client configured with find_package(ledgerClient) against that prefix
// and built with Ninja, then run against a real ledgerd, where it appends an entry and verifies
// its inclusion proof (README.md, "Using the client library from C++").

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/ledgerd_process.h"
#include "tests/support/subprocess.h"

namespace ledger::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kOrigin[] = "ledger.example.org/341721";

RunResult RunStep(const std::vector<std::string>& argv, const std::string& log_dir) {
  RunResult r = RunToCompletion(argv, log_dir, 600s);
  EXPECT_EQ(r.exit_code, 0) << argv[0] << " " << (argv.size() > 1 ? argv[1] : "") << "\n"
                            << r.out << r.err;
  return r;
}

TEST(ClientPackageE2E, AnInstalledClientLibraryBuildsAConsumerThatAppendsAndVerifies) {
  // Fixed directories in the build tree, so that a second run rebuilds only what changed (the
  // consumer is one file, but it includes gRPC).
  const std::filesystem::path work = std::filesystem::path(LEDGER_BINARY_DIR) / "client_package";
  const std::string prefix = (work / "prefix").string();
  const std::string build = (work / "build").string();
  std::filesystem::create_directories(work);
  TempDir logs;

  ASSERT_EQ(RunStep({CMAKE_PATH, "--install", LEDGER_BINARY_DIR, "--prefix", prefix}, logs.path())
                .exit_code,
            0);
  ASSERT_TRUE(std::filesystem::exists(prefix + "/lib/cmake/ledgerClient/ledgerClientConfig.cmake"));
  ASSERT_TRUE(std::filesystem::exists(prefix + "/include/clients/client/ledger_client.h"));
  ASSERT_TRUE(std::filesystem::exists(prefix + "/include/ledger/v1/ledger_service.grpc.pb.h"));
  // The server is not part of the package.
  EXPECT_FALSE(std::filesystem::exists(prefix + "/bin"));

  std::vector<std::string> configure = {CMAKE_PATH,
                                        "-S",
                                        std::string(LEDGER_SOURCE_DIR) + "/examples/client",
                                        "-B",
                                        build,
                                        "-G",
                                        "Ninja",
                                        "-DCMAKE_MAKE_PROGRAM=" MAKE_PROGRAM_PATH,
                                        "-DCMAKE_CXX_COMPILER=" CXX_COMPILER_PATH,
                                        "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                                        "-DCMAKE_PREFIX_PATH=" + prefix};
  if (std::string(CCACHE_PATH).size() > 0) {
    configure.push_back("-DCMAKE_CXX_COMPILER_LAUNCHER=" CCACHE_PATH);
  }
  ASSERT_EQ(RunStep(configure, logs.path()).exit_code, 0);
  ASSERT_EQ(RunStep({CMAKE_PATH, "--build", build, "-j", "2"}, logs.path()).exit_code, 0);
  const std::string example = build + "/ledger_client_example";

  auto ledgerd = LedgerdProcess::Start(LEDGERD_PATH, LEDGERCTL_PATH, kOrigin);
  ASSERT_TRUE(ledgerd.ok()) << ledgerd.status();
  const std::string admin_key = (*ledgerd)->dir() + "/admin.key";
  RunResult init = (*ledgerd)->Ctl({"--key", admin_key, "init", "--name", "东至县"});
  ASSERT_EQ(init.exit_code, 0) << init.out << init.err;

  // The first run pins the log's key and checkpoint; the second verifies its entry in a larger
  // checkpoint, consistent with the one pinned.
  const std::string state = (*ledgerd)->dir() + "/example-state";
  for (const std::string id : {"fin-1", "fin-2"}) {
    RunResult r =
        RunToCompletion({example, "--server", (*ledgerd)->server(), "--origin", kOrigin, "--key",
                         admin_key, "--principal", "admin", "--id", id, "--state-dir", state},
                        logs.path(), 60s);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("log ledger.example.org/341721, tree size "), std::string::npos) << r.out;
    EXPECT_NE(
        r.out.find(id == "fin-1" ? "appended at index 1, verified in the checkpoint of size 2"
                                 : "appended at index 2, verified in the checkpoint of size 3"),
        std::string::npos)
        << r.out << r.err;
    RunResult show = (*ledgerd)->Ctl({"principal", "show", id});
    EXPECT_EQ(show.exit_code, 0) << show.err;
    EXPECT_NE(show.out.find("示例财政局"), std::string::npos) << show.out;
  }
  EXPECT_EQ((*ledgerd)->Stop(), std::optional<int>(0)) << (*ledgerd)->Stderr();
}

}  // namespace
}  // namespace ledger::testing
