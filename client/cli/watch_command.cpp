// `souk-cli watch`: the live event stream, printed. It follows the server through restarts:
// a stream that ends is opened again from the last event printed, after the same waits the
// window and the bot use between attempts.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "client/cli/chat_commands.hpp"
#include "client/cli/chat_json.hpp"
#include "client/cli/stop_signal.hpp"
#include "client/core/core_options.hpp"
#include "client/core/event_stream.hpp"

namespace souk::cli {

namespace {

using Clock = std::chrono::steady_clock;

struct WatchArgs {
  int64_t from = -1;  // -1: resume from the profile's cursor
  double idle_exit = 0;
  int64_t count = 0;
  bool once = false;  // exit when the stream ends instead of reconnecting
};

// A stream that ends for these reasons may come back: the server restarted, the network
// dropped, or the server was busy. Anything else (a session that ended, a bad request)
// would fail the same way again.
bool worth_retrying(const Status& s) {
  return s.code() == Code::kUnavailable || s.code() == Code::kInternal ||
         s.code() == Code::kResourceExhausted;
}

// What the stream's threads, the signal thread and the waiting main thread share.
class Watch {
 public:
  Watch(const CliContext& ctx, const WatchArgs& args, std::string member_id, int64_t since)
      : ctx_(ctx), args_(args), member_id_(std::move(member_id)), cursor_(since) {}

  // Prints the stream from the cursor until it ends or the watch finishes; how it ended.
  Status follow(std::shared_ptr<grpc::Channel> channel, const std::string& token) {
    int64_t since = 0;
    {
      std::lock_guard lock(mu_);
      since = cursor_;
      stream_ended_ = false;
      heard_ = false;
    }
    client::EventStream stream(std::move(channel), token);
    stream.open(since, [&](const v1::SubscribeResponse& batch) { on_batch(stream, batch); });
    // The stream's thread ends only when the stream does; watch it from here.
    std::thread ended([&] {
      Status s = stream.wait();
      std::lock_guard lock(mu_);
      end_status_ = s.ok() ? Status(Code::kUnavailable, "the server closed the stream") : s;
      stream_ended_ = true;
      changed_.notify_all();
    });
    {
      std::unique_lock lock(mu_);
      wait(lock, std::nullopt, [&] { return stream_ended_; });
    }
    stream.close();
    ended.join();
    std::lock_guard lock(mu_);
    return end_status_;
  }

  // Waits before the next attempt; false if the watch finished meanwhile.
  bool pause(std::chrono::milliseconds delay) {
    std::unique_lock lock(mu_);
    wait(lock, Clock::now() + delay, [] { return false; });
    return !finished_;
  }

  // Any thread: ends the watch at once (SIGINT, SIGTERM).
  void stop() {
    std::lock_guard lock(mu_);
    finished_ = true;
    changed_.notify_all();
  }

  bool finished() {
    std::lock_guard lock(mu_);
    return finished_;
  }
  // The last stream sent something: it was connected.
  bool heard() {
    std::lock_guard lock(mu_);
    return heard_;
  }
  // Why the watch could not go on (the profile could not be written), or OK.
  Status failure() {
    std::lock_guard lock(mu_);
    return failure_;
  }

 private:
  // The stream's thread. Prints each event, then records it in the profile, then
  // acknowledges it: a crash can repeat the last line printed, but never lose an event.
  void on_batch(client::EventStream& stream, const v1::SubscribeResponse& batch) {
    int64_t high = 0;
    for (const auto& e : batch.events()) {
      {
        std::lock_guard lock(mu_);
        // Not return: what was printed must still be saved and acked.
        if (finished_) break;
      }
      ctx_.out().result(event_json(e), event_line(e));
      if (e.seq() > 0) {
        high = e.seq();
        std::lock_guard lock(mu_);
        if (args_.count > 0 && ++printed_ >= args_.count) finished_ = true;
      }
    }
    if (high > 0) {
      Status saved = ctx_.profile().save_cursor(member_id_, high);
      {
        std::lock_guard lock(mu_);
        if (saved.ok()) {
          cursor_ = high;
        } else {
          failure_ = saved;
          finished_ = true;
        }
      }
      stream.ack(high);
    }
    std::lock_guard lock(mu_);
    heard_ = true;
    last_activity_ = Clock::now();
    changed_.notify_all();
  }

  // Under `lock`: until the watch finishes, `ready()` holds or `until` passes. Ends the
  // watch when --idle-exit seconds pass without events.
  template <class Ready>
  void wait(std::unique_lock<std::mutex>& lock, std::optional<Clock::time_point> until,
            Ready ready) {
    const auto idle = std::chrono::milliseconds(static_cast<int64_t>(args_.idle_exit * 1000));
    while (!finished_ && !ready()) {
      std::optional<Clock::time_point> deadline = until;
      if (args_.idle_exit > 0) {
        deadline = std::min(deadline.value_or(Clock::time_point::max()), last_activity_ + idle);
      }
      if (!deadline) {
        changed_.wait(lock);
        continue;
      }
      changed_.wait_until(lock, *deadline);
      const auto now = Clock::now();
      if (args_.idle_exit > 0 && now >= last_activity_ + idle) finished_ = true;
      if (until && now >= *until) return;
    }
  }

  const CliContext& ctx_;
  const WatchArgs& args_;
  const std::string member_id_;
  std::mutex mu_;
  std::condition_variable changed_;
  int64_t cursor_;
  int64_t printed_ = 0;
  bool finished_ = false;
  bool stream_ended_ = false;
  bool heard_ = false;
  Status end_status_;
  Status failure_;
  Clock::time_point last_activity_ = Clock::now();
};

int run_watch(const CliContext& ctx, const WatchArgs& a) {
  auto me = ctx.session();
  if (!me) return ctx.out().error(me.status());
  const int64_t since = a.from >= 0 ? a.from : ctx.profile().load_cursor(me->member_id);
  Watch watch(ctx, a, me->member_id, since);
  StopSignal stop([&watch] { watch.stop(); });

  const client::CoreOptions waits;  // between attempts, as the window and the bot wait
  int attempt = 0;
  Status gave_up;  // why the stream ended, when the watch did not go on
  while (!watch.finished()) {
    // A fresh channel per attempt: gRPC's own backoff would keep failing calls for a
    // while after the server is back.
    auto channel = ctx.channel();
    if (!channel) return ctx.out().error(channel.status());
    const auto opened = Clock::now();
    Status ended = watch.follow(*channel, me->token);
    if (watch.finished()) break;
    if (a.once || !worth_retrying(ended)) {
      gave_up = ended;
      break;
    }
    // A stream that was up starts the waits again; one refused at once keeps doubling them.
    if (watch.heard() || Clock::now() - opened >= waits.reconnect_min) attempt = 0;
    const auto delay = waits.reconnect_delay(attempt++);
    std::cerr << "souk-cli: " << ended.message() << "; reconnecting in "
              << (delay.count() + 999) / 1000 << " s" << std::endl;
    if (!watch.pause(delay) && stop.received() == 0) {
      // --idle-exit ran out while the server could not be reached: that is a failure.
      gave_up = ended;
    }
  }
  if (auto s = watch.failure(); !s.ok()) return ctx.out().error(s);
  if (gave_up.ok() || stop.received() != 0) return 0;
  // As before reconnecting existed: a stream the server ended is the normal end of a
  // bounded watch (--idle-exit, --count), and a failure of an unbounded one.
  if (gave_up.code() != Code::kUnavailable) return ctx.out().error(gave_up);
  if (a.once && (a.idle_exit > 0 || a.count > 0)) return 0;
  return ctx.out().error(gave_up);
}

}  // namespace

void add_watch_command(CLI::App& app, CommandRunner& chosen) {
  auto args = std::make_shared<WatchArgs>();
  auto* w = app.add_subcommand(
      "watch", "print events live, resuming where this profile left off; reconnects by itself");
  w->add_option("--from", args->from, "start after this event seq instead of the saved cursor");
  w->add_option("--idle-exit", args->idle_exit, "exit after this many seconds without events");
  w->add_option("--count", args->count, "exit after this many events");
  w->add_flag("--once", args->once,
              "exit when the stream ends or the server cannot be reached, instead of "
              "reconnecting");
  w->callback(
      [&chosen, args] { chosen = [args](const CliContext& c) { return run_watch(c, *args); }; });
}

}  // namespace souk::cli
