// A gigabyte through soukd in both directions: its memory must not grow with the file.
#include <cstdlib>
#include <fstream>
#include <vector>

#include "integration/files_fixture.hpp"

namespace souk::test {
namespace {

// Resident memory of soukd, sampled every 8 MiB of a transfer. Flat means the second
// half of the file costs no more than the first: buffers, caches and allocator arenas
// settle early, and nothing grows with the bytes that went through.
struct RssWatch {
  pid_t pid;
  int64_t size;
  int64_t before_kib = status_kib(pid, "VmRSS");
  std::vector<std::pair<int64_t, int64_t>> samples;  // (bytes done, KiB resident)

  client::Progress progress() {
    return [this](int64_t done, int64_t) {
      if (done % (8 << 20) == 0) samples.emplace_back(done, status_kib(pid, "VmRSS"));
      return true;
    };
  }
  int64_t peak_kib(int64_t from, int64_t to) const {
    int64_t peak = 0;
    for (const auto& [done, kib] : samples) {
      if (done >= from && done <= to) peak = std::max(peak, kib);
    }
    return peak;
  }
  // What the last quarter peaked at above the first half.
  int64_t late_growth_mib() const {
    return (peak_kib(size * 3 / 4, size) - peak_kib(0, size / 2)) / 1024;
  }
  int64_t total_growth_mib() const { return (peak_kib(0, size) - before_kib) / 1024; }
  std::string describe() const {
    std::string out = "before " + std::to_string(before_kib) + " KiB;";
    for (const auto& [done, kib] : samples) {
      if (done % (128 << 20) == 0)
        out += " " + std::to_string(done >> 20) + "MiB:" + std::to_string(kib);
    }
    return out;
  }
};

class FilesMemory : public FilesTest {
 protected:
  void SetUp() override { start_measured(); }
};

TEST_F(FilesMemory, AGigabyteStreamsBothWaysInFlatMemory) {
  constexpr int64_t kGiB = 1LL << 30;
  // Growing with the file would be hundreds of MiB. Uploads swing by tens of MiB between
  // samples (HTTP/2 receive windows sized by gRPC's bandwidth probe, per-thread arenas; see
  // docs/BENCHMARKS.md), so the bounds leave room for that swing on a loaded machine.
  constexpr int64_t kLateGrowthMiB = 24;
  constexpr int64_t kTotalGrowthMiB = 128;  // gRPC buffers, arenas, SQLite cache, sanitizers
  const auto anna = member("anna");
  const GeneratedFile source(1024, kGiB);
  const auto spec = source.spec("gigabyte", "warehouse.mov");

  RssWatch up{server_->pid(), kGiB};
  auto file = files(anna).upload(spec, source.reader(), up.progress());
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_LT(up.late_growth_mib(), kLateGrowthMiB) << "upload: " << up.describe();
  EXPECT_LT(up.total_growth_mib(), kTotalGrowthMiB) << "upload: " << up.describe();

  RssWatch down{server_->pid(), kGiB};
  Sha256 hash;
  auto got = files(anna).download(
      file->file_id(), 0,
      [&](std::string_view chunk) {
        hash.update(chunk);
        return Status::Ok();
      },
      down.progress());
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(hash.finish(), spec.sha256);
  EXPECT_LT(down.late_growth_mib(), kLateGrowthMiB) << "download: " << down.describe();
  EXPECT_LT(down.total_growth_mib(), kTotalGrowthMiB) << "download: " << down.describe();
}

}  // namespace
}  // namespace souk::test
