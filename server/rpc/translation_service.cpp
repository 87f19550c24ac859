#include "server/rpc/translation_service.hpp"

#include <boost/asio/post.hpp>

#include "server/rpc/call_auth.hpp"
#include "server/rpc/grpc_order.hpp"
#include "server/rpc/status_mapping.hpp"
#include "server/rpc/translation_mapping.hpp"

namespace souk::rpc {

grpc::ServerUnaryReactor* TranslationService::GetTranslationSettings(
    grpc::CallbackServerContext* context, const v1::GetTranslationSettingsRequest*,
    v1::TranslationSettings* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  boost::asio::post(pool_, [this, reactor, response, who = *session] {
    auto settings = translations_.settings(who);
    if (settings) fill_translation_settings(*settings, response);
    reactor->Finish(to_grpc(settings.status()));
  });
  return reactor;
}

grpc::ServerUnaryReactor* TranslationService::SetTranslationSettings(
    grpc::CallbackServerContext* context, const v1::SetTranslationSettingsRequest* request,
    v1::TranslationSettings* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  domain::TranslationSettingsInput input{request->auto_translate(), request->target_lang(),
                                         request->write_in()};
  translations_.set_settings(
      *session, std::move(input),
      [reactor, response](Result<storage::TranslationSettingsRecord> result) {
        if (result) fill_translation_settings(*result, response);
        reactor->Finish(to_grpc(result.status()));
      });
  return reactor;
}

grpc::ServerUnaryReactor* TranslationService::Translate(grpc::CallbackServerContext* context,
                                                        const v1::TranslateRequest* request,
                                                        v1::TranslateResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  domain::TranslateInput input;
  if (request->source_case() == v1::TranslateRequest::kMessageId) {
    if (request->message_id() <= 0) {
      reactor->Finish({grpc::StatusCode::INVALID_ARGUMENT, "message_id must be positive"});
      return reactor;
    }
    input.message_id = request->message_id();
  } else {
    input.text = request->text();
  }
  input.to = request->to();
  input.from = request->from();
  translations_.translate(*session, std::move(input),
                          [reactor, response](Result<domain::TranslateOutput> result) {
                            if (result) {
                              response->set_text(std::move(result->text));
                              response->set_source_lang(result->source_lang);
                              response->set_source_detected(result->source_detected);
                              response->set_target_lang(result->target_lang);
                              response->set_cached(result->cached);
                              response->set_engine(result->engine);
                            }
                            reactor->Finish(to_grpc(result.status()));
                          });
  return reactor;
}

grpc::ServerUnaryReactor* TranslationService::ListLanguages(grpc::CallbackServerContext* context,
                                                            const v1::ListLanguagesRequest*,
                                                            v1::ListLanguagesResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  translations_.languages([reactor, response](Result<domain::LanguagesInfo> info) {
    if (info) {
      response->set_engine(info->engine);
      for (const auto& p : info->pairs) {
        auto* pair = response->add_pairs();
        pair->set_from(p.from);
        pair->set_to(p.to);
      }
      for (const auto& l : info->languages) response->add_languages(l);
      for (const auto& t : info->targets) response->add_targets(t);
    }
    reactor->Finish(to_grpc(info.status()));
  });
  return reactor;
}

}  // namespace souk::rpc
