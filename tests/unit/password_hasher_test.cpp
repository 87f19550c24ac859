#include "server/domain/password_hasher.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <future>
#include <string>

#include "common/crypto.hpp"
#include "server/domain/hash_pool.hpp"

namespace souk::domain {
namespace {

class PasswordHasherTest : public ::testing::Test {
 protected:
  void SetUp() override { souk::crypto_init(); }
};

TEST_F(PasswordHasherTest, HashIsArgon2idEncoded) {
  const std::string hash = hash_password("correct horse battery staple");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  // The encoded string carries its parameters and never the password itself.
  EXPECT_NE(hash.find("$m="), std::string::npos) << hash;
  EXPECT_EQ(hash.find("correct horse"), std::string::npos);
}

TEST_F(PasswordHasherTest, VerifiesTheRightPasswordOnly) {
  const std::string hash = hash_password("s3cret-Pa55word");
  EXPECT_TRUE(verify_password(hash, "s3cret-Pa55word"));
  EXPECT_FALSE(verify_password(hash, "s3cret-Pa55wore"));
  EXPECT_FALSE(verify_password(hash, "S3cret-Pa55word"));
  EXPECT_FALSE(verify_password(hash, "s3cret-Pa55word "));
  EXPECT_FALSE(verify_password(hash, ""));
}

TEST_F(PasswordHasherTest, MultibyteAndEmbeddedNulPasswords) {
  const std::string multibyte = "p\xC5\xBC\xC3\xB3\xC5\x82w \xF0\x9F\x98\x80";
  const std::string hash = hash_password(multibyte);
  EXPECT_TRUE(verify_password(hash, multibyte));
  EXPECT_FALSE(verify_password(hash, "p\xC5\xBC\xC3\xB3\xC5\x82w"));

  // The full byte string counts, not just what comes before a NUL.
  const std::string with_nul("abcd\0efgh", 9);
  const std::string nul_hash = hash_password(with_nul);
  EXPECT_TRUE(verify_password(nul_hash, with_nul));
  EXPECT_FALSE(verify_password(nul_hash, "abcd"));
}

TEST_F(PasswordHasherTest, SamePasswordHashesDifferently) {
  const std::string a = hash_password("same password");
  const std::string b = hash_password("same password");
  EXPECT_NE(a, b) << "each hash must use a fresh salt";
  EXPECT_TRUE(verify_password(a, "same password"));
  EXPECT_TRUE(verify_password(b, "same password"));
}

TEST_F(PasswordHasherTest, MalformedHashNeverVerifies) {
  EXPECT_FALSE(verify_password("", "anything"));
  EXPECT_FALSE(verify_password("not a hash", "not a hash"));
  std::string hash = hash_password("tamper with me");
  // Flip a character in the middle of the tag (after the last '$').
  const size_t at = hash.rfind('$') + 5;
  ASSERT_LT(at, hash.size());
  hash[at] = hash[at] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_password(hash, "tamper with me"));
}

TEST_F(PasswordHasherTest, ReadsAndWritesLibsodiumsEncoding) {
  // Hashes stored by earlier soukd versions came from libsodium's crypto_pwhash_str.
  char theirs[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(theirs, "old password", 12, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                  crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13),
            0);
  EXPECT_TRUE(verify_password(theirs, "old password"));
  EXPECT_FALSE(verify_password(theirs, "old passworD"));

  const std::string ours = hash_password("new password");
  EXPECT_EQ(crypto_pwhash_str_verify(ours.c_str(), "new password", 12), 0) << ours;
  EXPECT_NE(crypto_pwhash_str_verify(ours.c_str(), "new passworD", 12), 0);
  EXPECT_EQ(crypto_pwhash_str_needs_rehash(ours.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                           crypto_pwhash_MEMLIMIT_INTERACTIVE),
            0)
      << "the same cost as before: " << ours;
}

TEST_F(PasswordHasherTest, ReusesItsMemoryAcrossCostsOnOneThread) {
  // The thread's region grows for the interactive cost after a minimal one, and a small
  // hash after a large one still computes over only its own blocks.
  const std::string small = hash_password("small", HashCost::kMinimal);
  const std::string large = hash_password("large");
  EXPECT_TRUE(verify_password(small, "small"));
  EXPECT_TRUE(verify_password(large, "large"));
  EXPECT_TRUE(verify_password(small, "small"));
  EXPECT_EQ(crypto_pwhash_str_verify(small.c_str(), "small", 5), 0) << small;
}

TEST_F(PasswordHasherTest, RefusesAStoredHashThatAsksForTooMuch) {
  // A corrupt row must not make a check allocate without bound: 4 TiB here.
  const std::string hash = hash_password("bounded");
  const size_t m = hash.find("m=65536");
  ASSERT_NE(m, std::string::npos) << hash;
  std::string greedy = hash;
  greedy.replace(m, 7, "m=4294967295");
  EXPECT_FALSE(verify_password(greedy, "bounded"));
  std::string two_lanes = hash;
  two_lanes.replace(two_lanes.find(",p=1$"), 5, ",p=2$");
  EXPECT_FALSE(verify_password(two_lanes, "bounded"));
}

TEST(HashPoolTest, RefusesAtOnceWhenThreadsAndQueueAreFull) {
  HashPool pool(1, 1);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> first_started;
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.try_run([&] {
    first_started.set_value();
    released.wait();
    ++ran;
  }));
  first_started.get_future().wait();
  ASSERT_TRUE(pool.try_run([&] { ++ran; })) << "one may wait in the queue";
  bool third_ran = false;
  EXPECT_FALSE(pool.try_run([&] { third_ran = true; })) << "the thread and the queue are full";
  EXPECT_EQ(pool.pending(), 2u);
  release.set_value();
  std::promise<void> last;
  // Once the first two are done there is room again.
  while (!pool.try_run([&] { last.set_value(); })) std::this_thread::yield();
  last.get_future().wait();
  EXPECT_EQ(ran.load(), 2);
  EXPECT_FALSE(third_ran) << "a refused job never runs";
}

TEST(HashPoolTest, RunsOnItsOwnThreads) {
  HashPool pool(2, 0);
  std::promise<std::thread::id> where;
  ASSERT_TRUE(pool.try_run([&] { where.set_value(std::this_thread::get_id()); }));
  EXPECT_NE(where.get_future().get(), std::this_thread::get_id());
}

}  // namespace
}  // namespace souk::domain
