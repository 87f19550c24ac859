#include "client/core/file_client.hpp"

#include <grpcpp/client_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/sync_stream.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "client/core/call_options.hpp"

namespace souk::client {

namespace {

// File bytes travel as raw frames built around their own buffers: the chunk is read
// straight into the slice gRPC sends, and a received chunk is handed on as views of the
// slices gRPC received, never copied into a message.
constexpr char kUploadMethod[] = "/souk.v1.FileService/UploadFile";
constexpr char kDownloadMethod[] = "/souk.v1.FileService/DownloadFile";
constexpr uint8_t kUploadChunkKey = (2 << 3) | 2;  // UploadFileRequest.chunk
// Frames received ahead of the caller's writes: the network is read while it hashes or
// writes the chunk before.
constexpr size_t kDownloadReadAhead = 4;

constexpr int kBusyRetries = 20;
constexpr auto kBusyPause = std::chrono::milliseconds(100);

void add_token(grpc::ClientContext& context, const std::string& token) {
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
}

Status stopped() {
  return unavailable("the transfer was stopped; run it again to resume");
}

void put_varint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// Reads protobuf wire format across a frame's slices without joining them.
class SliceCursor {
 public:
  explicit SliceCursor(const std::vector<grpc::Slice>& slices) : slices_(slices) {}
  bool at_end() {
    skip_empty();
    return slice_ == slices_.size();
  }
  std::optional<uint64_t> varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      skip_empty();
      if (slice_ == slices_.size()) return std::nullopt;
      const uint8_t byte = slices_[slice_].begin()[at_++];
      value |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    return std::nullopt;
  }
  // The next n bytes as views; false if the frame is shorter.
  bool take(uint64_t n, std::vector<std::string_view>* out) {
    while (n > 0) {
      skip_empty();
      if (slice_ == slices_.size()) return false;
      const size_t here = std::min<uint64_t>(n, slices_[slice_].size() - at_);
      if (out != nullptr) {
        out->emplace_back(reinterpret_cast<const char*>(slices_[slice_].begin()) + at_, here);
      }
      at_ += here;
      n -= here;
    }
    return true;
  }

 private:
  void skip_empty() {
    while (slice_ < slices_.size() && at_ >= slices_[slice_].size()) {
      ++slice_;
      at_ = 0;
    }
  }
  const std::vector<grpc::Slice>& slices_;
  size_t slice_ = 0;
  size_t at_ = 0;
};

// One DownloadFileResponse, its chunk as views of the slices it arrived in.
struct DownloadFrame {
  std::vector<grpc::Slice> slices;
  std::string copy;  // the chunk, when the frame had to be parsed in full
  std::optional<v1::Attachment> file;
  int64_t offset = 0;
  std::vector<std::string_view> chunk;
  int64_t chunk_bytes = 0;
};

bool parse_fields(DownloadFrame& frame) {
  SliceCursor in(frame.slices);
  while (!in.at_end()) {
    const auto key = in.varint();
    if (!key) return false;
    const uint64_t field = *key >> 3;
    const uint64_t wire = *key & 7;
    if (wire == 0) {
      const auto value = in.varint();
      if (!value) return false;
      if (field == 2) frame.offset = static_cast<int64_t>(*value);
    } else if (wire == 2) {
      const auto length = in.varint();
      if (!length) return false;
      std::vector<std::string_view> views;
      if (!in.take(*length, &views)) return false;
      if (field == 3) {
        frame.chunk = std::move(views);  // the last one counts, as in protobuf
      } else if (field == 1) {
        std::string bytes;
        for (const auto view : views) bytes += view;
        if (!frame.file) frame.file.emplace();
        if (!frame.file->MergeFromString(bytes)) return false;
      }
    } else if (wire == 1 || wire == 5) {
      if (!in.take(wire == 1 ? 8 : 4, nullptr)) return false;
    } else {
      return false;
    }
  }
  return true;
}

// Fills frame from its slices; a frame the fast path cannot read is parsed in full.
bool parse_download_frame(grpc::ByteBuffer& buffer, DownloadFrame& frame) {
  frame = DownloadFrame{};
  if (!buffer.Dump(&frame.slices).ok() || !parse_fields(frame)) {
    frame = DownloadFrame{};
    v1::DownloadFileResponse parsed;
    if (!grpc::SerializationTraits<v1::DownloadFileResponse>::Deserialize(&buffer, &parsed).ok()) {
      return false;
    }
    if (parsed.has_file()) frame.file = parsed.file();
    frame.offset = parsed.offset();
    frame.copy = std::move(*parsed.mutable_chunk());
    if (!frame.copy.empty()) frame.chunk.emplace_back(frame.copy);
  }
  for (const auto piece : frame.chunk) frame.chunk_bytes += static_cast<int64_t>(piece.size());
  return true;
}

// Receives a download's frames on a thread of its own, a few ahead of the caller.
class FrameReceiver {
 public:
  explicit FrameReceiver(grpc::ClientReader<grpc::ByteBuffer>& stream)
      : stream_(stream), thread_([this] { run(); }) {}
  ~FrameReceiver() { thread_.join(); }
  FrameReceiver(const FrameReceiver&) = delete;
  FrameReceiver& operator=(const FrameReceiver&) = delete;

  // The next frame; false at the end of the stream (or once stop() was called).
  // A frame that could not be read is reported through `unreadable`.
  bool next(DownloadFrame& frame, bool& unreadable) {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return !ready_.empty() || done_; });
    if (ready_.empty()) {
      unreadable = unreadable_;
      return false;
    }
    frame = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
    return true;
  }
  // No more frames are wanted; the caller cancels the call so that a pending read ends.
  void stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    changed_.notify_all();
  }

 private:
  void run() {
    grpc::ByteBuffer buffer;
    for (;;) {
      {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [&] { return ready_.size() < kDownloadReadAhead || stopped_; });
        if (stopped_) break;
      }
      if (!stream_.Read(&buffer)) break;
      DownloadFrame frame;
      const bool ok = parse_download_frame(buffer, frame);
      std::lock_guard lock(mu_);
      if (!ok) {
        unreadable_ = true;
        break;
      }
      ready_.push_back(std::move(frame));
      changed_.notify_all();
    }
    std::lock_guard lock(mu_);
    done_ = true;
    changed_.notify_all();
  }

  grpc::ClientReader<grpc::ByteBuffer>& stream_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<DownloadFrame> ready_;
  bool done_ = false;
  bool stopped_ = false;
  bool unreadable_ = false;
  std::thread thread_;  // last: starts once the rest is in place
};

}  // namespace

FileClient::FileClient(std::shared_ptr<grpc::Channel> channel, std::string token)
    : channel_(std::move(channel)),
      stub_(v1::FileService::NewStub(channel_)),
      token_(std::move(token)) {}

Result<v1::QueryUploadResponse> FileClient::query_upload(const std::string& upload_id) {
  v1::QueryUploadRequest request;
  request.set_upload_id(upload_id);
  return unary_call<v1::QueryUploadResponse>(token_, [&](auto& context, auto& response) {
    return stub_->QueryUpload(&context, request, &response);
  });
}

Result<v1::Attachment> FileClient::upload(const UploadSpec& spec, const ReadAt& read,
                                          const Progress& progress) {
  for (int attempt = 0;; ++attempt) {
    int64_t offset = 0;
    auto query = query_upload(spec.upload_id);
    if (query) {
      if (query->complete()) return query->file();
      offset = query->committed_offset();
      if (query->max_chunk_bytes() > 0) {
        chunk_bytes_ = std::min(chunk_bytes_, static_cast<size_t>(query->max_chunk_bytes()));
      }
    } else if (query.status().code() != Code::kNotFound) {
      return query.status();
    }
    auto result = upload_from(spec, offset, read, progress);
    // UNAVAILABLE from soukd (not the network): an earlier stream still holds the upload.
    const bool busy = !result && result.status().code() == Code::kUnavailable &&
                      result.status().message().find("try again") != std::string::npos;
    if (!busy || attempt >= kBusyRetries) return result;
    std::this_thread::sleep_for(kBusyPause);
  }
}

Result<v1::Attachment> FileClient::upload_from(const UploadSpec& spec, int64_t offset,
                                               const ReadAt& read, const Progress& progress) {
  grpc::ClientContext context;
  add_token(context, token_);
  v1::UploadFileResponse response;
  const grpc::internal::RpcMethod method(kUploadMethod, grpc::internal::RpcMethod::CLIENT_STREAMING,
                                         channel_);
  std::unique_ptr<grpc::ClientWriter<grpc::ByteBuffer>> stream(
      grpc::internal::ClientWriterFactory<grpc::ByteBuffer>::Create(channel_.get(), method,
                                                                    &context, &response));
  v1::UploadFileRequest first;
  auto* header = first.mutable_header();
  header->set_upload_id(spec.upload_id);
  header->set_name(spec.name);
  header->set_size(spec.size);
  header->set_mime_type(spec.mime_type);
  header->set_sha256(spec.sha256);
  header->set_offset(offset);
  grpc::ByteBuffer frame;
  bool own = false;
  bool open =
      grpc::SerializationTraits<v1::UploadFileRequest>::Serialize(first, &frame, &own).ok() &&
      stream->Write(frame);
  bool cut = false;
  while (open && offset < spec.size) {
    const auto want = static_cast<size_t>(std::min<int64_t>(spec.size - offset, chunk_bytes_));
    grpc::Slice chunk(want);
    auto n = read(offset, reinterpret_cast<char*>(const_cast<uint8_t*>(chunk.begin())), want);
    if (!n) {
      context.TryCancel();
      stream->Finish();
      return n.status();
    }
    if (*n == 0) {
      context.TryCancel();
      stream->Finish();
      return failed_precondition("the file became shorter while it was being sent");
    }
    std::string key(1, static_cast<char>(kUploadChunkKey));
    put_varint(key, *n);
    grpc::Slice parts[] = {grpc::Slice(key), *n == want ? std::move(chunk) : chunk.sub(0, *n)};
    frame = grpc::ByteBuffer(parts, 2);
    open = stream->Write(frame);
    if (open) offset += static_cast<int64_t>(*n);
    if (progress && !progress(offset, spec.size)) {
      cut = true;
      context.TryCancel();
      break;
    }
  }
  if (open && !cut) stream->WritesDone();
  const grpc::Status status = stream->Finish();
  if (cut) return stopped();
  if (!status.ok()) return from_grpc(status);
  return response.file();
}

Result<v1::Attachment> FileClient::download(const std::string& file_id, int64_t offset,
                                            const WriteChunk& write, const Progress& progress) {
  grpc::ClientContext context;
  add_token(context, token_);
  v1::DownloadFileRequest request;
  request.set_file_id(file_id);
  request.set_offset(offset);
  const grpc::internal::RpcMethod method(kDownloadMethod,
                                         grpc::internal::RpcMethod::SERVER_STREAMING, channel_);
  std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(channel_.get(), method,
                                                                    &context, request));
  v1::Attachment file;
  Status failed;
  {
    FrameReceiver frames(*stream);
    DownloadFrame frame;
    bool unreadable = false;
    while (frames.next(frame, unreadable)) {
      if (frame.file) file = *frame.file;
      if (frame.offset != offset) {
        failed = data_loss("the server sent bytes at " + std::to_string(frame.offset) +
                           ", expected " + std::to_string(offset));
      } else {
        for (const auto piece : frame.chunk) {
          if (!failed.ok()) break;
          failed = write(piece);
        }
        offset += frame.chunk_bytes;
      }
      if (failed.ok() && progress && !progress(offset, file.size())) failed = stopped();
      if (!failed.ok()) break;
    }
    if (failed.ok() && unreadable) failed = data_loss("a download frame could not be read");
    if (!failed.ok()) {
      frames.stop();
      context.TryCancel();
    }
  }
  const grpc::Status status = stream->Finish();
  if (!failed.ok()) return failed;
  if (!status.ok()) return from_grpc(status);
  if (offset != file.size()) {
    return data_loss("the download ended at " + std::to_string(offset) + " of " +
                     std::to_string(file.size()) + " bytes");
  }
  return file;
}

Result<v1::ListFilesResponse> FileClient::list(const v1::ListFilesRequest& request) {
  return unary_call<v1::ListFilesResponse>(token_, [&](auto& context, auto& response) {
    return stub_->ListFiles(&context, request, &response);
  });
}

}  // namespace souk::client
