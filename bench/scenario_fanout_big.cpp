// fanout-big: one large message to a member with many devices online. What soukd's peak
// memory grows by, against the message's size: a copy per device would be one message per
// stream; serialised once, it is a few messages whatever the number of streams.
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <vector>

#include "bench/bench_support.hpp"
#include "bench/scenarios.hpp"
#include "client/core/chat_client.hpp"
#include "client/core/event_stream.hpp"

namespace souk::bench {

namespace {

// Counts the messages of one size that reach each of a member's devices.
class BigMessageWatch {
 public:
  BigMessageWatch(const BenchUser& user, int streams, size_t text_bytes) : text_bytes_(text_bytes) {
    for (int i = 0; i < streams; ++i) {
      auto& stream =
          streams_.emplace_back(std::make_unique<client::EventStream>(user.channel, user.token));
      stream->open(0, [this](const v1::SubscribeResponse& batch) {
        std::lock_guard lock(mu_);
        for (const auto& e : batch.events()) {
          if (!e.has_message()) continue;
          ++messages_;
          if (e.message().text().size() == text_bytes_) ++big_;
        }
        changed_.notify_all();
      });
    }
  }
  ~BigMessageWatch() {
    for (auto& s : streams_) s->close();
    for (auto& s : streams_) (void)s->wait();
  }
  bool wait(int messages, int big, std::chrono::seconds timeout) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, timeout, [&] { return messages_ >= messages && big_ >= big; });
  }

 private:
  const size_t text_bytes_;
  std::mutex mu_;
  std::condition_variable changed_;
  int messages_ = 0;
  int big_ = 0;
  std::vector<std::unique_ptr<client::EventStream>> streams_;
};

v1::SendMessageRequest text_to(const std::string& peer, std::string text) {
  v1::SendMessageRequest r;
  *r.mutable_to() = client::ChatClient::peer(peer);
  r.set_text(std::move(text));
  r.set_client_msg_id(client::ChatClient::new_client_msg_id());
  return r;
}

}  // namespace

nlohmann::json run_fanout_big(const BenchOptions& o) {
  if (o.soukd_pid == 0) throw std::runtime_error("fanout-big measures its own soukd");
  const size_t text_bytes = static_cast<size_t>(o.big_message_mib) << 20;
  const auto users = make_users(o.address, "big" + o.run_id + "_", 2, 2);
  const BenchUser& sender = users[0];
  const BenchUser& reader = users[1];
  client::ChatClient chat(sender.channel, sender.token);

  BigMessageWatch watch(reader, o.streams, text_bytes);
  // A small message first: once every device has it, every stream is open and live.
  if (!chat.send(text_to(reader.member_id, "hello")).ok()) {
    throw std::runtime_error("the first message was not accepted");
  }
  if (!watch.wait(o.streams, 0, std::chrono::seconds(60))) {
    throw std::runtime_error("not every stream opened");
  }

  // Resets VmHWM, so the peak read afterwards belongs to this message.
  std::ofstream("/proc/" + std::to_string(o.soukd_pid) + "/clear_refs") << "5";
  const auto before = process_usage(o.soukd_pid);
  std::cerr << "sending " << o.big_message_mib << " MiB to " << o.streams << " streams\n";
  const auto start = Clock::now();
  auto sent = chat.send(text_to(reader.member_id, std::string(text_bytes, 'x')));
  if (!sent.ok()) throw std::runtime_error("the large message: " + sent.status().message());
  const double send_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!watch.wait(2 * o.streams, o.streams, std::chrono::seconds(300))) {
    throw std::runtime_error("the large message did not reach every stream");
  }
  const double delivered_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const auto after = process_usage(o.soukd_pid);

  const double growth_mib = static_cast<double>(after.peak_rss_kib - before.rss_kib) / 1024.0;
  nlohmann::json result;
  result["scenario"] = "fanout-big";
  result["message_mib"] = o.big_message_mib;
  result["streams"] = o.streams;
  result["soukd_rss_before_mib"] = static_cast<double>(before.rss_kib) / 1024.0;
  result["soukd_peak_rss_mib"] = static_cast<double>(after.peak_rss_kib) / 1024.0;
  result["soukd_peak_growth_mib"] = growth_mib;
  result["peak_growth_per_message_size"] = growth_mib / static_cast<double>(o.big_message_mib);
  result["send_seconds"] = send_seconds;
  result["delivered_to_all_seconds"] = delivered_seconds;
  return result;
}

}  // namespace souk::bench
