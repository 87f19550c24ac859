#include "bench/bench_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "client/core/auth_client.hpp"
#include "client/core/channel.hpp"
#include "client/core/chat_client.hpp"

namespace souk::bench {

std::vector<BenchUser> make_users(const std::string& address, const std::string& prefix, int count,
                                  int threads) {
  std::vector<BenchUser> users(count);
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  std::string error;
  std::mutex error_mu;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = next++; i < count && !failed; i = next++) {
        auto channel = client::open_channel({address, ""});
        client::AuthClient auth(*channel);
        v1::RegisterRequest reg;
        reg.set_member_id(prefix + std::to_string(i));
        reg.set_password("bench password");
        reg.set_display_name("Bench " + std::to_string(i));
        reg.set_role(v1::ROLE_BUYER);
        auto r = auth.register_account(reg);
        v1::LoginRequest login;
        login.set_member_id(reg.member_id());
        login.set_password(reg.password());
        login.set_device_name("souk-bench");
        auto l = auth.login(login);
        if (!r.ok() || !l.ok()) {
          std::lock_guard lock(error_mu);
          error = (!r.ok() ? r.status() : l.status()).message();
          failed = true;
          return;
        }
        users[i] = {reg.member_id(), l->token(), *channel};
      }
    });
  }
  for (auto& w : workers) w.join();
  if (failed) throw std::runtime_error("cannot create bench users: " + error);
  return users;
}

void Histogram::add(int64_t micros) {
  samples_.push_back(micros);
  sorted_ = false;
}

void Histogram::merge(const Histogram& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
  sorted_ = false;
}

int64_t Histogram::percentile(double p) {
  if (samples_.empty()) return 0;
  if (!sorted_) std::sort(samples_.begin(), samples_.end());
  sorted_ = true;
  const auto index = static_cast<size_t>(p / 100.0 * static_cast<double>(samples_.size() - 1));
  return samples_[index];
}

int64_t Histogram::max() {
  return percentile(100);
}

double Histogram::mean() const {
  if (samples_.empty()) return 0;
  return static_cast<double>(std::accumulate(samples_.begin(), samples_.end(), int64_t{0})) /
         static_cast<double>(samples_.size());
}

std::string stamped_text(size_t bytes) {
  const auto ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
  std::string text = "t=" + std::to_string(ns) + ";";
  if (text.size() < bytes) text.append(bytes - text.size(), 'x');
  return text;
}

int64_t micros_since_stamp(const std::string& text) {
  if (text.rfind("t=", 0) != 0) return -1;
  const auto end = text.find(';');
  if (end == std::string::npos) return -1;
  const int64_t sent_ns = std::stoll(text.substr(2, end - 2));
  const int64_t now_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
  return (now_ns - sent_ns) / 1000;
}

Receiver::Receiver(const BenchUser& user, int64_t since_seq)
    : stream_(std::make_unique<client::EventStream>(user.channel, user.token)) {
  stream_->open(since_seq, [this](const v1::SubscribeResponse& batch) {
    int64_t high = 0;
    int64_t messages = 0;
    Histogram local;
    for (const auto& e : batch.events()) {
      high = std::max(high, e.seq());
      if (!e.has_message()) continue;
      ++messages;
      if (recording_) {
        const int64_t micros = micros_since_stamp(e.message().text());
        if (micros >= 0) local.add(micros);
      }
    }
    received_ += messages;
    if (local.count() > 0) {
      std::lock_guard lock(mu_);
      latencies_.merge(local);
    }
    if (high > 0) stream_->ack(high);
  });
}

Receiver::~Receiver() {
  stream_->close();
  (void)stream_->wait();  // how a stream we cancelled ended is of no interest
}

Histogram Receiver::take_histogram() {
  std::lock_guard lock(mu_);
  return std::exchange(latencies_, Histogram{});
}

AsyncSender::AsyncSender(const BenchUser& from, v1::ConversationRef to, size_t text_bytes)
    : stub_(v1::ChatService::NewStub(from.channel)),
      token_(from.token),
      to_(std::move(to)),
      text_bytes_(text_bytes) {}

void AsyncSender::send(std::function<void(bool ok)> done) {
  struct Call {
    grpc::ClientContext context;
    v1::SendMessageRequest request;
    v1::SendMessageResponse response;
  };
  auto* call = new Call;
  call->context.AddMetadata("authorization", "Bearer " + token_);
  *call->request.mutable_to() = to_;
  call->request.set_client_msg_id(client::ChatClient::new_client_msg_id());
  call->request.set_text(stamped_text(text_bytes_));
  ++started_;
  stub_->async()->SendMessage(&call->context, &call->request, &call->response,
                              [this, call, done = std::move(done)](grpc::Status status) {
                                delete call;
                                ++(status.ok() ? completed_ : failed_);
                                done(status.ok());
                              });
}

void AsyncSender::run_window(int window, int64_t total) {
  for (int i = 0; i < window; ++i) keep_going(total);
}

void AsyncSender::keep_going(int64_t total) {
  if (!running_ || (total > 0 && started_.load() >= total)) return;
  send([this, total](bool) { keep_going(total); });
}

ProcessUsage process_usage(int pid) {
  ProcessUsage usage;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  // Fields after the command name, which may hold spaces; utime and stime are 14 and 15.
  std::istringstream rest(line.substr(line.rfind(')') + 2));
  std::vector<std::string> fields;
  for (std::string f; rest >> f;) fields.push_back(f);
  if (fields.size() > 13) {
    const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
    usage.cpu_seconds = (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
  }
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string l; std::getline(status, l);) {
    if (l.rfind("VmHWM:", 0) == 0) usage.peak_rss_kib = std::stoll(l.substr(6));
    if (l.rfind("VmRSS:", 0) == 0) usage.rss_kib = std::stoll(l.substr(6));
  }
  return usage;
}

}  // namespace souk::bench
