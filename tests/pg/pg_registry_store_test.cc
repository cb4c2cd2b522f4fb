// The privacy registry's PostgreSQL store against a real database (the test run's cluster).

#include "ledger/storage/pg/pg_registry_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ledger/merkle/hash.h"
#include "ledger/storage/pg/admin.h"
#include "ledger/storage/pg/pg_ledger_store.h"
#include "tests/support/test_database.h"

namespace ledger::storage::pg {
namespace {

using ::ledger::registry::StoredPerson;
using ::ledger::testing::TestDatabase;

constexpr char kOrigin[] = "ledger.example.org/341721";

StoredPerson Person(const std::string& ref, const std::string& village, const std::string& name) {
  StoredPerson p;
  p.ref = ref;
  p.village = village;
  p.name = name;
  p.id_number = "341721198001010012";
  p.bank_account = "6228480012345678901";
  p.phone = "13900001234";
  p.registered_at_us = 1'795'000'000'123'456;
  p.registered_by = "cun-001";
  return p;
}

std::string Ref(char c) { return std::string(32, c); }

class PgRegistryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = TestDatabase::Create(/*migrate=*/true);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    auto logs = PgLedgerStore::Open(db_->conninfo(), 1);
    ASSERT_TRUE(logs.ok()) << logs.status();
    StoredCheckpoint empty;
    empty.note = "empty\n";
    ASSERT_TRUE((*logs)->CreateLog(kOrigin, "verifier", empty).ok());
    auto store = PgRegistryStore::Open(db_->conninfo(), 2);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<PgRegistryStore> store_;
};

TEST_F(PgRegistryStoreTest, RegisterFindAndRegisterAgain) {
  bool created = false;
  auto first = store_->Register(kOrigin, Person(Ref('a'), "341721001001", "张三兵"), &created);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(created);
  EXPECT_EQ(first->registered_at_us, 1'795'000'000'123'456);
  EXPECT_EQ(first->phone, "13900001234");
  EXPECT_FALSE(first->erased());

  auto again = store_->Register(kOrigin, Person(Ref('a'), "341721001002", "李四"), &created);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(created);
  EXPECT_EQ(again->name, "张三兵") << "a live row is never overwritten";
  EXPECT_EQ(again->village, "341721001001");

  auto found = store_->Find(kOrigin, Ref('a'));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->name, "张三兵");
  EXPECT_FALSE(store_->Find(kOrigin, Ref('b'))->has_value());
  EXPECT_EQ(store_->Find("ledger.example.org/999999", Ref('a')).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(PgRegistryStoreTest, EraseClearsPersonalFieldsAndKeepsTheTombstone) {
  bool created = false;
  ASSERT_TRUE(store_->Register(kOrigin, Person(Ref('a'), "341721001001", "张三兵"), &created).ok());
  auto erased = store_->Erase(kOrigin, Ref('a'), "fin-341721", 1'795'100'000'000'000);
  ASSERT_TRUE(erased.ok()) << erased.status();
  EXPECT_TRUE(erased->erased());
  EXPECT_EQ(*erased->erased_at_us, 1'795'100'000'000'000);
  EXPECT_EQ(erased->erased_by, "fin-341721");
  EXPECT_EQ(erased->name, "");
  EXPECT_EQ(erased->id_number, "");
  EXPECT_EQ(erased->bank_account, "");
  EXPECT_EQ(erased->phone, "");
  EXPECT_EQ(erased->village, "341721001001");
  // Nothing personal is left in the table.
  auto left = QueryText(db_->conninfo(),
                        "SELECT count(*) FROM registry_people WHERE name IS NOT NULL OR id_number "
                        "IS NOT NULL OR bank_account IS NOT NULL OR phone IS NOT NULL");
  ASSERT_TRUE(left.ok()) << left.status();
  EXPECT_EQ(*left, "0");
  // Erasing again changes nothing.
  auto twice = store_->Erase(kOrigin, Ref('a'), "someone-else", 1'795'200'000'000'000);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->erased_by, "fin-341721");
  EXPECT_EQ(store_->Erase(kOrigin, Ref('b'), "x", 1).status().code(), absl::StatusCode::kNotFound);
  // The names lookup shows it erased (an empty name); registering the person again revives it.
  auto erased_name = store_->Names(kOrigin, std::vector<std::string>{Ref('a')});
  ASSERT_TRUE(erased_name.ok() && erased_name->size() == 1);
  EXPECT_EQ(erased_name->at(Ref('a')), "");
  auto back = store_->Register(kOrigin, Person(Ref('a'), "341721001002", "张三兵"), &created);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(created);
  EXPECT_FALSE(back->erased());
  EXPECT_EQ(back->village, "341721001002");
}

TEST_F(PgRegistryStoreTest, ListsByVillagePrefixInPages) {
  bool created = false;
  ASSERT_TRUE(store_->Register(kOrigin, Person(Ref('c'), "341721001002", "王五"), &created).ok());
  ASSERT_TRUE(store_->Register(kOrigin, Person(Ref('b'), "341721001001", "李四"), &created).ok());
  ASSERT_TRUE(store_->Register(kOrigin, Person(Ref('a'), "341721001001", "张三"), &created).ok());
  ASSERT_TRUE(store_->Register(kOrigin, Person(Ref('d'), "341721002001", "赵六"), &created).ok());

  auto township = store_->List(kOrigin, "341721001", "", "", 10);
  ASSERT_TRUE(township.ok()) << township.status();
  std::vector<std::string> names;
  for (const StoredPerson& p : *township) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"张三", "李四", "王五"}));

  auto page1 = store_->List(kOrigin, "", "", "", 2);
  ASSERT_TRUE(page1.ok() && page1->size() == 2);
  auto page2 = store_->List(kOrigin, "", page1->back().village, page1->back().ref, 2);
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->size(), 2u);
  EXPECT_EQ((*page2)[0].name, "王五");
  EXPECT_EQ((*page2)[1].name, "赵六");

  auto names_of = store_->Names(
      kOrigin, std::vector<std::string>{Ref('a'), Ref('d'), Ref('z'), "quote\"and\\slash"});
  ASSERT_TRUE(names_of.ok()) << names_of.status();
  EXPECT_EQ(names_of->size(), 2u);
  EXPECT_EQ(names_of->at(Ref('d')), "赵六");
}

TEST_F(PgRegistryStoreTest, TheServiceRoleMayNotDeleteRows) {
  bool created = false;
  ASSERT_TRUE(store_->Register(kOrigin, Person(Ref('a'), "341721001001", "张三兵"), &created).ok());
  absl::Status s =
      ExecuteSql(db_->conninfo(), "SET ROLE ledger_service; DELETE FROM registry_people");
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("permission denied"));
}

}  // namespace
}  // namespace ledger::storage::pg
