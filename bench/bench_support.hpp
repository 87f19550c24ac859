#pragma once

#include <grpcpp/channel.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/live_stream.hpp"
#include "souk/v1/chat.grpc.pb.h"

namespace souk::bench {

using Clock = std::chrono::steady_clock;

struct BenchUser {
  std::string member_id;
  std::string token;
  std::shared_ptr<grpc::Channel> channel;
};

// Registers and logs in `count` users named PREFIX0..; Argon2 makes this the slow part of
// setting up, so it runs on `threads` threads.
std::vector<BenchUser> make_users(const std::string& address, const std::string& prefix, int count,
                                  int threads = 4);

// Latency samples in microseconds.
class Histogram {
 public:
  void add(int64_t micros);
  void merge(const Histogram& other);
  size_t count() const { return samples_.size(); }
  int64_t percentile(double p);  // sorts on first use
  int64_t max();
  double mean() const;

 private:
  std::vector<int64_t> samples_;
  bool sorted_ = false;
};

// 100-byte chat texts that carry their send time, so the receiver can time delivery.
std::string stamped_text(size_t bytes);
// The same into `text`, whose buffer is reused: no allocation once it has grown.
void stamp_text(std::string& text, size_t bytes);
// Microseconds since the stamp, or -1 for a text without one.
int64_t micros_since_stamp(std::string_view text);

// One receiving device on gRPC's callback API (no thread of its own): counts message events,
// times them, acknowledges what it has, one ack in flight at a time.
class Receiver {
 public:
  Receiver(const BenchUser& user, int64_t since_seq = 0);
  ~Receiver();
  int64_t received() const { return received_.load(); }
  // Only samples taken while recording is on count (the warm-up is left out).
  void set_recording(bool on) { recording_ = on; }
  Histogram take_histogram();

 private:
  void on_batch(const v1::SubscribeResponse& batch);

  std::unique_ptr<v1::ChatService::Stub> stub_;
  std::atomic<int64_t> received_{0};
  std::atomic<bool> recording_{false};
  std::mutex mu_;
  Histogram latencies_;
  std::unique_ptr<LiveStream> stream_;  // last: gone before what its callbacks use
};

// Sends without waiting, through gRPC's callback API; counts what completes. Each call in
// flight is a reactor that is kept and reused, request and all, for the next send, so a
// send allocates nothing of the bench's own beyond what gRPC needs for a fresh call.
class AsyncSender {
 public:
  AsyncSender(const BenchUser& from, v1::ConversationRef to, size_t text_bytes);
  // Stops and waits for every send in flight, whose reactors this owns.
  ~AsyncSender();
  AsyncSender(const AsyncSender&) = delete;
  AsyncSender& operator=(const AsyncSender&) = delete;
  // Issues one send.
  void send();
  // Keeps `window` sends in flight until stop() or `total` sends (0: unbounded).
  void run_window(int window, int64_t total = 0);
  void stop() { running_ = false; }
  int64_t completed() const { return completed_.load(); }
  int64_t failed() const { return failed_.load(); }
  int64_t in_flight() const { return started_.load() - completed_.load() - failed_.load(); }

 private:
  class Call;
  // A reactor from the free list, or a new one.
  Call* take_call();
  void start(Call* call);
  void finished(Call* call, bool ok);

  std::unique_ptr<v1::ChatService::Stub> stub_;
  const std::string bearer_;
  const v1::ConversationRef to_;
  const size_t text_bytes_;
  std::atomic<bool> running_{true};
  std::atomic<int64_t> started_{0};
  std::atomic<int64_t> completed_{0};
  std::atomic<int64_t> failed_{0};
  std::atomic<int64_t> total_{0};  // run_window's bound
  std::mutex mu_;
  std::condition_variable idle_cv_;
  std::vector<std::unique_ptr<Call>> calls_;
  std::vector<Call*> free_;
};

// Runs fn(i) for every i in [0, n) on `threads` threads.
template <class Fn>
void parallel_for(int n, int threads, Fn fn) {
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = next++; i < n; i = next++) fn(i);
    });
  }
  for (auto& t : pool) t.join();
}

inline int64_t micros_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch())
      .count();
}

// CPU seconds and peak resident memory of a process, from /proc.
struct ProcessUsage {
  double cpu_seconds = 0;
  int64_t peak_rss_kib = 0;
  int64_t rss_kib = 0;
};
ProcessUsage process_usage(int pid);

}  // namespace souk::bench
