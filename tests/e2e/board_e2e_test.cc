// The public notice board (ledgerd --http) end to end: the real ledgerd serves a small year of
// the seeds' photovoltaic scenario (pv_year_e2e.h: stations, the privacy registry's people,
// income, village and county distribution plans with payments, results and notices), and the test
// reads every page, print view and JSON endpoint over HTTP with cpp-httplib's client, as a
// browser would:
//
//   - each record on a page names a log index whose leaf, fetched from /api/v1/leaf, is in the
//     signed checkpoint (/api/v1/checkpoint, verified with the verifier key the page prints) by
//     the inclusion proof of /api/v1/inclusion, checked with the project's own verifier
//     (ledger/merkle, ledger/note); its payload type is the one the page says, and every figure
//     (data-ledger-field/value/type) is what the leaf's payload holds at that field path;
//   - a consistency proof links the checkpoint before the year to the one after it;
//   - result lines carry the beneficiaries' masked names (张*国), and no response of any kind
//     contains a registered name, identity number or bank account;
//   - the county page charts the year's spending progress and the asset totals; print views carry
//     the hotline, the notice period and a QR code of their absolute URL;
//   - bad parameters get 400, unknown logs and indexes 404, other methods 405.

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/unknown_field_set.h"
#include "ledger/crypto/sha256.h"
#include "ledger/envelope/envelope.h"
#include "ledger/envelope/leaf.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/verify.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/keys.h"
#include "ledger/registry/person.h"
#include "ledger/storage/pg/admin.h"
#include "ledger/util/base64.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/pv_year_e2e.h"

namespace ledger::testing {
namespace {

constexpr char kLog[] = "log=ledger.example.org%2F341721";

std::string Unescape(std::string s) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
      s.replace(at, from.size(), to);
    }
  }
  return s;
}

// A verifiable record of a page: its index, payload type and figures (path, value, type).
struct Figure {
  std::string path, value, type;
};
struct Record {
  uint64_t index = 0;
  std::string payload_type;
  std::vector<Figure> figures;
  int badges = 0;
};

// The records of a page in document order; a record's figures are those up to the next record
// (the board never nests records).
std::vector<Record> RecordsOf(const std::string& html) {
  static const std::regex kRecord(
      R"re(data-ledger-index="(\d+)" data-ledger-payload-type="([^"]*)")re");
  static const std::regex kFigure(
      R"re(data-ledger-field="([^"]*)" data-ledger-value="([^"]*)"( data-ledger-type="([^"]*)")?)re");
  std::vector<Record> out;
  std::vector<size_t> starts;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kRecord);
       it != std::sregex_iterator(); ++it) {
    Record r;
    r.index = std::stoull((*it)[1].str());
    r.payload_type = Unescape((*it)[2].str());
    out.push_back(std::move(r));
    starts.push_back(it->position());
  }
  for (size_t i = 0; i < out.size(); ++i) {
    const size_t end = i + 1 < starts.size() ? starts[i + 1] : html.size();
    const std::string part = html.substr(starts[i], end - starts[i]);
    for (auto it = std::sregex_iterator(part.begin(), part.end(), kFigure);
         it != std::sregex_iterator(); ++it) {
      out[i].figures.push_back(Figure{Unescape((*it)[1].str()), Unescape((*it)[2].str()),
                                      (*it)[4].matched ? (*it)[4].str() : "string"});
    }
    for (size_t at = part.find("data-ledger-badge"); at != std::string::npos;
         at = part.find("data-ledger-badge", at + 1)) {
      ++out[i].badges;
    }
  }
  return out;
}

// The value at a figure path ("7[2].3": field 3 of the third field-7 message) of a protobuf
// payload, as docs/FORMATS.md §22.3 says the browser reads it; an error names what is missing.
absl::StatusOr<std::string> ValueAt(const std::string& payload, const std::string& path,
                                    const std::string& type) {
  google::protobuf::UnknownFieldSet fields;
  if (!fields.ParseFromString(payload)) return absl::InvalidArgumentError("payload does not parse");
  const std::vector<std::string> segments = absl::StrSplit(path, '.');
  for (size_t s = 0; s < segments.size(); ++s) {
    int number = 0, occurrence = 0;
    const std::string& seg = segments[s];
    const size_t bracket = seg.find('[');
    if (!absl::SimpleAtoi(seg.substr(0, bracket), &number)) {
      return absl::InvalidArgumentError(absl::StrCat("bad path ", path));
    }
    if (bracket != std::string::npos) {
      occurrence = std::stoi(seg.substr(bracket + 1, seg.size() - bracket - 2));
    }
    const google::protobuf::UnknownField* found = nullptr;
    int seen = 0;
    for (int i = 0; i < fields.field_count(); ++i) {
      if (fields.field(i).number() == number && seen++ == occurrence) {
        found = &fields.field(i);
        break;
      }
    }
    const bool last = s + 1 == segments.size();
    if (found == nullptr) {
      if (!last) return absl::NotFoundError(absl::StrCat("no message at ", seg, " of ", path));
      return std::string(type == "string" || type == "bytes" ? "" : "0");
    }
    if (!last) {
      google::protobuf::UnknownFieldSet inner;
      if (found->type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED ||
          !inner.ParseFromString(found->length_delimited())) {
        return absl::InvalidArgumentError(absl::StrCat(seg, " of ", path, " is no message"));
      }
      fields.Clear();
      fields.MergeFrom(inner);
      continue;
    }
    if (type == "int") return absl::StrCat(static_cast<int64_t>(found->varint()));
    if (type == "uint") return absl::StrCat(found->varint());
    if (type == "bytes") return crypto::ToHex(found->length_delimited());
    return found->length_delimited();
  }
  return absl::InvalidArgumentError("empty path");
}

class BoardE2E : public PvYearE2E {
 protected:
  // Scoped reads, the default of a real deployment: the public (every HTTP client) reads the
  // board's records, checkpoints and proofs, and no other leaf.
  std::vector<std::string> LedgerdFlags() const override {
    return {"--http=127.0.0.1:0", "--read-access=scoped"};
  }

  void SetUp() override {
    PvYearE2E::SetUp();
    if (HasFatalFailure()) return;
    static const std::regex kListening(R"(notice board on http://127\.0\.0\.1:(\d+)/)");
    std::smatch m;
    const std::string log = ledgerd_->Stderr();
    ASSERT_TRUE(std::regex_search(log, m, kListening)) << log;
    port_ = std::stoi(m[1].str());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(60, 0);
  }

  // GET `path`, expecting `status`; every body is kept for the privacy check.
  std::string Get(const std::string& path, int status = 200) {
    httplib::Result r = client_->Get(path.c_str());
    EXPECT_TRUE(r) << path << ": " << httplib::to_string(r.error());
    if (!r) return "";
    EXPECT_EQ(r->status, status) << path << "\n" << r->body.substr(0, 2000);
    bodies_[path] = r->body;
    return r->body;
  }
  nlohmann::json GetJson(const std::string& path, int status = 200) {
    std::string body = Get(path, status);
    nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(j.is_discarded()) << path << ": " << body;
    return j;
  }

  // Verifies a record as the browser does: leaf and inclusion proof at the checkpoint, payload
  // type, every figure.
  void VerifyRecord(const Record& r, const note::Checkpoint& checkpoint) {
    SCOPED_TRACE(absl::StrCat("record #", r.index, " ", r.payload_type));
    EXPECT_EQ(r.badges, 1);
    nlohmann::json leaf_json = GetJson(absl::StrCat("/api/v1/leaf?", kLog, "&index=", r.index));
    std::string leaf;
    ASSERT_TRUE(Base64DecodeStrict(leaf_json.at("leaf").get<std::string>(), &leaf));
    nlohmann::json inclusion = GetJson(
        absl::StrCat("/api/v1/inclusion?", kLog, "&index=", r.index, "&size=", checkpoint.size));
    std::vector<merkle::Hash> path;
    for (const auto& h : inclusion.at("hashes")) {
      std::string bytes;
      ASSERT_TRUE(Base64DecodeStrict(h.get<std::string>(), &bytes));
      absl::StatusOr<merkle::Hash> hash = merkle::HashFromBytes(bytes);
      ASSERT_TRUE(hash.ok()) << hash.status();
      path.push_back(*hash);
    }
    EXPECT_TRUE(merkle::VerifyInclusion(r.index, checkpoint.size, merkle::LeafHash(leaf), path,
                                        checkpoint.root)
                    .ok());
    absl::StatusOr<envelope::Leaf> decoded = envelope::DecodeLeaf(leaf);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    absl::StatusOr<envelope::Envelope> env = envelope::DecodeEnvelope(decoded->envelope_bytes);
    ASSERT_TRUE(env.ok()) << env.status();
    EXPECT_EQ(env->payload_type, r.payload_type);
    for (const Figure& f : r.figures) {
      absl::StatusOr<std::string> value = ValueAt(env->payload, f.path, f.type);
      ASSERT_TRUE(value.ok()) << f.path << ": " << value.status();
      EXPECT_EQ(*value, f.value) << "field " << f.path << " (" << f.type << ")";
    }
    ++verified_;
  }

  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
  std::map<std::string, std::string> bodies_;
  int verified_ = 0;
};

TEST_F(BoardE2E, PagesShowTheYearWithVerifiableRecordsAndNoPersonalData) {
  // The checkpoint before the year, to ask for a consistency proof from it later.
  nlohmann::json before = GetJson(absl::StrCat("/api/v1/checkpoint?", kLog));
  const uint64_t size_before = before.at("size").get<uint64_t>();
  const PvYearSize size{.villages = 2, .village_posts = 2, .households = 4, .county_posts = 2};
  PvYearPeople people;
  ASSERT_NO_FATAL_FAILURE(people = PlayYear(size));

  // The checkpoint, verified with the key the pages print.
  const std::string village1 =
      Get(absl::StrCat("/village?", kLog, "&division=", VillageCode(1), "&date=2026-08-10"));
  static const std::regex kVkey(R"re(<meta name="ledger-vkey" content="([^"]+)">)re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(village1, m, kVkey)) << village1.substr(0, 1000);
  EXPECT_NE(village1.find(R"(<meta name="ledger-origin" content="ledger.example.org/341721">)"),
            std::string::npos);
  EXPECT_NE(village1.find(R"(<script src="/static/board.js" defer></script>)"), std::string::npos);
  EXPECT_NE(village1.find(absl::StrCat("<code class=\"vkey\">", m[1].str(), "</code>")),
            std::string::npos);  // printed for people too
  EXPECT_EQ(m[1].str(), VerifierKey());
  absl::StatusOr<note::NoteVerifier> log_key = note::NoteVerifier::Parse(m[1].str());
  ASSERT_TRUE(log_key.ok()) << log_key.status();
  nlohmann::json cp_json = GetJson(absl::StrCat("/api/v1/checkpoint?", kLog));
  absl::StatusOr<note::Checkpoint> checkpoint =
      note::OpenCheckpoint(cp_json.at("note").get<std::string>(), *log_key);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status();
  EXPECT_EQ(checkpoint->size, cp_json.at("size").get<uint64_t>());
  EXPECT_EQ(checkpoint->size, TreeSize());
  EXPECT_EQ(Base64Encode(crypto::AsStringView(checkpoint->root)),
            cp_json.at("root_hash").get<std::string>());

  // The log grew consistently from the checkpoint before the year.
  nlohmann::json consistency = GetJson(
      absl::StrCat("/api/v1/consistency?", kLog, "&from=", size_before, "&to=", checkpoint->size));
  std::vector<merkle::Hash> proof;
  for (const auto& h : consistency.at("hashes")) {
    std::string bytes;
    ASSERT_TRUE(Base64DecodeStrict(h.get<std::string>(), &bytes));
    proof.push_back(*merkle::HashFromBytes(bytes));
  }
  std::string root_before;
  ASSERT_TRUE(Base64DecodeStrict(before.at("root_hash").get<std::string>(), &root_before));
  EXPECT_TRUE(merkle::VerifyConsistency(size_before, checkpoint->size,
                                        *merkle::HashFromBytes(root_before), checkpoint->root,
                                        proof)
                  .ok());

  // Village 1 on 2026-08-10: its own result and the county's in force, with the lines' masked
  // names; the plans' notices and the project's before-notice past; its station with its owner,
  // operator and income.
  const size_t in_force = village1.find("<section id=\"in-force\">");
  const size_t past = village1.find("<section id=\"past\">");
  const size_t assets = village1.find("<section id=\"assets\">");
  ASSERT_TRUE(in_force != std::string::npos && past != std::string::npos &&
              assets != std::string::npos);
  const std::string in_force_html = village1.substr(in_force, past - in_force);
  EXPECT_NE(in_force_html.find("正在公示（2）"), std::string::npos);
  EXPECT_NE(in_force_html.find(R"(data-ledger-field="4" data-ledger-value="DP-1")"),
            std::string::npos);
  EXPECT_NE(in_force_html.find(R"(data-ledger-field="4" data-ledger-value="DP-JZ")"),
            std::string::npos);
  EXPECT_NE(in_force_html.find("剩余 6 天"), std::string::npos);  // 08-10 .. 08-15
  for (int n : {0, 1}) {  // village 1's post holders are persons 0 and 1
    EXPECT_NE(in_force_html.find(
                  absl::StrCat("<td class=\"name\">", registry::MaskName(Name(n)), "</td>")),
              std::string::npos)
        << registry::MaskName(Name(n));
  }
  for (int i = 0; i < size.households; ++i) {  // the county's lines are on every village board
    const int n = size.villages * size.village_posts + i;
    EXPECT_NE(in_force_html.find(registry::MaskName(Name(n))), std::string::npos) << Name(n);
  }
  EXPECT_NE(village1.find("往期公示（3）"), std::string::npos);
  const std::string assets_html = village1.substr(assets);
  EXPECT_NE(assets_html.find(absl::StrCat("data-ledger-value=\"PV-", VillageCode(1), "\"")),
            std::string::npos);
  EXPECT_NE(assets_html.find("1号村股份经济合作社"), std::string::npos);  // owner
  EXPECT_NE(assets_html.find("某光伏运维公司"), std::string::npos);       // operator
  EXPECT_NE(assets_html.find(R"(data-ledger-field="10" data-ledger-value="5625000")"),
            std::string::npos);  // the year's net income
  EXPECT_NE(assets_html.find("56,250.00 元"), std::string::npos);

  // The other pages.
  const std::string index = Get("/");
  EXPECT_NE(index.find("/county?log=ledger.example.org%2F341721"), std::string::npos);
  const std::string county = Get(absl::StrCat("/county?", kLog));
  EXPECT_NE(county.find(absl::StrCat("/township?", kLog, "&amp;division=", kTownship)),
            std::string::npos);
  EXPECT_NE(county.find("尧渡镇人民政府"), std::string::npos);
  // 2025 (the year of the only receipt): 10,800,000.00 of 15,000,000.00 paid in June, 72 %.
  EXPECT_NE(county.find("支出进度（2025 年）"), std::string::npos);
  EXPECT_NE(county.find("10,800,000.00 元"), std::string::npos);
  EXPECT_NE(county.find("72.00%"), std::string::npos);
  // Two village stations of 300,000.00 and the centralized one of 8,000,000.00.
  EXPECT_NE(county.find("共 3 项，原值 8,600,000.00 元"), std::string::npos);
  int charts = 0;
  for (size_t at = county.find("<svg class=\"chart\""); at != std::string::npos;
       at = county.find("<svg class=\"chart\"", at + 1)) {
    ++charts;
  }
  EXPECT_EQ(charts, 4);  // progress by month and by source, assets by class and by township
  EXPECT_EQ(county.find("<script>"), std::string::npos);
  EXPECT_EQ(county.find("https://"), std::string::npos);  // no external resource
  const std::string empty_year = Get(absl::StrCat("/county?", kLog, "&year=2030"));
  EXPECT_NE(empty_year.find("2030 年没有到位资金"), std::string::npos);
  const std::string township = Get(absl::StrCat("/township?", kLog, "&division=", kTownship));
  for (int v = 1; v <= size.villages; ++v) {
    EXPECT_NE(township.find(VillageCode(v)), std::string::npos);
  }
  const std::string village2 =
      Get(absl::StrCat("/village?", kLog, "&division=", VillageCode(2), "&date=2026-08-10"));
  const std::string village1_today =
      Get(absl::StrCat("/village?", kLog, "&division=", VillageCode(1)));
  EXPECT_NE(village1_today.find("正在公示（0）"), std::string::npos);
  const std::string county_board =
      Get(absl::StrCat("/village?", kLog, "&division=341721&date=2026-08-10"));

  // Every record of every board verifies against the signed log.
  std::set<uint64_t> notices;
  static const std::regex kNotice(R"re(<article class="notice[^"]*" id="n(\d+)">)re");
  for (const std::string* page : {&village1, &village2, &village1_today, &county_board}) {
    for (const Record& r : RecordsOf(*page)) {
      ASSERT_NO_FATAL_FAILURE(VerifyRecord(r, *checkpoint));
    }
    for (auto it = std::sregex_iterator(page->begin(), page->end(), kNotice);
         it != std::sregex_iterator(); ++it) {
      notices.insert(std::stoull((*it)[1].str()));
    }
  }
  EXPECT_GT(verified_, 40);
  // The plan and result notices of both villages and the county, the project's before-notice.
  EXPECT_EQ(notices.size(), 7u);

  // The print view of every notice: A4 sheet with the period, the hotline and a QR code of its
  // own absolute URL (from the Host header), and the same verifiable records.
  for (uint64_t n : notices) {
    const std::string path = absl::StrCat("/notice?", kLog, "&index=", n);
    const std::string sheet = Get(path);
    EXPECT_NE(sheet.find("<body class=\"print\">"), std::string::npos);
    EXPECT_NE(sheet.find("12317"), std::string::npos);
    EXPECT_NE(sheet.find("<svg class=\"qr\""), std::string::npos);
    EXPECT_NE(
        sheet.find(absl::StrCat("http://127.0.0.1:", port_, "/notice?", kLog, "&amp;index=", n)),
        std::string::npos);  // the URL printed under the code, HTML-escaped
    for (const Record& r : RecordsOf(sheet)) ASSERT_NO_FATAL_FAILURE(VerifyRecord(r, *checkpoint));
  }
  const std::string result_sheet = Get(absl::StrCat(
      "/notice?", kLog, "&index=", *std::find_if(notices.begin(), notices.end(), [&](uint64_t n) {
        return bodies_[absl::StrCat("/notice?", kLog, "&index=", n)].find("DP-JZ</span>") !=
                   std::string::npos &&
               bodies_[absl::StrCat("/notice?", kLog, "&index=", n)].find("收益分配结果") !=
                   std::string::npos;
      })));
  EXPECT_NE(result_sheet.find("2026-08-06 至 2026-08-15（共 10 天）"), std::string::npos);

  // The stylesheet, embedded at build time.
  httplib::Result css = client_->Get("/static/board.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Type"), "text/css; charset=utf-8");

  // Precise errors.
  for (const auto& [path, status] : std::vector<std::pair<std::string, int>>{
           {"/api/v1/leaf?log=ledger.example.org%2F341721", 400},
           {"/api/v1/leaf?log=ledger.example.org%2F341721&index=01", 400},
           {"/api/v1/leaf?log=ledger.example.org%2F341721&index=-1", 400},
           {"/api/v1/leaf?index=0", 400},
           {"/api/v1/consistency?log=ledger.example.org%2F341721&from=5&to=4", 400},
           {"/api/v1/leaf?log=ledger.example.org%2F999999&index=0", 404},
           // Genesis is in the log but on no board: not a leaf the public reads (scoped reads).
           {absl::StrCat("/api/v1/leaf?", kLog, "&index=0"), 404},
           {absl::StrCat("/api/v1/leaf?", kLog, "&index=", checkpoint->size), 404},
           {absl::StrCat("/api/v1/inclusion?", kLog, "&index=0&size=", checkpoint->size + 1), 404},
           {absl::StrCat("/api/v1/inclusion?", kLog, "&index=5&size=5"), 404},
           {"/village?log=ledger.example.org%2F341721&division=999", 400},
           {"/village?log=ledger.example.org%2F341721&division=341721001001&date=2026-02-30", 400},
           {"/notice?log=ledger.example.org%2F341721&index=0", 404},  // Genesis: no announcement
           {"/county?log=nope", 404},
           {"/static/missing.js", 404},
           {"/nothing-here", 404},
       }) {
    std::string body = Get(path, status);
    if (path.rfind("/api/", 0) == 0) {
      EXPECT_NE(body.find("{\"error\":"), std::string::npos) << path << body;
    }
  }
  httplib::Result post = client_->Post("/api/v1/checkpoint", "x", "text/plain");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD");

  // No response of any kind carries personal data: no registered name, identity number or bank
  // account; the pages show no beneficiary reference either (only masked names).
  ASSERT_GT(people.count, 10);
  for (const auto& [path, body] : bodies_) {
    for (int n = 0; n < people.count; ++n) {
      ASSERT_EQ(body.find(Name(n)), std::string::npos) << Name(n) << " in " << path;
      ASSERT_EQ(body.find(IdNumber(n)), std::string::npos) << IdNumber(n) << " in " << path;
      ASSERT_EQ(body.find(absl::StrFormat("62284800%011d", n)), std::string::npos) << path;
    }
    if (path.rfind("/api/", 0) == 0) continue;
    for (const std::vector<std::string>* refs : {&people.households, &people.county_posts}) {
      for (const std::string& ref : *refs) {
        ASSERT_EQ(body.find(ref), std::string::npos) << ref << " in " << path;
      }
    }
  }
}

// The acceptance of the board in a real browser: Debian's headless Chromium, driven by
// tests/browser/check_board.mjs (playwright-core from tests/browser/node_modules, installed by
// scripts/test.sh), opens the village board and a print view served by this ledgerd; web/static/
// board.js must turn every badge green. Then one payment's leaf is changed in PostgreSQL behind
// ledgerd's back: exactly the records of that entry turn red, with the reason. Screenshots go to
// <build>/browser/. Skipped when node, Chromium or the npm modules are missing.
TEST_F(BoardE2E, BadgesTurnGreenInChromiumAndRedOverATamperedLeaf) {
  const std::string script = std::string(LEDGER_SOURCE_DIR) + "/tests/browser/check_board.mjs";
  const std::string modules =
      std::string(LEDGER_SOURCE_DIR) + "/tests/browser/node_modules/playwright-core";
  if (!std::filesystem::exists("/usr/bin/node") || !std::filesystem::exists("/usr/bin/chromium") ||
      !std::filesystem::exists(modules)) {
    GTEST_SKIP() << "needs /usr/bin/node, /usr/bin/chromium and " << modules
                 << " (scripts/test.sh installs them)";
  }
  const PvYearSize size{.villages = 2, .village_posts = 2, .households = 2, .county_posts = 1};
  ASSERT_NO_FATAL_FAILURE(PlayYear(size));
  const std::string shots = std::string(LEDGER_BINARY_DIR) + "/browser";
  std::filesystem::create_directories(shots);
  const std::string base = absl::StrCat("http://127.0.0.1:", port_);
  const std::string village =
      absl::StrCat(base, "/village?", kLog, "&division=", VillageCode(1), "&date=2026-08-10");
  const std::string page =
      Get(absl::StrCat("/village?", kLog, "&division=", VillageCode(1), "&date=2026-08-10"));
  const std::vector<Record> records = RecordsOf(page);
  ASSERT_GT(records.size(), 10u);
  auto check = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/node", script});
    RunResult r = RunToCompletion(args, ledgerd_->dir(), std::chrono::seconds(120));
    return r;
  };
  RunResult green = check({village, "--screenshot", shots + "/board-village.png"});
  EXPECT_EQ(green.exit_code, 0) << green.out << green.err;
  EXPECT_NE(green.out.find("green"), std::string::npos) << green.out;
  EXPECT_EQ(green.out.find("red"), std::string::npos) << green.out;
  // The print view of the village's result notice (the first record on the board).
  RunResult sheet = check({absl::StrCat(base, "/notice?", kLog, "&index=", records[0].index),
                           "--screenshot", shots + "/board-print.png"});
  EXPECT_EQ(sheet.exit_code, 0) << sheet.out << sheet.err;

  // One payment's leaf changed behind ledgerd's back: its lines turn red, nothing else.
  uint64_t payment = 0;
  for (const Record& r : records) {
    if (r.payload_type == "ledger.v1.DistributionPayment") {
      payment = r.index;
      break;
    }
  }
  ASSERT_GT(payment, 0u);
  absl::Status tampered = storage::pg::ExecuteSql(
      ledgerd_->db_conninfo(),
      absl::StrCat("SET LOCAL session_replication_role = replica;\n"
                   "UPDATE entries SET leaf = set_byte(leaf, 40, get_byte(leaf, 40) # 1) "
                   "WHERE log_id = (SELECT log_id FROM logs WHERE origin = "
                   "'ledger.example.org/341721') AND idx = ",
                   payment));
  ASSERT_TRUE(tampered.ok()) << tampered;
  RunResult red = check({village, "--expect-red", absl::StrCat(payment), "--screenshot",
                         shots + "/board-village-tampered.png"});
  EXPECT_EQ(red.exit_code, 0) << red.out << red.err;
  EXPECT_NE(red.out.find("red"), std::string::npos) << red.out;
}

// The board is off by default, plaintext only on loopback unless allowed, and its flags are
// checked before anything starts (exit 64 with the reason).
TEST(BoardFlagsE2E, RefusesANonLoopbackAddressAndABadPublicUrl) {
  TempDir dir;
  RunResult help = RunToCompletion({LEDGERD_PATH, "--help"}, dir.path());
  for (const char* flag : {"--http", "--http-public-url", "--allow-http-nonloopback"}) {
    EXPECT_NE(help.out.find(flag), std::string::npos) << flag;
  }
  const std::string db = "--db=embedded:" + dir.path() + "/pg";
  RunResult open = RunToCompletion({LEDGERD_PATH, db, "--http=0.0.0.0:0"}, dir.path());
  EXPECT_EQ(open.exit_code, 64) << open.err;
  EXPECT_NE(open.err.find("refusing to serve the HTTP notice board on 0.0.0.0:0"),
            std::string::npos)
      << open.err;
  RunResult url = RunToCompletion(
      {LEDGERD_PATH, db, "--http=127.0.0.1:0", "--http-public-url=board.example.org"}, dir.path());
  EXPECT_EQ(url.exit_code, 64) << url.err;
  EXPECT_NE(url.err.find("must be an absolute http:// or https:// URL"), std::string::npos)
      << url.err;
  RunResult alone = RunToCompletion({LEDGERD_PATH, db, "--allow-http-nonloopback"}, dir.path());
  EXPECT_EQ(alone.exit_code, 64) << alone.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/pg"));  // nothing was started
}

}  // namespace
}  // namespace ledger::testing
