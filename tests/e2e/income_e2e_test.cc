// End-to-end tests of asset income and its distribution with the real binaries, driven only
// through ledgerctl as a user would: a village photovoltaic station under a lease earns income,
// the village adopts a distribution plan that the township reviews and the county files, the plan
// is announced, a payment before the notice ended is refused (R20), the one after it is paid,
// over-distribution is refused (R19), the result is recorded and announced, and the village
// notice board and the plan's JSON show every stage. A plan that pays everyone the same flat
// cash is accepted and then reported by `distribution findings` (R22), as is income left idle
// (R25).

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/client/ledger_client.h"
#include "clients/entries/entry_builder.h"
#include "google/protobuf/util/json_util.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/verify.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"
#include "ledger/state/civil_date.h"
#include "ledger/v1/income_service.pb.h"
#include "ledger/v1/registry_service.pb.h"
#include "tests/e2e/county_e2e.h"

namespace ledger::testing {
namespace {

constexpr const char* kVillage = kVillage1;
const std::string kPv = "DZ-PV-001";

class IncomeE2E : public CountyE2E {
 protected:
  struct VerifiedLog {
    std::vector<std::string> leaves;
    std::string checkpoint;
  };

  // Every leaf of the log, checked against the latest signed checkpoint: the signature with the
  // log's verifier key, the root rebuilt from all the leaves, and each leaf's inclusion proof as
  // the server serves it.
  VerifiedLog VerifyWholeLog() {
    VerifiedLog out;
    client::LedgerClient c(
        grpc::CreateChannel(ledgerd_->server(), grpc::InsecureChannelCredentials()),
        {.origin = kOrigin});
    auto info = c.GetLogInfo();
    EXPECT_TRUE(info.ok()) << info.status();
    if (!info.ok()) return out;
    auto verifier = note::NoteVerifier::Parse(info->verifier_key());
    auto latest = c.GetCheckpoint(0, 0);
    EXPECT_TRUE(verifier.ok() && latest.ok());
    if (!verifier.ok() || !latest.ok()) return out;
    auto cp = note::OpenCheckpoint(latest->checkpoint(), *verifier);
    EXPECT_TRUE(cp.ok()) << cp.status();
    if (!cp.ok()) return out;
    out.checkpoint = latest->checkpoint();
    v1::GetEntriesRequest request;
    request.set_origin(kOrigin);
    request.set_start(0);
    request.set_end(cp->size);
    auto ctx = c.NewContext();
    auto reader = c.ledger().GetEntries(ctx.get(), request);
    v1::GetEntriesResponse page;
    while (reader->Read(&page)) {
      for (const v1::Entry& e : page.entries()) out.leaves.push_back(e.leaf());
    }
    EXPECT_TRUE(reader->Finish().ok());
    EXPECT_EQ(out.leaves.size(), cp->size);
    std::vector<merkle::Hash> hashes;
    for (const std::string& leaf : out.leaves) hashes.push_back(merkle::LeafHash(leaf));
    EXPECT_EQ(merkle::RootFromLeafHashes(hashes), cp->root);
    for (uint64_t i = 0; i < hashes.size(); ++i) {
      v1::GetInclusionProofRequest req;
      req.set_origin(kOrigin);
      req.set_index(i);
      req.set_tree_size(cp->size);
      v1::GetInclusionProofResponse resp;
      auto pctx = c.NewContext();
      const grpc::Status got = c.ledger().GetInclusionProof(pctx.get(), req, &resp);
      EXPECT_TRUE(got.ok()) << i << ": " << got.error_message();
      std::vector<merkle::Hash> path;
      for (const std::string& h : resp.proof()) {
        merkle::Hash x{};
        std::copy(h.begin(), h.end(), x.begin());
        path.push_back(x);
      }
      EXPECT_TRUE(merkle::VerifyInclusion(i, cp->size, hashes[i], path, cp->root).ok()) << i;
    }
    return out;
  }

  v1::PlanDetail ShowPlan(const std::string& id) {
    RunResult r = ledgerd_->Ctl({"--json", "distribution", "show", id});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    v1::PlanDetail detail;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &detail).ok()) << r.out;
    return detail;
  }
};

TEST_F(IncomeE2E, VillageStationIncomePlannedAnnouncedPaidAndResulted) {
  ASSERT_NO_FATAL_FAILURE(LeasedStation(kPv));

  // 收益: 48,000.00 gross − 2,000.00 land rent − 1,000.00 operation = 45,000.00 net.
  Ok("cun1", {"income",   "record",    "--id",        "IN-1",      "--code",
              kPv,        "--from",    Day(-16),      "--to",      Day(-12),
              "--gross",  "48,000.00", "--land-rent", "2,000.00",  "--operation-cost",
              "1,000.00", "--owner",   Village(),     "--account", "大山村集体经济账户",
              "--kwh",    "300000",    "--date",      Day(-11)});
  RunResult csv = ledgerd_->Ctl({"income", "ledger", "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("收益编号,资产编号,", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("IN-1,DZ-PV-001,"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find(",45000.00,300000,"), std::string::npos) << csv.out;

  // Malformed allocations are refused before anything is sent.
  const std::vector<std::string> plan = {"distribution",   "plan",
                                         "--id",           "DP-1",
                                         "--owner",        Village(),
                                         "--from",         Day(-16),
                                         "--to",           Day(-12),
                                         "--income",       "IN-1",
                                         "--criteria",     "脱贫户和监测户中无劳动能力者",
                                         "--resolution",   "大山村决〔2026〕5号",
                                         "--meeting-date", Day(-10),
                                         "--attendance",   "35",
                                         "--for",          "33",
                                         "--against",      "1"};
  std::vector<std::string> bad_plan = plan;
  bad_plan.insert(bad_plan.end(), {"--allocation", "public_welfare_post_wages:36,000.00"});
  Usage("cun1", bad_plan, "<category>=<yuan>");
  // R23: a photovoltaic station's plan keeps 80 % of the net income for public-welfare work.
  std::vector<std::string> r23_plan = plan;
  r23_plan.insert(r23_plan.end(), {"--allocation", "public_welfare_post_wages=30,000.00",
                                   "--allocation", "small_public_works=12,000.00"});
  Rejected("cun1", r23_plan, "R23");
  std::vector<std::string> good_plan = plan;
  good_plan.insert(good_plan.end(), {"--allocation", "public_welfare_post_wages=36,000.00",
                                     "--allocation", "small_public_works=6,000.00"});
  Ok("cun1", good_plan);
  v1::PlanDetail d = ShowPlan("DP-1");
  EXPECT_EQ(d.stage(), v1::PLAN_STAGE_ADOPTED);
  EXPECT_EQ(d.plan().total_fen(), 4200000);

  Ok("xz", {"distribution", "review", "--id", "DP-1", "--approve", "--opinion", "同意", "--date",
            Day(-9)});
  EXPECT_EQ(ShowPlan("DP-1").stage(), v1::PLAN_STAGE_REVIEWED);
  Ok("xzj", {"distribution", "file", "--id", "DP-1", "--reference", "东乡振备〔2026〕7号", "--date",
             Day(-9)});
  EXPECT_EQ(ShowPlan("DP-1").stage(), v1::PLAN_STAGE_FILED);
  Ok("cun1", {"announce", "--id", "AN-1", "--subject", "distribution-plan", "--subject-id", "DP-1",
              "--channel", "village-board", "--notice-file", Path("plan-notice.pdf"), "--start",
              Day(-8), "--end", Day(-6)});

  // A malformed payment line is refused before anything is sent.
  Usage("cun1",
        {"distribution", "pay", "--id", "PAY-1", "--plan", "DP-1", "--line",
         "H-0001:post:3:3,000.00:BK-1", "--date", Day(-5)},
        "six fields");
  Usage("cun1",
        {"distribution", "pay", "--id", "PAY-1", "--plan", "DP-1", "--line",
         "H-0001:monthly:3:public_welfare_post_wages:3,000.00:BK-1", "--date", Day(-5)},
        "bad basis");
  // R20: not while the plan's notice runs.
  Rejected("cun1",
           {"distribution", "pay", "--allow-unregistered", "--id", "PAY-0", "--plan", "DP-1",
            "--line", "H-0001:post:3:public_welfare_post_wages:3,000.00:BK-0", "--date", Day(-7)},
           "R20");
  Ok("cun1", {"distribution", "pay", "--allow-unregistered", "--id", "PAY-1", "--plan", "DP-1",
              "--line", "H-0001:post:3:public_welfare_post_wages:3,000.00:BK-1", "--line",
              "H-0002:labour-days:10:small_public_works:1,000.00:BK-2", "--date", Day(-5)});
  // R19: no category pays more than its allocation.
  Rejected("cun1",
           {"distribution", "pay", "--allow-unregistered", "--id", "PAY-2", "--plan", "DP-1",
            "--line", "H-0003:post:3:public_welfare_post_wages:34,000.00:BK-3", "--date", Day(-4)},
           "R19");

  Ok("cun1", {"distribution", "result", "--plan", "DP-1", "--result-file", Path("result.pdf"),
              "--summary", "发放公益岗位工资和小型公益事业劳务 2 人", "--date", Day(-3)});
  // No payment after the result.
  Rejected("cun1",
           {"distribution", "pay", "--allow-unregistered", "--id", "PAY-3", "--plan", "DP-1",
            "--line", "H-0004:post:1:public_welfare_post_wages:1,000.00:BK-4", "--date", Day(-2)},
           "closed by its result");
  Ok("cun1", {"announce", "--id", "AN-2", "--subject", "distribution-result", "--subject-id",
              "DP-1", "--channel", "village-board", "--notice-file", Path("result-notice.pdf"),
              "--start", Day(-2), "--end", Day(5)});

  // The notice board: the result's notice in force (6 days left counting today), the plan's and
  // the project's before-notice past (the later ended first).
  RunResult board = ledgerd_->Ctl({"board", kVillage});
  ASSERT_EQ(board.exit_code, 0) << board.err;
  EXPECT_NE(board.out.find("AN-1"), std::string::npos) << board.out;
  EXPECT_NE(board.out.find("AN-2"), std::string::npos) << board.out;
  EXPECT_NE(board.out.find("收益分配方案"), std::string::npos) << board.out;
  EXPECT_NE(board.out.find("收益分配结果"), std::string::npos) << board.out;
  EXPECT_NE(board.out.find("公示中"), std::string::npos) << board.out;
  EXPECT_NE(board.out.find("已结束"), std::string::npos) << board.out;
  RunResult board_json = ledgerd_->Ctl({"--json", "board", kVillage});
  ASSERT_EQ(board_json.exit_code, 0) << board_json.err;
  v1::NoticeBoard nb;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(board_json.out, &nb).ok())
      << board_json.out;
  ASSERT_EQ(nb.in_force_size(), 1);
  EXPECT_EQ(nb.in_force(0).announcement().announcement_id(), "AN-2");
  EXPECT_EQ(nb.in_force(0).remaining_days(), 6);
  EXPECT_EQ(nb.in_force(0).amount_fen(), 400000);
  ASSERT_EQ(nb.past_size(), 2);
  EXPECT_EQ(nb.past(0).announcement().announcement_id(), "AN-1");
  EXPECT_EQ(nb.past(0).amount_fen(), 4200000);
  EXPECT_EQ(nb.past(1).announcement().announcement_id(), "N-P1");
  EXPECT_EQ(nb.past(1).announcement().subject_kind(), v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE);
  // Another village's board is empty; a bad division is refused by the server.
  RunResult other = ledgerd_->Ctl({"--json", "board", "341721001002"});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_EQ(other.out.find("AN-"), std::string::npos) << other.out;
  EXPECT_EQ(ledgerd_->Ctl({"board", "34172"}).exit_code, 1);

  // Every stage in the plan's JSON.
  d = ShowPlan("DP-1");
  EXPECT_EQ(d.stage(), v1::PLAN_STAGE_RESULTED);
  EXPECT_TRUE(d.needs_township_review());
  EXPECT_TRUE(d.review().approved());
  EXPECT_EQ(d.filing().filing_reference(), "东乡振备〔2026〕7号");
  ASSERT_EQ(d.announcements_size(), 2);
  EXPECT_EQ(d.announcements(0).announcement().subject_kind(),
            v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN);
  EXPECT_EQ(d.announcements(1).announcement().subject_kind(),
            v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT);
  ASSERT_EQ(d.payments_size(), 1);
  EXPECT_EQ(d.payments(0).payment().lines_size(), 2);
  EXPECT_EQ(d.payments(0).payment().lines(1).basis(), v1::DISTRIBUTION_BASIS_LABOUR_DAYS);
  EXPECT_EQ(d.paid_fen(), 400000);
  ASSERT_EQ(d.categories_size(), 2);
  EXPECT_EQ(d.categories(0).category(), "public_welfare_post_wages");
  EXPECT_EQ(d.categories(0).allocated_fen(), 3600000);
  EXPECT_EQ(d.categories(0).paid_fen(), 300000);
  EXPECT_EQ(d.categories(1).paid_fen(), 100000);
  EXPECT_EQ(d.result().date(), Day(-3));
  EXPECT_EQ(d.committed_fen(), 400000);
  EXPECT_GE(d.indexes_size(), 7);

  // R19 balance: what the plan did not pay returned to the owner.
  RunResult balance = ledgerd_->Ctl({"--json", "distribution", "balance", "--owner", Village()});
  ASSERT_EQ(balance.exit_code, 0) << balance.err;
  v1::OwnerBalance b;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(balance.out, &b).ok()) << balance.out;
  EXPECT_EQ(b.booked_fen(), 4500000);
  EXPECT_EQ(b.committed_open_fen(), 0);
  EXPECT_EQ(b.paid_fen(), 400000);
  EXPECT_EQ(b.available_fen(), 4100000);

  RunResult list = ledgerd_->Ctl({"distribution", "list", "--division", kTownship});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("DP-1"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("已公布结果"), std::string::npos) << list.out;
}

// The privacy registry with the real service: people registered by their village, paid under
// their pseudonymous references, shown on the public board with masked names, read only by the
// roles and scopes allowed; then one row is erased, and every leaf, proof, checkpoint and balance
// is exactly what it was (and ledgerd, restarted, replays and self-checks the log).
TEST_F(IncomeE2E, ErasingARegistryRowLeavesEveryProofAndBalance) {
  ASSERT_NO_FATAL_FAILURE(LeasedStation(kPv));
  // Two people of village 1, registered (and made eligible in the log) by its accountant.
  auto register_person = [&](const std::string& name, const std::string& id) {
    RunResult r = Ok(
        "cun1", {"--json", "registry", "add", "--village", kVillage, "--name", name, "--id-number",
                 id, "--bank-account", "6228480012345678901", "--phone", "13900001234",
                 "--eligible-from", Day(-30), "--basis", "大山村民主评议〔2026〕1号"});
    v1::RegistryPerson p;
    const std::string first_line = r.out.substr(0, r.out.find('\n'));
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(first_line, &p).ok()) << r.out;
    EXPECT_TRUE(p.created());
    EXPECT_EQ(p.ref().size(), 32u);
    return p.ref();
  };
  const std::string zhang = register_person("张三兵", "341721198001010012");
  const std::string li = register_person("李四", "341721197512310020");
  EXPECT_NE(zhang, li);
  // Reading and writing the registry: the village, its township and the finance bureau only.
  Ok("xz", {"registry", "show", zhang});
  RunResult fin_list = Ok("fin", {"registry", "list"});
  EXPECT_NE(fin_list.out.find("341721********0012"), std::string::npos) << fin_list.out;
  EXPECT_EQ(fin_list.out.find("341721198001010012"), std::string::npos) << fin_list.out;
  for (const char* outsider : {"cun2", "xzj", "admin"}) {
    RunResult r = As(outsider, {"registry", "show", zhang});
    EXPECT_EQ(r.exit_code, 1) << outsider << r.out;
    EXPECT_NE(r.err.find("PERMISSION_DENIED"), std::string::npos) << outsider << r.err;
  }
  Rejected("cun1",
           {"registry", "add", "--village", kVillage, "--name", "王五", "--id-number",
            "341721198001010015"},
           "check character is 5, expected 2");

  // Income, a plan paying both, its notices and result.
  Ok("cun1", {"income",   "record",    "--id",        "IN-1",      "--code",
              kPv,        "--from",    Day(-16),      "--to",      Day(-12),
              "--gross",  "48,000.00", "--land-rent", "2,000.00",  "--operation-cost",
              "1,000.00", "--owner",   Village(),     "--account", "大山村集体经济账户",
              "--kwh",    "300000",    "--date",      Day(-11)});
  Ok("cun1", {"distribution",   "plan",
              "--id",           "DP-1",
              "--owner",        Village(),
              "--from",         Day(-16),
              "--to",           Day(-12),
              "--income",       "IN-1",
              "--criteria",     "脱贫户和监测户",
              "--resolution",   "大山村决〔2026〕5号",
              "--meeting-date", Day(-10),
              "--attendance",   "35",
              "--for",          "33",
              "--allocation",   "public_welfare_post_wages=36,000.00",
              "--allocation",   "small_public_works=6,000.00"});
  Ok("xz", {"distribution", "review", "--id", "DP-1", "--approve", "--opinion", "同意", "--date",
            Day(-9)});
  Ok("xzj", {"distribution", "file", "--id", "DP-1", "--reference", "东乡振备〔2026〕7号", "--date",
             Day(-9)});
  Ok("cun1", {"announce", "--id", "AN-1", "--subject", "distribution-plan", "--subject-id", "DP-1",
              "--channel", "village-board", "--notice-file", Path("plan-notice.pdf"), "--start",
              Day(-8), "--end", Day(-6)});
  Ok("cun1", {"distribution", "pay", "--id", "PAY-1", "--plan", "DP-1", "--line",
              zhang + ":post:3:public_welfare_post_wages:3,000.00:BK-1", "--line",
              li + ":labour-days:10:small_public_works:1,000.00:BK-2", "--date", Day(-5)});
  Ok("cun1", {"distribution", "result", "--plan", "DP-1", "--result-file", Path("result.pdf"),
              "--summary", "发放 2 人", "--date", Day(-3)});
  Ok("cun1", {"announce", "--id", "AN-2", "--subject", "distribution-result", "--subject-id",
              "DP-1", "--channel", "village-board", "--notice-file", Path("result-notice.pdf"),
              "--start", Day(-2), "--end", Day(5)});

  // The public board: masked names, never a full name, identity number or account.
  RunResult board = ledgerd_->Ctl({"board", kVillage});
  ASSERT_EQ(board.exit_code, 0) << board.err;
  EXPECT_NE(board.out.find("张*兵"), std::string::npos) << board.out;
  EXPECT_NE(board.out.find("李*"), std::string::npos) << board.out;
  for (const char* secret : {"张三兵", "李四", "341721198001010012", "6228480012345678901"}) {
    EXPECT_EQ(board.out.find(secret), std::string::npos) << secret << board.out;
  }
  RunResult board_json = ledgerd_->Ctl({"--json", "board", kVillage});
  v1::NoticeBoard nb;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(board_json.out, &nb).ok());
  ASSERT_EQ(nb.in_force_size(), 1);
  ASSERT_EQ(nb.in_force(0).lines_size(), 2);
  EXPECT_EQ(nb.in_force(0).lines(0).masked_name(), "张*兵");
  EXPECT_EQ(nb.in_force(0).lines(0).beneficiary_ref(), zhang);
  EXPECT_EQ(nb.in_force(0).lines(0).amount_fen(), 300000);
  EXPECT_EQ(nb.in_force(0).lines(1).masked_name(), "李*");

  // What must not change: the leaves, the checkpoint, and every figure the services report.
  auto figures = [&] {
    std::vector<std::string> out;
    for (std::vector<std::string> args :
         {std::vector<std::string>{"--json", "distribution", "balance", "--owner", Village()},
          {"--json", "distribution", "show", "DP-1"},
          {"--json", "fund", "balance"},
          {"--json", "asset", "totals"},
          {"income", "ledger", "--csv"},
          {"--json", "log", "info"}}) {
      RunResult r = ledgerd_->Ctl(args);
      EXPECT_EQ(r.exit_code, 0) << r.err;
      out.push_back(r.out);
    }
    return out;
  };
  const std::vector<std::string> before = figures();
  const VerifiedLog log_before = VerifyWholeLog();
  ASSERT_GT(log_before.leaves.size(), 30u);
  // The log holds the references only: no name, identity number or account in any entry.
  for (const std::string& leaf : log_before.leaves) {
    for (const char* secret : {"张三兵", "李四", "341721198001010012", "6228480012345678901"}) {
      EXPECT_EQ(leaf.find(secret), std::string::npos) << secret;
    }
  }

  RunResult erased = Ok("fin", {"registry", "erase", "--id-number", "341721198001010012"});
  EXPECT_NE(erased.out.find(zhang), std::string::npos) << erased.out;
  RunResult shown = Ok("cun1", {"--json", "registry", "show", zhang});
  v1::RegistryPerson tomb;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(shown.out, &tomb).ok()) << shown.out;
  EXPECT_TRUE(tomb.erased());
  EXPECT_EQ(tomb.name(), "");
  EXPECT_EQ(tomb.id_number(), "");
  EXPECT_EQ(tomb.bank_account(), "");
  EXPECT_EQ(tomb.erased_by(), "fin");

  // ledgerd replays and self-checks the whole log on start.
  ASSERT_TRUE(ledgerd_->Restart().ok()) << ledgerd_->Stderr();
  const VerifiedLog log_after = VerifyWholeLog();
  EXPECT_EQ(log_after.leaves, log_before.leaves);
  EXPECT_EQ(log_after.checkpoint, log_before.checkpoint);
  EXPECT_EQ(figures(), before);

  // The board still shows the payment, now without a name.
  board_json = ledgerd_->Ctl({"--json", "board", kVillage});
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(board_json.out, &nb).ok());
  ASSERT_EQ(nb.in_force(0).lines_size(), 2);
  EXPECT_EQ(nb.in_force(0).lines(0).masked_name(), "");
  EXPECT_EQ(nb.in_force(0).lines(0).amount_fen(), 300000);
  EXPECT_EQ(nb.in_force(0).lines(1).masked_name(), "李*");
  EXPECT_TRUE(nb.in_force(0).lines(0).erased());
  board = ledgerd_->Ctl({"board", kVillage});
  EXPECT_NE(board.out.find("（已删除）"), std::string::npos) << board.out;
  EXPECT_EQ(board.out.find("张*兵"), std::string::npos) << board.out;
  // An erased person's identity number leads nowhere, not even to the reference.
  RunResult by_id = As("cun1", {"registry", "show", "--id-number", "341721198001010012"});
  EXPECT_EQ(by_id.exit_code, 1) << by_id.out;
  EXPECT_NE(by_id.err.find("not registered in the villages of 341721001001"), std::string::npos)
      << by_id.err;
  EXPECT_EQ(by_id.err.find(zhang), std::string::npos) << by_id.err;

  // Payments name registered people only: a mistyped or erased reference is refused before
  // anything is signed (and the log is unchanged).
  std::string typo = li;
  typo[0] = typo[0] == 'a' ? 'b' : 'a';
  for (const auto& [ref, why] : {std::pair{typo, std::string("is not in the privacy registry")},
                                 {zhang, std::string("was erased from the privacy registry")}}) {
    RunResult r = As("cun1", {"distribution", "pay", "--id", "PAY-9", "--plan", "DP-1", "--line",
                              ref + ":post:1:public_welfare_post_wages:1.00:BK-9"});
    EXPECT_EQ(r.exit_code, 64) << r.out << r.err;
    EXPECT_NE(r.err.find("--line 1: beneficiary " + ref + " " + why), std::string::npos) << r.err;
  }
  // Personal data in a free-text field of the log is refused by the server (L-PRIVACY).
  Rejected("cun1",
           {"registry", "status", li, "--status", "removed", "--effective", Day(0), "--basis",
            "李四 身份证341721197512310020 迁出"},
           "L-PRIVACY");
}

TEST_F(IncomeE2E, FlatEqualCashAndIdleIncomeAreFindings) {
  ASSERT_NO_FATAL_FAILURE(LeasedStation(kPv));
  // Not a rejection: three households get 2,000.00 each for one share, nothing tied to work.
  ASSERT_NO_FATAL_FAILURE(FlatEqualCashPlan(kPv));

  RunResult table = ledgerd_->Ctl({"distribution", "findings"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("as of " + Day(0) + ": 1\n"), std::string::npos) << table.out;
  const size_t r22_line = table.out.find("\nR22 ");
  ASSERT_NE(r22_line, std::string::npos) << table.out;
  const size_t line_end = table.out.find('\n', r22_line + 1);
  const std::string line = table.out.substr(r22_line + 1, line_end - r22_line - 1);
  for (std::string_view cell :
       {"违反相关规定", "DP-2", "6,000.00 yuan",
        "paid each of its 3 beneficiaries the same 2,000.00 yuan for 1 share"}) {
    EXPECT_NE(line.find(cell), std::string::npos) << cell << " in " << table.out;
  }

  RunResult json = ledgerd_->Ctl({"--json", "distribution", "findings"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  v1::ListFindingsResponse findings;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &findings).ok()) << json.out;
  EXPECT_EQ(findings.date(), Day(0));
  EXPECT_EQ(findings.idle_income_months(), 12u);
  ASSERT_EQ(findings.findings_size(), 1);
  const v1::Finding& r22 = findings.findings(0);
  EXPECT_EQ(r22.rule(), "R22");
  EXPECT_EQ(r22.subject(), "DP-2");
  EXPECT_EQ(r22.owner().division(), kVillage);
  EXPECT_EQ(r22.amount_fen(), 600000);
  EXPECT_EQ(r22.flat_equal_cash().beneficiaries(), 3u);
  EXPECT_EQ(r22.flat_equal_cash().shares_each(), 1u);
  EXPECT_EQ(r22.flat_equal_cash().amount_each_fen(), 200000);
  const v1::PlanDetail plan = ShowPlan("DP-2");
  ASSERT_EQ(plan.payments_size(), 1);
  EXPECT_EQ(r22.indexes_size(), 2);
  EXPECT_EQ(r22.indexes(0), plan.adopted_at());
  EXPECT_EQ(r22.indexes(1), plan.payments(0).index());

  // R25: a year and more later the rest of IN-1 (48,000.00 − 6,000.00) lies idle.
  const std::string later = Day(400);
  RunResult csv = ledgerd_->Ctl({"distribution", "findings", "--date", later, "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("规则,审计类别,对象,金额(元),说明,证据索引\n", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("\nR22,违反相关规定,DP-2,6000.00,"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("\nR25,长期挂账未处理," + Village() + ",42000.00,"), std::string::npos)
      << csv.out;

  // Filters: another village has none; one rule; a malformed date or rule is refused.
  RunResult other = ledgerd_->Ctl(
      {"--json", "distribution", "findings", "--division", "341721001002", "--date", later});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_EQ(other.out.find("R2"), std::string::npos) << other.out;
  RunResult idle = ledgerd_->Ctl(
      {"distribution", "findings", "--date", later, "--division", kTownship, "--rule", "R25"});
  ASSERT_EQ(idle.exit_code, 0) << idle.err;
  EXPECT_NE(idle.out.find("\nR25 "), std::string::npos) << idle.out;
  EXPECT_EQ(idle.out.find("\nR22 "), std::string::npos) << idle.out;
  RunResult bad_rule = ledgerd_->Ctl({"distribution", "findings", "--rule", "R21"});
  EXPECT_EQ(bad_rule.exit_code, 1) << bad_rule.out;
  EXPECT_NE(bad_rule.err.find("unknown rule \"R21\""), std::string::npos) << bad_rule.err;
  RunResult bad = ledgerd_->Ctl({"distribution", "findings", "--date", "2026-02-30"});
  EXPECT_EQ(bad.exit_code, 1) << bad.out;
  EXPECT_NE(bad.err.find("not a valid YYYY-MM-DD date"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace ledger::testing
