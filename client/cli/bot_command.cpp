// `souk-cli bot`: a seller that stays online and answers every message, for the demo and
// for trying the client alone. It runs on client/core like the desktop window: it resumes
// the profile's session, keeps a local cache, and reconnects by itself.
#include <atomic>
#include <set>

#include "client/cli/chat_commands.hpp"
#include "client/cli/stop_signal.hpp"
#include "client/core/core.hpp"

namespace souk::cli {

namespace {

struct BotArgs {
  std::string reply;
  std::string cache_dir;
  int64_t count = 0;  // exit after this many replies (0: run until stopped)
  // Sent once to each buyer after the first reply: a product photo and a line in the
  // seller's own language (the demo shows a photo and a translation this way).
  std::string photo;
  std::string follow_up;
};

std::string reply_to(const client::ChatMessage& m, const client::Store& s, const BotArgs& a) {
  if (!a.reply.empty()) return a.reply;
  std::string shop = s.me.shop_name.empty() ? s.me.display_name : s.me.shop_name;
  std::string text = "Hello, thank you for writing to " + shop + "! ";
  if (m.context && !m.context->title().empty()) {
    text += "Yes, \"" + m.context->title() + "\" is in stock in sizes M and L. ";
  } else {
    text += "Everything in our catalogue ships within 3 days. ";
  }
  return text + "What quantity do you need?";
}

// The newest committed message is from someone else and we have nothing on its way.
const client::ChatMessage* unanswered(const client::Chat& chat) {
  const client::ChatMessage* last = nullptr;
  for (const auto& m : chat.messages) {
    if (m.outgoing && m.seq == 0) return nullptr;
    if (m.seq > 0) last = &m;
  }
  return last != nullptr && !last->outgoing ? last : nullptr;
}

int run_bot(const CliContext& ctx, const BotArgs& a) {
  client::CoreOptions options;
  options.profile_dir = ctx.profile().dir();
  // Next to the profile, so a demo or a test keeps all of the bot's files in one place.
  options.cache_dir =
      a.cache_dir.empty() ? ctx.profile().dir() / "cache" : std::filesystem::path(a.cache_dir);
  options.server = ctx.server();
  options.device_name = "souk-cli bot";
  client::Core core(options);

  // Chats with news since we last looked; answered once the queue is quiet, so a replay
  // of old history (where we already answered) does not get answered again.
  std::set<client::ChatKey> touched;
  core.on_events([&touched](const client::Store& s, const v1::SubscribeResponse& batch) {
    for (const auto& e : batch.events()) {
      if (!e.has_message() || e.message().sender() == s.me.member_id) continue;
      touched.insert(client::ChatKey::direct(e.message().sender()));
    }
  });
  std::atomic<bool> stop_requested{false};
  StopSignal stop([&stop_requested] { stop_requested = true; });
  core.start();

  int64_t replies = 0;
  std::set<std::string> accepted;
  bool announced = false;
  while (!stop_requested) {
    if (core.wait_and_poll(std::chrono::milliseconds(200)) > 0) continue;
    const auto& s = core.store();
    if (s.connection.phase == client::ConnectionState::Phase::kSignedOut) {
      return ctx.out().error(unauthenticated(s.errors.login.empty()
                                                 ? "not logged in; run 'souk-cli login ID' first"
                                                 : s.errors.login));
    }
    if (s.connection.online() && !announced) {
      announced = true;
      ctx.out().result({{"online", s.me.member_id}},
                       s.me.member_id + " is online and answers every message (Ctrl+C stops)");
    }
    for (const auto& request : s.contacts.incoming_requests) {
      if (accepted.insert(request.member_id).second) {
        core.commands().answer_request(request.member_id, true);
      }
    }
    for (const auto& chat_id : touched) {
      const auto* chat = s.chat(chat_id);
      const auto* last = chat != nullptr ? unanswered(*chat) : nullptr;
      if (last == nullptr) continue;
      const std::string text = reply_to(*last, s, a);
      // Remembered in the local cache, so a restarted bot does not introduce itself again.
      const std::string introduced = "bot.introduced." + chat_id.name();
      const bool first_answer = !s.settings.contains(introduced);
      core.commands().mark_read(chat_id);
      core.commands().send_text(chat_id, text);
      ctx.out().result({{"replied_to", chat_id.name()}, {"text", text}},
                       "replied to " + chat_id.name());
      if (first_answer && (!a.follow_up.empty() || !a.photo.empty())) {
        core.commands().set_setting(introduced, "yes");
        if (!a.follow_up.empty()) core.commands().send_text(chat_id, a.follow_up);
        if (!a.photo.empty()) core.transfers().send_files(chat_id, {a.photo});
      }
      ++replies;
    }
    touched.clear();
    if (a.count > 0 && replies >= a.count) break;
  }
  // Let the last replies and photos leave before exiting (replies would go next time anyway).
  // Whoever sends SIGINT or SIGTERM wants the bot gone within a second: replies not yet
  // sent then wait in the outbox for the next run, and a photo still uploading is dropped.
  const auto give_up_at =
      std::chrono::steady_clock::now() +
      (stop_requested ? std::chrono::milliseconds(500) : std::chrono::seconds(30));
  while (std::chrono::steady_clock::now() < give_up_at && core.store().connection.online()) {
    bool pending = false;
    for (const auto& [id, chat] : core.store().chats) {
      for (const auto& m : chat.messages) pending |= m.pending && m.failed.empty();
    }
    for (const auto& [id, t] : core.store().transfers) pending |= t.active();
    if (!pending) break;
    core.wait_and_poll(std::chrono::milliseconds(100));
  }
  return 0;
}

}  // namespace

void add_bot_command(CLI::App& app, CommandRunner& chosen) {
  auto args = std::make_shared<BotArgs>();
  auto* b = app.add_subcommand(
      "bot", "stay online as this profile's member and answer every incoming message");
  b->add_option("--reply", args->reply, "answer with this text instead of a product reply");
  b->add_option("--cache-dir", args->cache_dir,
                "where the local history lives (default: cache/ in the profile)");
  b->add_option("--count", args->count, "exit after this many replies");
  b->add_option("--photo", args->photo, "also send this photo once to each buyer")
      ->check(CLI::ExistingFile);
  b->add_option("--follow-up", args->follow_up, "also send this line once to each buyer");
  b->callback(
      [&chosen, args] { chosen = [args](const CliContext& c) { return run_bot(c, *args); }; });
}

}  // namespace souk::cli
