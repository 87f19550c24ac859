#include "reliability/load_member.hpp"

#include <algorithm>

#include "client/core/chat_client.hpp"
#include "client/core/file_client.hpp"
#include "common/crypto.hpp"
#include "tools/process/generated_file.hpp"

namespace souk::test {

namespace {

using namespace std::chrono_literals;

// What a SIGKILLed or restarting soukd looks like to a caller, or a busy one: worth the
// same call again. Anything else is soukd's answer.
bool dropped(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return true;
    default:
      return false;
  }
}

// The client library's codes: CANCELLED and UNKNOWN arrive as kInternal.
bool dropped(Code code) {
  return code == Code::kUnavailable || code == Code::kInternal || code == Code::kResourceExhausted;
}

// However long soukd takes to come back on a slow, shared machine.
constexpr auto kGiveUp = 120s;

}  // namespace

LoadMember::LoadMember(std::shared_ptr<grpc::Channel> channel, std::string member_id,
                       std::string token, const Roster& roster, uint64_t seed)
    : channel_(std::move(channel)),
      member_id_(std::move(member_id)),
      token_(std::move(token)),
      roster_(roster),
      rng_(seed),
      chat_(v1::ChatService::NewStub(channel_)),
      contacts_(v1::ContactService::NewStub(channel_)) {}

LoadMember::~LoadMember() {
  stop_load();
  stop_stream();
}

void LoadMember::start() {
  streamer_ = std::thread([this] { stream_loop(); });
  worker_ = std::thread([this] { work_loop(); });
}

void LoadMember::stop_load() {
  load_stop_ = true;
  if (worker_.joinable()) worker_.join();
}

void LoadMember::stop_stream() {
  {
    std::lock_guard lock(mu_);
    stream_stop_ = true;
    if (current_ != nullptr) current_->close();
  }
  if (streamer_.joinable()) streamer_.join();
}

int64_t LoadMember::last_seq() const {
  std::lock_guard lock(mu_);
  return last_seq_;
}

std::vector<SeenEvent> LoadMember::seen() const {
  std::lock_guard lock(mu_);
  return seen_;
}

std::vector<std::string> LoadMember::problems() const {
  std::lock_guard lock(mu_);
  return problems_;
}

void LoadMember::problem(const std::string& what) {
  std::lock_guard lock(mu_);
  problems_.push_back(member_id_ + ": " + what);
}

void LoadMember::stream_loop() {
  for (;;) {
    client::EventStream stream(channel_, token_);
    int64_t since = 0;
    {
      std::lock_guard lock(mu_);
      if (stream_stop_) return;
      current_ = &stream;
      since = last_seq_;
    }
    stream.open(since, [this, &stream](const v1::SubscribeResponse& b) { on_batch(stream, b); });
    const Status ended = stream.wait();
    {
      std::lock_guard lock(mu_);
      current_ = nullptr;
      if (stream_stop_) return;
      ++reconnects_;
      if (ended.code() == Code::kUnauthenticated) {
        problems_.push_back(member_id_ + ": the stream lost its session: " + ended.message());
        return;
      }
    }
    std::this_thread::sleep_for(50ms);  // soukd is restarting; the next attempt waits less
  }
}

void LoadMember::on_batch(client::EventStream& stream, const v1::SubscribeResponse& batch) {
  int64_t high = 0;
  {
    std::lock_guard lock(mu_);
    for (const auto& e : batch.events()) {
      if (e.has_resync_required()) {
        problems_.push_back(member_id_ + ": told to resync from " +
                            std::to_string(e.resync_required().oldest_available_seq()) +
                            " after seq " + std::to_string(last_seq_));
      }
      if (e.seq() == 0) continue;  // presence and typing are not in the log
      if (e.seq() != last_seq_ + 1) {
        problems_.push_back(member_id_ + ": stream gave seq " + std::to_string(e.seq()) +
                            " after " + std::to_string(last_seq_) +
                            (e.seq() <= last_seq_ ? " (again)" : " (a gap)"));
      }
      if (e.seq() <= last_seq_) continue;
      last_seq_ = e.seq();
      high = e.seq();
      seen_.push_back({e.seq(), e.has_message() ? e.message().id() : 0});
    }
  }
  if (high > 0) stream.ack(high);
}

template <class Call>
grpc::Status LoadMember::until_answered(Call&& call, int* attempts) {
  const auto give_up = std::chrono::steady_clock::now() + kGiveUp;
  for (;;) {
    grpc::ClientContext context;
    context.set_wait_for_ready(true);
    context.set_deadline(std::chrono::system_clock::now() + 30s);
    context.AddMetadata("authorization", "Bearer " + token_);
    const grpc::Status status = call(context);
    if (attempts != nullptr) ++*attempts;
    if (!dropped(status.error_code())) {
      ++answered_calls_;
      return status;
    }
    ++failed_calls_;
    if (std::chrono::steady_clock::now() > give_up) return status;
    std::this_thread::sleep_for(20ms);
  }
}

void LoadMember::work_loop() {
  while (!load_stop_) {
    const int pick = static_cast<int>(rng_() % 100);
    if (pick < 50) {
      send_direct();
    } else if (pick < 70) {
      send_group();
    } else if (pick < 78) {
      send_with_file();
    } else if (pick < 88) {
      change_contact();
    } else if (pick < 94) {
      resend_old();
    } else {
      mark_read();
    }
  }
}

std::string LoadMember::next_client_msg_id() {
  return member_id_ + "-" + std::to_string(++next_id_) + "-" + std::to_string(rng_() % 1000000);
}

const std::string& LoadMember::random_peer() {
  for (;;) {
    const auto& peer = roster_.member_ids[rng_() % roster_.member_ids.size()];
    if (peer != member_id_) return peer;
  }
}

void LoadMember::send_direct() {
  v1::SendMessageRequest r;
  *r.mutable_to() = client::ChatClient::peer(random_peer());
  r.set_client_msg_id(next_client_msg_id());
  // Mostly short, now and then long enough to span several SQLite pages.
  const size_t length = rng_() % 10 == 0 ? 4000 + rng_() % 20000 : 1 + rng_() % 200;
  std::string text = r.client_msg_id() + " ";
  while (text.size() < length) text += static_cast<char>('a' + rng_() % 26);
  r.set_text(text);
  send(std::move(r));
}

void LoadMember::send_group() {
  std::vector<int64_t> mine;
  for (const auto& g : roster_.groups) {
    if (std::count(g.member_ids.begin(), g.member_ids.end(), member_id_) > 0) {
      mine.push_back(g.conversation_id);
    }
  }
  if (mine.empty()) return send_direct();
  v1::SendMessageRequest r;
  *r.mutable_to() = client::ChatClient::conversation(mine[rng_() % mine.size()]);
  r.set_client_msg_id(next_client_msg_id());
  r.set_text("to the group: " + r.client_msg_id());
  send(std::move(r));
}

void LoadMember::send_with_file() {
  // Now and then the same bytes again under another upload: one blob, two files.
  uint64_t content = rng_();
  if (!content_seeds_.empty() && rng_() % 5 == 0) {
    content = content_seeds_[rng_() % content_seeds_.size()];
  }
  // Sizes derive from the content, so repeated bytes are the same file; some span chunks.
  const int64_t size = content % 4 == 0 ? 150'000 + static_cast<int64_t>(content % 200'000)
                                        : 1 + static_cast<int64_t>(content % 20'000);
  FinishedUpload done;
  if (!upload(next_client_msg_id(), content, size, done)) return;
  content_seeds_.push_back(content);
  uploads_.push_back(done);
  v1::SendMessageRequest r;
  *r.mutable_to() = client::ChatClient::peer(random_peer());
  r.set_client_msg_id(next_client_msg_id());
  r.add_attachment_file_ids(done.file_id);
  send(std::move(r));
}

bool LoadMember::upload(const std::string& upload_id, uint64_t content_seed, int64_t size,
                        FinishedUpload& done) {
  const GeneratedFile file(content_seed, size);
  const auto spec = file.spec(upload_id, "load.bin");
  client::FileClient files(channel_, token_);
  files.set_chunk_bytes(64 << 10);
  const auto give_up = std::chrono::steady_clock::now() + kGiveUp;
  for (;;) {
    auto result = files.upload(spec, file.reader());
    if (result.ok()) {
      ++answered_calls_;
      done = {upload_id, result->file_id(), hex_encode(spec.sha256), size};
      if (result->sha256_hex() != done.sha256_hex || result->size() != size) {
        problem("upload " + upload_id + " answered " + result->sha256_hex() + ", sent " +
                done.sha256_hex);
      }
      return true;
    }
    ++failed_calls_;
    if (!dropped(result.status().code()) || std::chrono::steady_clock::now() > give_up) {
      problem("upload " + upload_id + " failed: " + result.status().message());
      return false;
    }
    std::this_thread::sleep_for(20ms);
  }
}

void LoadMember::send(v1::SendMessageRequest request) {
  SentMessage sent;
  v1::SendMessageResponse response;
  const grpc::Status status = until_answered(
      [&](grpc::ClientContext& c) { return chat_->SendMessage(&c, request, &response); },
      &sent.attempts);
  if (!status.ok()) {
    problem("send " + request.client_msg_id() + " after " + std::to_string(sent.attempts) +
            " calls: " + status.error_message());
    return;
  }
  if (response.duplicate() && sent.attempts == 1) {
    problem("a fresh client_msg_id " + request.client_msg_id() + " was answered as a duplicate");
  }
  sent.found_on_retry = response.duplicate();
  sent.message_id = response.message().id();
  sent.conversation_id = response.message().conversation_id();
  sent.seq = response.message().seq();
  sent.request = std::move(request);
  sent_.push_back(std::move(sent));
}

void LoadMember::resend_old() {
  if (sent_.empty()) return send_direct();
  const SentMessage& old = sent_[rng_() % sent_.size()];
  v1::SendMessageResponse response;
  const grpc::Status status = until_answered(
      [&](grpc::ClientContext& c) { return chat_->SendMessage(&c, old.request, &response); });
  if (!status.ok()) {
    problem("resend " + old.request.client_msg_id() + ": " + status.error_message());
  } else if (!response.duplicate() || response.message().id() != old.message_id ||
             response.message().seq() != old.seq) {
    problem("resending " + old.request.client_msg_id() + " gave message " +
            std::to_string(response.message().id()) + " (duplicate " +
            std::to_string(response.duplicate()) + "), first " + std::to_string(old.message_id));
  }
}

void LoadMember::change_contact() {
  const std::string peer = random_peer();
  grpc::Status status;
  if (rng_() % 3 == 0) {
    v1::RemoveContactRequest r;
    r.set_member_id(peer);
    v1::RemoveContactResponse response;
    status = until_answered(
        [&](grpc::ClientContext& c) { return contacts_->RemoveContact(&c, r, &response); });
  } else {
    v1::AddContactRequest r;
    r.set_member_id(peer);
    v1::AddContactResponse response;
    status = until_answered(
        [&](grpc::ClientContext& c) { return contacts_->AddContact(&c, r, &response); });
  }
  // Adding a contact twice or removing one that is not there are answers too.
  const auto code = status.error_code();
  if (code != grpc::StatusCode::OK && code != grpc::StatusCode::ALREADY_EXISTS &&
      code != grpc::StatusCode::NOT_FOUND && code != grpc::StatusCode::FAILED_PRECONDITION) {
    problem("contact change with " + peer + ": " + status.error_message());
  }
}

void LoadMember::mark_read() {
  if (sent_.empty()) return send_direct();
  v1::MarkReadRequest r;
  *r.mutable_conversation() =
      client::ChatClient::conversation(sent_[rng_() % sent_.size()].conversation_id);
  v1::MarkReadResponse response;
  const grpc::Status status =
      until_answered([&](grpc::ClientContext& c) { return chat_->MarkRead(&c, r, &response); });
  if (!status.ok()) problem("mark read: " + status.error_message());
}

}  // namespace souk::test
