#include <chrono>
#include <condition_variable>
#include <mutex>

#include "client/cli/chat_commands.hpp"
#include "client/cli/chat_json.hpp"
#include "client/core/event_stream.hpp"

namespace souk::cli {

namespace {

struct WatchArgs {
  int64_t from = -1;  // -1: resume from the profile's cursor
  double idle_exit = 0;
  int64_t count = 0;
};

// Prints each event, then records it in the profile, then acknowledges it: a crash can
// repeat the last line printed, but never lose an event.
int run_watch(const CliContext& ctx, const WatchArgs& a) {
  auto me = ctx.session();
  if (!me) return ctx.out().error(me.status());
  auto channel = ctx.channel();
  if (!channel) return ctx.out().error(channel.status());
  const int64_t since = a.from >= 0 ? a.from : ctx.profile().load_cursor(me->member_id);

  std::mutex mu;
  std::condition_variable changed;
  int64_t printed = 0;
  bool done = false;
  Status failure;
  auto last_activity = std::chrono::steady_clock::now();

  client::EventStream stream(*channel, me->token);
  stream.open(since, [&](const v1::SubscribeResponse& batch) {
    int64_t high = 0;
    for (const auto& e : batch.events()) {
      {
        std::lock_guard lock(mu);
        // Not return: what was printed must still be saved, acked and waited on.
        if (done) break;
      }
      ctx.out().result(event_json(e), event_line(e));
      if (e.seq() > 0) {
        high = e.seq();
        std::lock_guard lock(mu);
        if (a.count > 0 && ++printed >= a.count) done = true;
      }
    }
    if (high > 0) {
      if (auto s = ctx.profile().save_cursor(me->member_id, high); !s.ok()) {
        std::lock_guard lock(mu);
        failure = s;
        done = true;
      }
      stream.ack(high);
    }
    std::lock_guard lock(mu);
    last_activity = std::chrono::steady_clock::now();
    changed.notify_all();
  });

  // The stream thread ends only when the stream does; watch it from here.
  std::thread ended([&] {
    Status s = stream.wait();
    std::lock_guard lock(mu);
    if (!done) failure = s.ok() ? Status(Code::kUnavailable, "the server closed the stream") : s;
    done = true;
    changed.notify_all();
  });

  {
    std::unique_lock lock(mu);
    for (;;) {
      if (done) break;
      if (a.idle_exit > 0) {
        const auto deadline =
            last_activity + std::chrono::milliseconds(static_cast<int64_t>(a.idle_exit * 1000));
        if (changed.wait_until(lock, deadline) == std::cv_status::timeout &&
            std::chrono::steady_clock::now() >=
                last_activity +
                    std::chrono::milliseconds(static_cast<int64_t>(a.idle_exit * 1000))) {
          done = true;
        }
      } else {
        changed.wait(lock);
      }
    }
  }
  stream.close();
  ended.join();
  if (!failure.ok() && failure.code() != Code::kUnavailable) return ctx.out().error(failure);
  if (!failure.ok() && a.idle_exit == 0 && a.count == 0) return ctx.out().error(failure);
  return 0;
}

}  // namespace

void add_watch_command(CLI::App& app, CommandRunner& chosen) {
  auto args = std::make_shared<WatchArgs>();
  auto* w = app.add_subcommand("watch", "print events live, resuming where this profile left off");
  w->add_option("--from", args->from, "start after this event seq instead of the saved cursor");
  w->add_option("--idle-exit", args->idle_exit, "exit after this many seconds without events");
  w->add_option("--count", args->count, "exit after this many events");
  w->callback(
      [&chosen, args] { chosen = [args](const CliContext& c) { return run_watch(c, *args); }; });
}

}  // namespace souk::cli
