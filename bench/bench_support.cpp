#include "bench/bench_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <optional>
#include <random>
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

namespace {

int64_t nanos_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// ChatClient::new_client_msg_id's layout (time first, so the server's idempotency index
// grows at its end), written into a string whose buffer is reused.
void fill_client_msg_id(std::string& id) {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  char buf[40];
  const int n =
      std::snprintf(buf, sizeof buf, "%012llx%016llx", static_cast<unsigned long long>(ms),
                    static_cast<unsigned long long>(rng()));
  id.assign(buf, static_cast<size_t>(n));
}

}  // namespace

void stamp_text(std::string& text, size_t bytes) {
  char buf[32] = "t=";
  auto [end, ec] = std::to_chars(buf + 2, buf + sizeof buf - 1, nanos_now());
  *end++ = ';';
  text.assign(buf, end);
  if (text.size() < bytes) text.append(bytes - text.size(), 'x');
}

std::string stamped_text(size_t bytes) {
  std::string text;
  stamp_text(text, bytes);
  return text;
}

int64_t micros_since_stamp(std::string_view text) {
  if (!text.starts_with("t=")) return -1;
  const auto end = text.find(';');
  if (end == std::string_view::npos) return -1;
  int64_t sent_ns = 0;
  if (std::from_chars(text.data() + 2, text.data() + end, sent_ns).ec != std::errc{}) return -1;
  return (nanos_now() - sent_ns) / 1000;
}

Receiver::Receiver(const BenchUser& user, int64_t since_seq)
    : stub_(v1::ChatService::NewStub(user.channel)),
      stream_(std::make_unique<LiveStream>(
          *stub_, user.token,
          LiveStream::OnBatch([this](const v1::SubscribeResponse& b) { on_batch(b); }),
          /*ack=*/true, since_seq)) {}

void Receiver::on_batch(const v1::SubscribeResponse& batch) {
  int64_t messages = 0;
  const bool recording = recording_;
  std::unique_lock lock(mu_, std::defer_lock);
  for (const auto& e : batch.events()) {
    if (!e.has_message()) continue;
    ++messages;
    if (!recording) continue;
    const int64_t micros = micros_since_stamp(e.message().text());
    if (micros < 0) continue;
    if (!lock.owns_lock()) lock.lock();
    latencies_.add(micros);
  }
  received_ += messages;
}

Receiver::~Receiver() {
  stream_->cancel();
  stream_->wait_done();  // how a stream we cancelled ended is of no interest
}

Histogram Receiver::take_histogram() {
  std::lock_guard lock(mu_);
  return std::exchange(latencies_, Histogram{});
}

// One send in flight. gRPC is done with it when OnDone runs (it has freed its own call by
// then), so the same reactor, request and response serve the next send; only the context
// must be new for each call.
class AsyncSender::Call final : public grpc::ClientUnaryReactor {
 public:
  explicit Call(AsyncSender& owner) : owner_(owner) {}
  void OnDone(const grpc::Status& status) override { owner_.finished(this, status.ok()); }

  std::optional<grpc::ClientContext> context;
  v1::SendMessageRequest request;
  v1::SendMessageResponse response;
  bool windowed = false;  // started again when done, while the sender runs

 private:
  AsyncSender& owner_;
};

AsyncSender::AsyncSender(const BenchUser& from, v1::ConversationRef to, size_t text_bytes)
    : stub_(v1::ChatService::NewStub(from.channel)),
      bearer_("Bearer " + from.token),
      to_(std::move(to)),
      text_bytes_(text_bytes) {}

AsyncSender::~AsyncSender() {
  stop();
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [this] { return free_.size() == calls_.size(); });
}

AsyncSender::Call* AsyncSender::take_call() {
  std::lock_guard lock(mu_);
  if (free_.empty()) {
    calls_.push_back(std::make_unique<Call>(*this));
    *calls_.back()->request.mutable_to() = to_;
    return calls_.back().get();
  }
  Call* call = free_.back();
  free_.pop_back();
  return call;
}

void AsyncSender::start(Call* call) {
  ++started_;
  call->context.emplace();
  call->context->AddMetadata("authorization", bearer_);
  fill_client_msg_id(*call->request.mutable_client_msg_id());
  stamp_text(*call->request.mutable_text(), text_bytes_);
  call->response.Clear();
  stub_->async()->SendMessage(&*call->context, &call->request, &call->response, call);
  call->StartCall();
}

void AsyncSender::send() {
  Call* call = take_call();
  call->windowed = false;
  start(call);
}

void AsyncSender::finished(Call* call, bool ok) {
  ++(ok ? completed_ : failed_);
  if (call->windowed && running_ && (total_ == 0 || started_.load() < total_)) {
    return start(call);
  }
  std::lock_guard lock(mu_);
  free_.push_back(call);
  if (free_.size() == calls_.size()) idle_cv_.notify_all();
}

void AsyncSender::run_window(int window, int64_t total) {
  total_ = total;
  for (int i = 0; i < window; ++i) {
    if (!running_ || (total > 0 && started_.load() >= total)) return;
    Call* call = take_call();
    call->windowed = true;
    start(call);
  }
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
