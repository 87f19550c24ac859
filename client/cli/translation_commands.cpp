#include "client/cli/translation_commands.hpp"

#include "client/cli/translation_json.hpp"

namespace souk::cli {

namespace {

struct SettingsArgs {
  bool enable = false;
  bool disable = false;
  std::string to;
  std::string write_in;
};

int run_settings(const CliContext& ctx, const SettingsArgs& a) {
  auto client = ctx.translation_client();
  if (!client) return ctx.out().error(client.status());
  auto current = client->settings();
  if (!current) return ctx.out().error(current.status());
  if (!a.enable && !a.disable && a.to.empty() && a.write_in.empty()) {
    ctx.out().result(translation_settings_json(*current), translation_settings_line(*current));
    return 0;
  }
  // What is not given stays as it was, so --disable keeps the language for next time.
  v1::SetTranslationSettingsRequest request;
  request.set_auto_translate(a.enable || (!a.disable && current->auto_translate()));
  request.set_target_lang(a.to.empty() ? current->target_lang() : a.to);
  request.set_write_in(a.write_in.empty() ? current->write_in() : a.write_in);
  auto set = client->set_settings(request);
  if (!set) return ctx.out().error(set.status());
  ctx.out().result(translation_settings_json(*set), translation_settings_line(*set));
  return 0;
}

struct TranslateArgs {
  std::string text;
  int64_t message_id = 0;
  std::string to;
  std::string from;
};

int run_translate(const CliContext& ctx, const TranslateArgs& a) {
  if (a.text.empty() == (a.message_id == 0)) {
    return ctx.out().error(invalid_argument("give either TEXT or --message, not both"));
  }
  auto client = ctx.translation_client();
  if (!client) return ctx.out().error(client.status());
  v1::TranslateRequest request;
  if (a.message_id != 0) {
    request.set_message_id(a.message_id);
  } else {
    request.set_text(a.text);
  }
  request.set_to(a.to);
  request.set_from(a.from);
  auto translated = client->translate(request);
  if (!translated) return ctx.out().error(translated.status());
  nlohmann::json j = {{"text", translated->text()},
                      {"source_lang", translated->source_lang()},
                      {"source_detected", translated->source_detected()},
                      {"target_lang", translated->target_lang()},
                      {"cached", translated->cached()},
                      {"engine", translated->engine()}};
  ctx.out().result(j, translated->text());
  return 0;
}

int run_languages(const CliContext& ctx) {
  auto client = ctx.translation_client();
  if (!client) return ctx.out().error(client.status());
  auto list = client->languages();
  if (!list) return ctx.out().error(list.status());
  nlohmann::json pairs = nlohmann::json::array();
  std::string human = "engine " + list->engine() + ":";
  for (const auto& p : list->pairs()) {
    pairs.push_back({{"from", p.from()}, {"to", p.to()}});
    human += " " + p.from() + "→" + p.to();
  }
  if (list->pairs().empty()) human += " no language pairs";
  nlohmann::json j = {{"engine", list->engine()},
                      {"pairs", pairs},
                      {"languages", list->languages()},
                      {"targets", list->targets()}};
  ctx.out().result(j, human);
  return 0;
}

}  // namespace

void add_translation_commands(CLI::App& app, CommandRunner& chosen) {
  auto* settings = app.add_subcommand("settings", "settings kept on the server for all devices");
  settings->require_subcommand(1);
  auto s = std::make_shared<SettingsArgs>();
  auto* tr = settings->add_subcommand(
      "translation", "automatic translation of incoming messages; without options, show it");
  auto* enable = tr->add_flag("--enable", s->enable, "translate every incoming message");
  auto* disable = tr->add_flag("--disable", s->disable, "stop translating incoming messages");
  enable->excludes(disable);
  tr->add_option("--to", s->to, "the language to show messages in, e.g. en or es");
  tr->add_option("--write-in", s->write_in, "the language you write in, or auto");
  tr->callback([&chosen, s] { chosen = [s](const CliContext& c) { return run_settings(c, *s); }; });

  auto t = std::make_shared<TranslateArgs>();
  auto* translate = app.add_subcommand("translate", "translate a text (e.g. a draft) or a message");
  translate->add_option("TEXT", t->text, "the text to translate");
  translate->add_option("--message", t->message_id, "translate this message id instead");
  translate->add_option("--to", t->to, "target language, e.g. es")->required();
  translate->add_option("--from", t->from, "source language (default: yours, or detected)");
  translate->callback(
      [&chosen, t] { chosen = [t](const CliContext& c) { return run_translate(c, *t); }; });

  app.add_subcommand("languages", "the language pairs this server translates")->callback([&chosen] {
    chosen = run_languages;
  });
}

}  // namespace souk::cli
