#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "client/core/event_stream.hpp"
#include "souk/v1/chat.pb.h"

namespace souk::test {

// One device's event stream, recording every event it receives and acking each batch.
class EventCollector {
 public:
  EventCollector(const std::string& address, const std::string& token, int64_t since_seq = 0,
                 bool ack = true);
  ~EventCollector();

  using Predicate = std::function<bool(const std::vector<v1::Event>&)>;
  // True once `done` holds for the events so far; false after `timeout`.
  bool wait_for(const Predicate& done,
                std::chrono::milliseconds timeout = std::chrono::seconds(20));
  bool wait_for_messages(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(20));

  std::vector<v1::Event> events() const;
  std::vector<v1::Message> messages() const;
  std::vector<v1::Receipt> receipts() const;
  int64_t last_seq() const;
  // Cuts the stream as a lost connection would, and waits until it is gone.
  void cut();

 private:
  std::unique_ptr<client::EventStream> stream_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::vector<v1::Event> events_;
};

}  // namespace souk::test
