#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "client/core/event_stream.hpp"
#include "souk/v1/chat.grpc.pb.h"
#include "souk/v1/contacts.grpc.pb.h"

namespace souk::test {

// Who may be written to: every member's ID, and each group chat with its members.
struct Roster {
  std::vector<std::string> member_ids;
  struct Group {
    int64_t conversation_id = 0;
    std::vector<std::string> member_ids;
  };
  std::vector<Group> groups;
};

// What the sender was told about one message: the answer to the call that returned OK.
struct SentMessage {
  v1::SendMessageRequest request;
  int64_t message_id = 0;
  int64_t conversation_id = 0;
  int64_t seq = 0;
  int attempts = 0;             // calls until one answered OK
  bool found_on_retry = false;  // a call failed, yet the message had been committed
};

// An upload that finished, with the hash of the bytes the client sent.
struct FinishedUpload {
  std::string upload_id;
  std::string file_id;
  std::string sha256_hex;
  int64_t size = 0;
};

// One event of the member's log as its stream delivered it.
struct SeenEvent {
  int64_t seq = 0;
  int64_t message_id = 0;  // 0 unless a message
};

// One member's client under mixed load: a worker that sends direct and group messages,
// uploads files and sends them, adds and removes contacts, marks chats read and resends
// what was sent already; and a Subscribe stream that records every event, acks it and,
// whenever soukd goes away, resubscribes from the last seq it acked. A call that fails
// because soukd died is made again, unchanged (the same client_msg_id), until answered.
class LoadMember {
 public:
  LoadMember(std::shared_ptr<grpc::Channel> channel, std::string member_id, std::string token,
             const Roster& roster, uint64_t seed);
  ~LoadMember();
  LoadMember(const LoadMember&) = delete;
  LoadMember& operator=(const LoadMember&) = delete;

  void start();
  // Lets the call in progress finish (soukd must be serving) and stops the worker.
  void stop_load();
  void stop_stream();

  const std::string& member_id() const { return member_id_; }
  const std::string& token() const { return token_; }
  int64_t last_seq() const;
  std::vector<SeenEvent> seen() const;
  // Valid once the worker has stopped.
  const std::vector<SentMessage>& sent() const { return sent_; }
  const std::vector<FinishedUpload>& uploads() const { return uploads_; }
  // What was wrong as it happened: a seq repeated or skipped, an answer that makes no sense.
  std::vector<std::string> problems() const;
  int64_t reconnects() const { return reconnects_; }
  int64_t failed_calls() const { return failed_calls_; }
  int64_t answered_calls() const { return answered_calls_.load(); }

 private:
  void stream_loop();
  void on_batch(client::EventStream& stream, const v1::SubscribeResponse& batch);
  void work_loop();
  void send_direct();
  void send_group();
  void send_with_file();
  void resend_old();
  void change_contact();
  void mark_read();
  void send(v1::SendMessageRequest request);
  bool upload(const std::string& upload_id, uint64_t content_seed, int64_t size,
              FinishedUpload& done);
  // Makes the call until soukd answers it (anything but a dropped or refused call).
  template <class Call>
  grpc::Status until_answered(Call&& call, int* attempts = nullptr);
  void problem(const std::string& what);
  std::string next_client_msg_id();
  const std::string& random_peer();

  std::shared_ptr<grpc::Channel> channel_;
  std::string member_id_;
  std::string token_;
  const Roster& roster_;
  std::mt19937_64 rng_;
  std::unique_ptr<v1::ChatService::Stub> chat_;
  std::unique_ptr<v1::ContactService::Stub> contacts_;

  std::atomic<bool> load_stop_{false};
  std::thread worker_;
  std::vector<SentMessage> sent_;
  std::vector<FinishedUpload> uploads_;
  std::vector<uint64_t> content_seeds_;
  int64_t next_id_ = 0;
  int64_t failed_calls_ = 0;
  std::atomic<int64_t> answered_calls_{0};

  mutable std::mutex mu_;
  bool stream_stop_ = false;
  client::EventStream* current_ = nullptr;
  std::thread streamer_;
  int64_t last_seq_ = 0;
  std::vector<SeenEvent> seen_;
  std::vector<std::string> problems_;
  int64_t reconnects_ = 0;
};

}  // namespace souk::test
