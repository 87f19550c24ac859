// Upload chunk assembly, as UploadFile streams drive it: a header (which may resume at any
// offset), chunks of any size whose bytes may be the file's or not, and an end that may
// come early; then more streams for the same upload. Whatever the order, a file that is
// stored has exactly the size and SHA-256 its header declared, and a finished upload
// stays finished. Photos among them go through the server's image size reader.
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <sstream>
#include <string>

#include "common/clock.hpp"
#include "common/crypto.hpp"
#include "fuzz/fuzz_check.hpp"
#include "fuzz/uploader_account.hpp"
#include "server/domain/files.hpp"
#include "server/storage/blob_store.hpp"
#include "server/storage/reader_pool.hpp"
#include "server/storage/writer.hpp"

namespace {

using souk::fuzz::check;
namespace domain = souk::domain;
namespace storage = souk::storage;
namespace fs = std::filesystem;

constexpr int kChunkBytes = 4096;

// One soukd's worth of file handling, shared by every input (opening SQLite per input
// would make the fuzzer a database benchmark).
struct Server {
  fs::path dir;
  boost::asio::thread_pool pool{2};
  decltype(boost::asio::make_strand(pool)) completions = boost::asio::make_strand(pool);
  std::unique_ptr<storage::Writer> writer;
  std::unique_ptr<storage::ReaderPool> readers;
  souk::SystemClock clock;
  std::unique_ptr<domain::Files> files;
  domain::Session who;

  explicit Server(fs::path data_dir) : dir(std::move(data_dir)) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto db = dir / "souk.db";
    writer = std::make_unique<storage::Writer>(
        db, "OFF", [this](auto task) { boost::asio::post(completions, std::move(task)); });
    readers = std::make_unique<storage::ReaderPool>(db, 2, std::chrono::milliseconds(10'000));
    domain::FileSettings settings;
    settings.max_file_bytes = 1 << 20;
    settings.storage_quota_bytes = 1LL << 50;
    settings.chunk_bytes = kChunkBytes;
    settings.upload_sync_bytes = 1000;  // commits often, so resumes find real offsets
    settings.disk_free_floor_bytes = 0;
    files = std::make_unique<domain::Files>(*writer, *readers, clock, pool, dir, settings);
    auto uploader = souk::fuzz::create_uploader(*writer);
    check(uploader && uploader->account_id > 0, "the uploader's account is created");
    who = *uploader;
  }
};

fs::path& server_dir() {
  static fs::path dir;
  return dir;
}

Server& server() {
  // Never destroyed: libFuzzer may exit from any thread.
  static Server* s = [] {
    const fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    server_dir() = base / ("souk-fuzz-upload-" + std::to_string(::getpid()));
    auto* server = new Server(server_dir());
    // The files it kept (in memory, under /dev/shm) go with the process.
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(server_dir(), ec);
    });
    return server;
  }();
  return *s;
}

template <class T>
T wait(std::future<T> f) {
  check(f.wait_for(std::chrono::seconds(60)) == std::future_status::ready,
        "every upload call answers (within 60 s)");
  return f.get();
}

using UploadResult = souk::Result<std::shared_ptr<domain::Upload>>;
using FileResult = souk::Result<storage::FileRecord>;

UploadResult open_upload(domain::UploadRequest request) {
  auto done = std::make_shared<std::promise<UploadResult>>();
  server().files->open_upload(server().who, std::move(request),
                              [done](UploadResult r) { done->set_value(std::move(r)); });
  return wait(done->get_future());
}

// In two pieces, as a chunk arrives in gRPC's slices: the split must not change the bytes.
souk::Status write_chunk(const std::shared_ptr<domain::Upload>& upload, const std::string& chunk) {
  auto done = std::make_shared<std::promise<souk::Status>>();
  const std::string_view whole = chunk;
  const std::string_view pieces[] = {whole.substr(0, whole.size() / 3),
                                     whole.substr(whole.size() / 3)};
  server().files->write_chunk(upload, pieces, [done](souk::Status s) { done->set_value(s); });
  return wait(done->get_future());
}

FileResult finish_upload(std::shared_ptr<domain::Upload> upload) {
  auto done = std::make_shared<std::promise<FileResult>>();
  server().files->finish_upload(std::move(upload),
                                [done](FileResult r) { done->set_value(std::move(r)); });
  return wait(done->get_future());
}

std::string stored_bytes(const storage::FileRecord& file) {
  std::ifstream in(storage::BlobStore(server().dir).blob_path(file.sha256), std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void check_stored(const storage::FileRecord& file, const domain::UploadRequest& header) {
  check(file.size == header.size, "a stored file has its header's size");
  check(file.sha256 == header.sha256, "a stored file has its header's SHA-256");
  const std::string bytes = stored_bytes(file);
  check(static_cast<int64_t>(bytes.size()) == file.size, "the stored blob has the file's size");
  check(souk::sha256(bytes) == file.sha256, "the stored blob has the file's SHA-256");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static uint64_t uploads = 0;
  FuzzedDataProvider in(data, size);
  const std::string content = in.ConsumeRandomLengthString(3 * kChunkBytes);
  domain::UploadRequest header;
  header.upload_id = "u" + std::to_string(++uploads);
  header.name = in.ConsumeRandomLengthString(300);
  const char* mimes[] = {"", "image/png", "image/jpeg", "image/gif", "application/pdf"};
  header.mime_type =
      in.ConsumeBool() ? in.ConsumeRandomLengthString(140) : mimes[in.ConsumeIntegralInRange(0, 4)];
  header.size = static_cast<int64_t>(content.size());
  if (in.ConsumeIntegralInRange(0, 7) == 0) header.size += in.ConsumeIntegralInRange(-3, 3);
  header.sha256 = souk::sha256(content);
  if (in.ConsumeIntegralInRange(0, 7) == 0) header.sha256[0] ^= 1;

  bool finished = false;
  std::optional<storage::FileRecord> stored;
  const int streams = in.ConsumeIntegralInRange(1, 4);
  for (int stream = 0; stream < streams && in.remaining_bytes() > 0; ++stream) {
    switch (in.ConsumeIntegralInRange(0, 2)) {
      case 0:
        header.offset = 0;
        break;
      case 1: {
        auto progress = server().files->query_upload(server().who, header.upload_id);
        header.offset = progress ? progress->upload.committed_offset : 0;
        if (progress) {
          check(progress->upload.committed_offset <= progress->upload.size,
                "an upload never commits more than its size");
        }
        break;
      }
      default:
        header.offset = in.ConsumeIntegralInRange<int64_t>(-1, header.size + 2);
    }
    auto opened = open_upload(header);
    if (!opened) {
      check(!finished || header.offset < 0, "a finished upload is found again, not refused",
            opened.status().message());
      continue;
    }
    std::shared_ptr<domain::Upload> upload = std::move(*opened);
    if (upload->complete()) {
      check(finished, "an upload is complete only once its end was accepted");
      check(stored && upload->file().id == stored->id, "a finished upload keeps its file");
      continue;
    }
    check(!finished, "a finished upload stays finished");
    // The chunks this stream sends: mostly the file's own bytes from where it resumed.
    int64_t at = header.offset;
    bool broke = false;
    const int chunks = in.ConsumeIntegralInRange(0, 8);
    for (int k = 0; k < chunks && !broke; ++k) {
      const auto length = in.ConsumeIntegralInRange<size_t>(0, kChunkBytes + 8);
      std::string chunk = in.ConsumeIntegralInRange(0, 15) == 0
                              ? in.ConsumeBytesAsString(length)
                              : content.substr(std::min<size_t>(at, content.size()), length);
      broke = !write_chunk(upload, chunk).ok();
      at += static_cast<int64_t>(chunk.size());
    }
    // A stream that failed is ended there; otherwise the client closes it (or the call
    // breaks off, which ends it the same way).
    if (broke) continue;
    auto file = finish_upload(std::move(upload));
    if (file) {
      check_stored(*file, header);
      finished = true;
      stored = *file;
    }
  }
  return 0;
}
