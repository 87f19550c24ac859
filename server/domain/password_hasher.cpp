#include "server/domain/password_hasher.hpp"

#include <argon2.h>
#include <sodium.h>
#include <sys/mman.h>

#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

namespace souk::domain {

namespace {

// libsodium's crypto_pwhash_*_INTERACTIVE and *_MIN, in Argon2's own units (KiB), so that
// hashes stored before and after read the same: "$argon2id$v=19$m=65536,t=2,p=1$salt$tag".
struct Cost {
  uint32_t passes;
  uint32_t memory_kib;
};
constexpr Cost kInteractiveCost{2, 64 * 1024};
constexpr Cost kMinimalCost{1, 8};
constexpr size_t kSaltBytes = 16;
constexpr size_t kTagBytes = 32;
// A stored hash never asks for more (ours ask for 64 MiB); a corrupt one cannot make a
// check allocate without bound.
constexpr uint32_t kMaxMemoryKib = 1024 * 1024;

// The memory Argon2 fills, kept by each hashing thread from one hash to the next.
// libsodium maps 64 MiB and unmaps it on every call. Unmapping takes the address space's
// lock for writing and flushes every core's TLB, so each check stalled soukd's other
// threads too: with one hashing thread busy under a login flood, the chatters' p99 grew
// 9.1x; keeping the region, 2.2-2.3x (souk-bench abuse, docs/BENCHMARKS.md).
class ThreadRegion {
 public:
  ~ThreadRegion() { release(); }
  uint8_t* get(size_t bytes) {
    if (bytes > size_) {
      release();
      void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) return nullptr;
      base_ = static_cast<uint8_t*>(p);
      size_ = bytes;
    }
    return base_;
  }

 private:
  void release() {
    if (base_ != nullptr) ::munmap(base_, size_);
    base_ = nullptr;
    size_ = 0;
  }
  uint8_t* base_ = nullptr;
  size_t size_ = 0;
};

thread_local ThreadRegion region;

int allocate_from_region(uint8_t** memory, size_t bytes) {
  *memory = region.get(bytes);
  return *memory != nullptr ? ARGON2_OK : ARGON2_MEMORY_ALLOCATION_ERROR;
}

void keep_region(uint8_t*, size_t) {}

struct Encoded {
  Cost cost;
  std::vector<uint8_t> salt;
  std::vector<uint8_t> tag;
};

bool argon2id(const Cost& cost, std::string_view password, const std::vector<uint8_t>& salt,
              std::vector<uint8_t>& tag) {
  argon2_context c{};
  c.out = tag.data();
  c.outlen = static_cast<uint32_t>(tag.size());
  c.pwd = reinterpret_cast<uint8_t*>(const_cast<char*>(password.data()));
  c.pwdlen = static_cast<uint32_t>(password.size());
  c.salt = const_cast<uint8_t*>(salt.data());
  c.saltlen = static_cast<uint32_t>(salt.size());
  c.t_cost = cost.passes;
  c.m_cost = cost.memory_kib;
  c.lanes = 1;
  c.threads = 1;
  c.version = ARGON2_VERSION_13;
  c.allocate_cbk = allocate_from_region;
  c.free_cbk = keep_region;
  return argon2_ctx(&c, Argon2_id) == ARGON2_OK;
}

std::string to_base64(const std::vector<uint8_t>& bytes) {
  const int variant = sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
  out.resize(out.find('\0'));
  return out;
}

std::optional<std::vector<uint8_t>> from_base64(std::string_view text, size_t min, size_t max) {
  std::vector<uint8_t> out(max);
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
      end != text.data() + text.size() || len < min) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

// Reads "key=N" at the front of `text` and moves past it.
std::optional<uint32_t> take_number(std::string_view& text, std::string_view key) {
  if (text.substr(0, key.size()) != key) return std::nullopt;
  text.remove_prefix(key.size());
  uint32_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end == text.data()) return std::nullopt;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  return value;
}

std::optional<Encoded> decode(std::string_view s) {
  if (!s.starts_with("$argon2id$v=19$")) return std::nullopt;
  s.remove_prefix(std::string_view("$argon2id$v=19$").size());
  const auto memory = take_number(s, "m=");
  const auto passes = take_number(s, ",t=");
  const auto lanes = take_number(s, ",p=");
  if (!memory || !passes || !lanes || *lanes != 1 || *passes < 1 || *passes > 16 ||
      *memory < ARGON2_MIN_MEMORY || *memory > kMaxMemoryKib || !s.starts_with('$')) {
    return std::nullopt;
  }
  s.remove_prefix(1);
  const size_t dollar = s.find('$');
  if (dollar == std::string_view::npos) return std::nullopt;
  auto salt = from_base64(s.substr(0, dollar), ARGON2_MIN_SALT_LENGTH, 64);
  auto tag = from_base64(s.substr(dollar + 1), 16, 64);
  if (!salt || !tag) return std::nullopt;
  return Encoded{{*passes, *memory}, std::move(*salt), std::move(*tag)};
}

}  // namespace

std::string hash_password(std::string_view password, HashCost cost) {
  const Cost& c = cost == HashCost::kMinimal ? kMinimalCost : kInteractiveCost;
  std::vector<uint8_t> salt(kSaltBytes);
  randombytes_buf(salt.data(), salt.size());
  std::vector<uint8_t> tag(kTagBytes);
  if (!argon2id(c, password, salt, tag)) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return "$argon2id$v=19$m=" + std::to_string(c.memory_kib) + ",t=" + std::to_string(c.passes) +
         ",p=1$" + to_base64(salt) + "$" + to_base64(tag);
}

bool verify_password(const std::string& hash, std::string_view password) {
  const auto stored = decode(hash);
  if (!stored) return false;
  std::vector<uint8_t> tag(stored->tag.size());
  if (!argon2id(stored->cost, password, stored->salt, tag)) return false;
  return sodium_memcmp(tag.data(), stored->tag.data(), tag.size()) == 0;
}

}  // namespace souk::domain
