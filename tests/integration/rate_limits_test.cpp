// What one caller can make soukd do per second, and what a connection or stream that sends
// nothing may hold: per-member rates with a retry hint, the Translate cap, the idle limit
// for streams that never start, and the streams one connection may have open.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/crypto.hpp"
#include "integration/fixture.hpp"
#include "souk/v1/chat.grpc.pb.h"
#include "souk/v1/contacts.grpc.pb.h"
#include "souk/v1/files.grpc.pb.h"
#include "souk/v1/groups.grpc.pb.h"
#include "souk/v1/translation.grpc.pb.h"

namespace souk::test {
namespace {

using namespace std::chrono_literals;

// How a call ended, with the retry hint soukd attached, if any.
struct Answer {
  grpc::Status status;
  int64_t retry_after_ms = -1;
};

// A raw call with the session token, so that the trailing metadata can be read.
template <class Stub, class Request, class Response>
Answer call(Stub& stub,
            grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
            const std::string& token, const Request& request) {
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + token);
  context.set_deadline(std::chrono::system_clock::now() + 20s);
  Response response;
  Answer answer{(stub.*method)(&context, request, &response)};
  const auto& trailers = context.GetServerTrailingMetadata();
  if (auto it = trailers.find("retry-after-ms"); it != trailers.end()) {
    answer.retry_after_ms = std::stoll(std::string(it->second.data(), it->second.size()));
  }
  return answer;
}

class RateLimits : public SoukdTest {
 protected:
  // Every rated call: one a second, three at once; streams that never start end after 1 s.
  void SetUp() override {
    start({"--send-rate-per-second",    "1", "--send-burst",          "3",
           "--typing-rate-per-second",  "1", "--typing-burst",        "3",
           "--search-rate-per-second",  "1", "--search-burst",        "3",
           "--contact-rate-per-second", "1", "--contact-burst",       "3",
           "--group-rate-per-second",   "1", "--group-burst",         "3",
           "--stream-idle-seconds",     "1", "--max-translate-bytes", "1024",
           "--disk-free-floor-bytes",   "0"});
    channel_ = *client::open_channel({server_->address(), ""});
  }

  // Registers a seller (anyone may add them or put them in a group) and logs in.
  std::string open_seller(const std::string& id) {
    auto r = buyer(id, id);
    r.set_role(v1::ROLE_SELLER);
    r.set_shop_name(id + " shop");
    EXPECT_TRUE(auth_client().register_account(r).ok());
    return another_device(id);
  }

  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(RateLimits, EachRatedCallRefusesPastItsBurstWithAHintThatHolds) {
  auto chat_stub = v1::ChatService::NewStub(channel_);
  auto contact_stub = v1::ContactService::NewStub(channel_);
  auto group_stub = v1::GroupService::NewStub(channel_);
  for (int i = 0; i < 5; ++i) open_seller("shop" + std::to_string(i));
  open_seller("late");
  const auto typist = member("typist");
  ASSERT_TRUE(chat(typist).send(text_to("shop0", "a chat to type in")).ok());

  // make(token, i) is the i-th call of a member; kLater marks the one after the wait.
  constexpr int kLater = 1000;
  struct Case {
    std::string name;
    std::string words;  // what the refusal says was too many
    std::function<Answer(const std::string& token, int i)> make;
  };
  const std::vector<Case> cases = {
      {"SendMessage", "messages",
       [&](const std::string& token, int i) {
         return call(*chat_stub, &v1::ChatService::Stub::SendMessage, token,
                     text_to("shop0", "message " + std::to_string(i)));
       }},
      {"SetTyping", "typing notices",
       [&](const std::string& token, int i) {
         v1::SetTypingRequest r;
         *r.mutable_conversation() = client::ChatClient::peer("shop0");
         r.set_typing(i % 2 == 0);
         return call(*chat_stub, &v1::ChatService::Stub::SetTyping, token, r);
       }},
      {"SearchUsers", "searches",
       [&](const std::string& token, int) {
         v1::SearchUsersRequest r;
         r.set_query("shop");
         return call(*contact_stub, &v1::ContactService::Stub::SearchUsers, token, r);
       }},
      {"AddContact", "contact requests",
       [&](const std::string& token, int i) {
         v1::AddContactRequest r;
         // Past the first five, a repeat (ALREADY_EXISTS) still takes a token.
         r.set_member_id(i == kLater ? "late" : "shop" + std::to_string(i % 5));
         return call(*contact_stub, &v1::ContactService::Stub::AddContact, token, r);
       }},
      {"CreateGroupChat", "new group chats",
       [&](const std::string& token, int i) {
         v1::CreateGroupChatRequest r;
         r.set_name("group " + std::to_string(i));
         r.add_member_ids("shop0");
         return call(*group_stub, &v1::GroupService::Stub::CreateGroupChat, token, r);
       }},
  };

  std::map<std::string, int> passed;  // calls that got through, by case
  for (size_t k = 0; k < cases.size(); ++k) {
    const auto& c = cases[k];
    SCOPED_TRACE(c.name);
    // Each call its own member, so that the buckets are seen one at a time.
    const auto token = c.name == "SetTyping" ? typist : member("caller" + std::to_string(k));
    for (int i = 0; i < 3; ++i) {
      const auto ok = c.make(token, i);
      ASSERT_TRUE(ok.status.ok()) << "call " << i + 1
                                  << " of the burst: " << ok.status.error_message();
      EXPECT_EQ(ok.retry_after_ms, -1) << "no hint on a call that passed";
      ++passed[c.name];
    }
    // Calls back to back outrun one token a second, however slow each call is here.
    Answer refused;
    for (int i = 3; i < 20; ++i) {
      refused = c.make(token, i);
      if (refused.status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) break;
      EXPECT_EQ(refused.retry_after_ms, -1) << "no hint on a call that passed";
      if (refused.status.ok()) ++passed[c.name];
    }
    ASSERT_EQ(refused.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
        << refused.status.error_message();
    const auto& message = refused.status.error_message();
    EXPECT_NE(message.find("too many " + c.words), std::string::npos) << message;
    EXPECT_NE(message.find("at most 1 a second, 3 at once"), std::string::npos) << message;
    EXPECT_NE(message.find("try again in"), std::string::npos) << message;
    ASSERT_GT(refused.retry_after_ms, 0);
    EXPECT_LE(refused.retry_after_ms, 1000) << "a token comes back every second";
    EXPECT_NE(message.find(std::to_string(refused.retry_after_ms) + " ms"), std::string::npos)
        << "the message and the metadata give the same wait: " << message;

    // Waiting as told is enough.
    std::this_thread::sleep_for(std::chrono::milliseconds(refused.retry_after_ms));
    const auto later = c.make(token, kLater);
    EXPECT_TRUE(later.status.ok()) << later.status.error_message();
    if (later.status.ok()) ++passed[c.name];
  }

  // A refused call changed nothing: exactly the sends and groups that passed are stored
  // (besides the first message of the typing chat and the groups' "created" entries).
  storage::Database db(server_->database(), storage::Database::Mode::kReadOnly);
  auto sends = db.prepare("SELECT count(*) FROM messages WHERE text LIKE 'message %'");
  ASSERT_TRUE(sends.step());
  EXPECT_EQ(sends.int64(0), passed["SendMessage"]);
  EXPECT_EQ(count_rows("conversations"), 2 + passed["CreateGroupChat"])
      << "two direct chats and the groups";
}

TEST_F(RateLimits, TranslateRefusesTextOverTheCapAndTranslatesNothing) {
  const auto token = member("translator");
  auto stub = v1::TranslationService::NewStub(channel_);
  v1::TranslateRequest r;
  r.set_to("es");
  r.set_from("en");
  r.set_text(std::string(1025, 'a'));
  const auto refused = call(*stub, &v1::TranslationService::Stub::Translate, token, r);
  ASSERT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << refused.status.error_message();
  EXPECT_NE(refused.status.error_message().find("max_translate_bytes"), std::string::npos)
      << refused.status.error_message();
  EXPECT_NE(refused.status.error_message().find("at most 1024 bytes"), std::string::npos)
      << refused.status.error_message();
  EXPECT_EQ(count_rows("translation_cache"), 0) << "nothing went to the engine";

  r.set_text("Good morning.");
  const auto translated = call(*stub, &v1::TranslationService::Stub::Translate, token, r);
  EXPECT_TRUE(translated.status.ok())
      << "text within the cap is translated: " << translated.status.error_message();
}

// An upload that opens and then sends nothing (or only its header), never closing its side.
// How a client call the test holds open ended: the status the server ended it with, or
// nothing after `timeout` (then the call is cancelled, so that it ends either way).
class EndedCall {
 public:
  std::optional<grpc::Status> ended(std::chrono::seconds timeout) {
    auto future = done_.get_future();
    if (future.wait_for(timeout) == std::future_status::ready) return future.get();
    context_.TryCancel();
    future.wait();
    return std::nullopt;
  }

 protected:
  grpc::ClientContext context_;
  std::promise<grpc::Status> done_;
};

class QuietUpload final : public EndedCall, public grpc::ClientWriteReactor<v1::UploadFileRequest> {
 public:
  QuietUpload(v1::FileService::Stub& stub, const std::string& token,
              const v1::UploadFileRequest* header) {
    context_.AddMetadata("authorization", "Bearer " + token);
    stub.async()->UploadFile(&context_, &response_, this);
    if (header != nullptr) StartWrite(header);
    StartCall();
  }
  void OnDone(const grpc::Status& status) override { done_.set_value(status); }

 private:
  v1::UploadFileResponse response_;
};

// A Subscribe that never sends its first frame.
class QuietSubscribe final
    : public EndedCall,
      public grpc::ClientBidiReactor<v1::SubscribeRequest, v1::SubscribeResponse> {
 public:
  QuietSubscribe(v1::ChatService::Stub& stub, const std::string& token) {
    context_.AddMetadata("authorization", "Bearer " + token);
    stub.async()->Subscribe(&context_, this);
    StartCall();
  }
  void OnDone(const grpc::Status& status) override { done_.set_value(status); }
};

void expect_idle_end(const std::optional<grpc::Status>& status, const std::string& what) {
  ASSERT_TRUE(status) << what << " was still open after 20 s";
  EXPECT_EQ(status->error_code(), grpc::StatusCode::DEADLINE_EXCEEDED)
      << what << ": " << status->error_message();
  EXPECT_NE(status->error_message().find("stream_idle_seconds"), std::string::npos)
      << what << ": " << status->error_message();
}

TEST_F(RateLimits, UploadsThatSendNothingAreEndedAfterTheIdleLimit) {
  const auto token = member("uploader");
  auto stub = v1::FileService::NewStub(channel_);
  v1::UploadFileRequest header;
  auto* h = header.mutable_header();
  h->set_upload_id("quiet-upload");
  h->set_name("quiet.bin");
  h->set_size(1000);
  h->set_sha256(souk::sha256(std::string(1000, 'q')));

  QuietUpload nothing(*stub, token, nullptr);
  QuietUpload header_only(*stub, token, &header);
  expect_idle_end(nothing.ended(20s), "an upload without a header");
  expect_idle_end(header_only.ended(20s), "an upload without a chunk");

  // The upload it opened stays, to be resumed from where it was.
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + token);
  v1::QueryUploadRequest query;
  query.set_upload_id("quiet-upload");
  v1::QueryUploadResponse progress;
  const auto queried = stub->QueryUpload(&context, query, &progress);
  ASSERT_TRUE(queried.ok()) << queried.error_message();
  EXPECT_EQ(progress.committed_offset(), 0);
  EXPECT_FALSE(progress.complete());
}

TEST_F(RateLimits, ASubscribeWithoutItsFirstFrameIsEndedButAnIdleStartedOneStays) {
  const auto token = member("listener");
  const auto talker = open_seller("talker");
  EventCollector started(server_->address(), token);
  auto stub = v1::ChatService::NewStub(channel_);
  QuietSubscribe quiet(*stub, token);
  expect_idle_end(quiet.ended(20s), "a Subscribe without its first frame");

  // The stream that sent its first frame has sat idle longer than the limit by now, and
  // still delivers.
  ASSERT_TRUE(chat(talker).send(text_to("listener", "still there?")).ok());
  EXPECT_TRUE(started.wait_for_messages(1));
}

TEST_F(RateLimits, StreamsPastTheConnectionCapWaitUntilOneCloses) {
  stop_server(SIGTERM);
  start({"--max-streams-per-connection", "2"});
  const auto token = member("many.streams");
  ASSERT_TRUE(chat(member("friend")).send(text_to("many.streams", "hello")).ok());
  // Both streams and the calls below share one channel, so one connection.
  auto channel = *client::open_channel({server_->address(), ""});
  std::vector<std::unique_ptr<client::EventStream>> streams;
  for (int i = 0; i < 2; ++i) {
    auto replayed = std::make_shared<std::promise<void>>();
    auto once = std::make_shared<std::once_flag>();
    streams.push_back(std::make_unique<client::EventStream>(channel, token));
    streams.back()->open(0, [replayed, once](const v1::SubscribeResponse&) {
      std::call_once(*once, [&] { replayed->set_value(); });
    });
    ASSERT_EQ(replayed->get_future().wait_for(20s), std::future_status::ready) << "stream " << i;
  }

  auto stub = v1::ChatService::NewStub(channel);
  auto list = [&](std::chrono::milliseconds deadline) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    v1::ListConversationsResponse response;
    return stub->ListConversations(&context, v1::ListConversationsRequest{}, &response);
  };
  // A third call on the connection waits in the client for a free stream (HTTP/2
  // SETTINGS_MAX_CONCURRENT_STREAMS); it is not sent, so its deadline passes.
  const auto waited = list(1500ms);
  EXPECT_EQ(waited.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << waited.error_message();

  streams.front()->close();
  (void)streams.front()->wait();  // cut from this side: how it ended says nothing here
  const auto served = list(20s);
  EXPECT_TRUE(served.ok()) << "with a stream closed, the next call goes through: "
                           << served.error_message();
  streams.clear();
}

}  // namespace
}  // namespace souk::test
