#include "clients/ledgerctl/profiles.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace ledger::ledgerctl {
namespace {

using ::testing::HasSubstr;

constexpr char kPath[] = "/etc/ledger/profiles.toml";

constexpr char kTwoProfiles[] = R"(# the county's two servers
default = "county"

[county]
server = "ledger.example.org:50051"
origin = "ledger.example.org/341721"
key = "keys/clerk.key"
principal = "finance-bureau"
tls_ca = "/etc/ledger/ca.pem"
timeout_ms = 20000

[test]
server = "127.0.0.1:50052"
origin = "test.example.org/341721"
)";

ProfileFile Parse(std::string_view text) {
  absl::StatusOr<ProfileFile> f = ParseProfileFile(text, kPath);
  EXPECT_TRUE(f.ok()) << f.status();
  return f.ok() ? *f : ProfileFile{};
}

std::string ParseError(std::string_view text) {
  absl::StatusOr<ProfileFile> f = ParseProfileFile(text, kPath);
  EXPECT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), absl::StatusCode::kInvalidArgument) << f.status();
  return std::string(f.status().message());
}

ResolveInput WithFile(std::string_view text) {
  ResolveInput in;
  in.file = Parse(text);
  in.file_path = kPath;
  in.defaults = {{"server", "127.0.0.1:50051"}, {"timeout_ms", "10000"}};
  return in;
}

Setting Get(const Resolution& r, const std::string& key) { return r.settings.at(key); }

TEST(ParseProfileFile, ReadsProfilesDefaultAndLines) {
  ProfileFile f = Parse(kTwoProfiles);
  EXPECT_EQ(f.default_profile, "county");
  EXPECT_EQ(f.default_line, 2);
  ASSERT_EQ(f.profiles.size(), 2u);
  const Profile& county = f.profiles.at("county");
  EXPECT_EQ(county.line, 4);
  EXPECT_EQ(county.values.at("server").value, "ledger.example.org:50051");
  EXPECT_EQ(county.values.at("server").line, 5);
  EXPECT_EQ(county.values.at("timeout_ms").value, "20000");
  EXPECT_EQ(f.profiles.at("test").values.size(), 2u);
}

TEST(ParseProfileFile, AnEmptyFileHasNoProfiles) {
  ProfileFile f = Parse("# nothing yet\n");
  EXPECT_TRUE(f.profiles.empty());
  EXPECT_TRUE(f.default_profile.empty());
}

// Each mistake is reported with the file and the line a person has to fix.
TEST(ParseProfileFile, ErrorsNameTheLine) {
  EXPECT_EQ(ParseError("[a]\nserver = \"x:1\"\nsevrer = \"y:2\"\n"),
            "/etc/ledger/profiles.toml:3: unknown key \"sevrer\" in profile \"a\"; the keys are: "
            "server, origin, principal, key, tls_ca, tls_cert, tls_key, state_dir, timeout_ms");
  EXPECT_THAT(ParseError("[a]\n\ntimeout_ms = \"5000\"\n"),
              HasSubstr("profiles.toml:3: timeout_ms must be a number without quotes"));
  EXPECT_THAT(ParseError("[a]\ntimeout_ms = 0\n"),
              HasSubstr("profiles.toml:2: timeout_ms: \"0\" is not a number of milliseconds"));
  EXPECT_THAT(ParseError("[a]\nserver = 50051\n"),
              HasSubstr("profiles.toml:2: server must be a quoted string"));
  EXPECT_THAT(ParseError("[a]\norigin = \"\"\n"), HasSubstr("profiles.toml:2: origin is empty"));
  EXPECT_THAT(ParseError("server = \"x:1\"\n[a]\n"),
              HasSubstr("profiles.toml:1: \"server\" is outside any profile"));
  EXPECT_THAT(ParseError("colour = \"red\"\n"),
              HasSubstr("profiles.toml:1: unknown top-level key \"colour\""));
  EXPECT_THAT(ParseError("[a]\n[a.tls]\nca = \"x\"\n"),
              HasSubstr("profiles.toml:2: [a.tls]: profiles do not nest"));
  EXPECT_THAT(ParseError("[a]\nbusiness_date = \"2024-03-01\"\n"),
              HasSubstr("profiles.toml:2: business_date is not a profile key"));
  EXPECT_THAT(ParseError("default = \"prod\"\n[a]\n"),
              HasSubstr("profiles.toml:1: default names the profile \"prod\", which is not in"));
  EXPECT_THAT(ParseError("default = 1\n"), HasSubstr("profiles.toml:1: default must name"));
}

TEST(ParseProfileFile, TomlSyntaxErrorsNameLineAndColumn) {
  EXPECT_THAT(ParseError("[a]\nserver = \"x:1\"\norigin =\n"), HasSubstr("profiles.toml:3:"));
  EXPECT_THAT(ParseError("[a]\n[a]\n"), HasSubstr("profiles.toml:2:"));
  EXPECT_THAT(ParseError("[a\n"), HasSubstr("profiles.toml:1:"));
}

TEST(Resolve, TheFileDefaultChoosesTheProfile) {
  absl::StatusOr<Resolution> r = Resolve(WithFile(kTwoProfiles));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->profile, "county");
  EXPECT_EQ(r->chosen_by, "/etc/ledger/profiles.toml:2");
  EXPECT_EQ(Get(*r, "server").value, "ledger.example.org:50051");
  EXPECT_EQ(Get(*r, "server").source, SettingSource::kProfile);
  EXPECT_EQ(Get(*r, "server").where, "/etc/ledger/profiles.toml:5");
  EXPECT_EQ(Get(*r, "timeout_ms").value, "20000");
  // A relative key path is relative to the profile file, wherever ledgerctl runs.
  EXPECT_EQ(Get(*r, "key").value, "/etc/ledger/keys/clerk.key");
  EXPECT_EQ(Get(*r, "tls_ca").value, "/etc/ledger/ca.pem");
  EXPECT_EQ(Get(*r, "tls_cert").source, SettingSource::kUnset);
  EXPECT_EQ(Get(*r, "tls_cert").value, "");
}

TEST(Resolve, FlagBeatsEnvBeatsProfileBeatsDefault) {
  ResolveInput in = WithFile(kTwoProfiles);
  in.flags = {{"server", "flag.example:1"}};
  in.env = {{"server", "env.example:2"}, {"origin", "env.example/1"}};
  absl::StatusOr<Resolution> r = Resolve(in);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Get(*r, "server").value, "flag.example:1");
  EXPECT_EQ(Get(*r, "server").source, SettingSource::kFlag);
  EXPECT_EQ(Get(*r, "server").where, "--server");
  EXPECT_EQ(Get(*r, "origin").value, "env.example/1");
  EXPECT_EQ(Get(*r, "origin").source, SettingSource::kEnv);
  EXPECT_EQ(Get(*r, "origin").where, "LEDGER_ORIGIN");
  EXPECT_EQ(Get(*r, "principal").source, SettingSource::kProfile);

  // The test profile sets no timeout: the built-in default shows through.
  in.profile_env = "test";
  r = Resolve(in);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->chosen_by, "LEDGER_PROFILE");
  EXPECT_EQ(Get(*r, "timeout_ms").value, "10000");
  EXPECT_EQ(Get(*r, "timeout_ms").source, SettingSource::kDefault);
  EXPECT_EQ(Get(*r, "principal").source, SettingSource::kUnset);
}

TEST(Resolve, ProfileFlagBeatsProfileEnvBeatsFileDefault) {
  ResolveInput in = WithFile(kTwoProfiles);
  in.profile_env = "county";
  in.profile_flag = "test";
  absl::StatusOr<Resolution> r = Resolve(in);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->profile, "test");
  EXPECT_EQ(r->chosen_by, "--profile");
  EXPECT_EQ(Get(*r, "server").value, "127.0.0.1:50052");
}

TEST(Resolve, AProfileNamedDefaultIsTheDefault) {
  absl::StatusOr<Resolution> r =
      Resolve(WithFile("[other]\nserver = \"a:1\"\n[default]\nserver = \"b:2\"\n"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->profile, "default");
  EXPECT_EQ(Get(*r, "server").value, "b:2");
}

TEST(Resolve, WithoutAChoiceNoProfileApplies) {
  absl::StatusOr<Resolution> r = Resolve(WithFile("[a]\nserver = \"a:1\"\n"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->profile, "");
  EXPECT_EQ(Get(*r, "server").value, "127.0.0.1:50051");
  EXPECT_EQ(Get(*r, "server").source, SettingSource::kDefault);

  ResolveInput none;
  none.file_path = kPath;
  r = Resolve(none);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(Get(*r, "server").source, SettingSource::kUnset);
}

TEST(Resolve, AnUnknownProfileListsTheProfiles) {
  ResolveInput in = WithFile(kTwoProfiles);
  in.profile_flag = "prod";
  absl::StatusOr<Resolution> r = Resolve(in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(),
            "no profile \"prod\" (chosen by --profile) in /etc/ledger/profiles.toml; its profiles "
            "are: county, test");

  ResolveInput no_file;
  no_file.file_path = kPath;
  no_file.profile_env = "prod";
  r = Resolve(no_file);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("there is no profile file /etc/ledger/profiles"));
}

TEST(Resolve, ABadTimeoutInTheEnvironmentIsAnError) {
  ResolveInput in = WithFile(kTwoProfiles);
  in.env = {{"timeout_ms", "10s"}};
  absl::StatusOr<Resolution> r = Resolve(in);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("LEDGER_TIMEOUT_MS: \"10s\" is not a number"));
}

TEST(AppendProfile, KeepsTheFileAndAddsAParsableProfile) {
  absl::StatusOr<std::string> text =
      AppendProfile("# mine\n[a]\nserver = \"a:1\"", kPath, "b",
                    {{"server", "b:2"}, {"origin", "x/\"q\"\\"}, {"timeout_ms", "500"}});
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text,
            "# mine\n[a]\nserver = \"a:1\"\n\n[b]\nserver = \"b:2\"\norigin = "
            "\"x/\\\"q\\\"\\\\\"\ntimeout_ms = 500\n");
  ProfileFile f = Parse(*text);
  EXPECT_EQ(f.profiles.at("b").values.at("origin").value, "x/\"q\"\\");

  EXPECT_EQ(AppendProfile(*text, kPath, "a", {{"server", "c:3"}}).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(AppendProfile("", kPath, "a.b", {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AppendProfile("", kPath, "c", {{"colour", "red"}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AppendProfile("", kPath, "c", {{"timeout_ms", "fast"}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

class ProfileFileOnDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ledgerctl-profiles-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "profiles.toml").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& text, mode_t mode) {
    std::ofstream(path_) << text;
    ::chmod(path_.c_str(), mode);
  }
  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(ProfileFileOnDisk, AMissingFileIsNoProfilesUnlessRequired) {
  absl::StatusOr<std::optional<ProfileFile>> f = LoadProfileFile(path_, /*required=*/false);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_FALSE(f->has_value());
  EXPECT_EQ(LoadProfileFile(path_, /*required=*/true).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ProfileFileOnDisk, RefusesAFileOthersCanWrite) {
  Write("[a]\nserver = \"a:1\"\n", 0664);
  absl::StatusOr<std::optional<ProfileFile>> f = LoadProfileFile(path_, false);
  ASSERT_EQ(f.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(f.status().message(), HasSubstr(path_ + " has mode 0664"));
  Write("[a]\nserver = \"a:1\"\n", 0644);
  f = LoadProfileFile(path_, false);
  ASSERT_TRUE(f.ok()) << f.status();
  ASSERT_TRUE(f->has_value());
  EXPECT_EQ((*f)->profiles.at("a").values.at("server").value, "a:1");
}

}  // namespace
}  // namespace ledger::ledgerctl
