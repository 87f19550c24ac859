#include "client/core/translation_client.hpp"

#include "client/core/call_options.hpp"

namespace souk::client {

TranslationClient::TranslationClient(std::shared_ptr<grpc::Channel> channel, std::string token)
    : stub_(v1::TranslationService::NewStub(std::move(channel))), token_(std::move(token)) {}

Result<v1::TranslationSettings> TranslationClient::settings() {
  return unary_call<v1::TranslationSettings>(token_, [&](auto& context, auto& response) {
    return stub_->GetTranslationSettings(&context, {}, &response);
  });
}

Result<v1::TranslationSettings> TranslationClient::set_settings(
    const v1::SetTranslationSettingsRequest& request) {
  return unary_call<v1::TranslationSettings>(token_, [&](auto& context, auto& response) {
    return stub_->SetTranslationSettings(&context, request, &response);
  });
}

Result<v1::TranslateResponse> TranslationClient::translate(const v1::TranslateRequest& request) {
  return unary_call<v1::TranslateResponse>(token_, [&](auto& context, auto& response) {
    return stub_->Translate(&context, request, &response);
  });
}

Result<v1::ListLanguagesResponse> TranslationClient::languages() {
  return unary_call<v1::ListLanguagesResponse>(token_, [&](auto& context, auto& response) {
    return stub_->ListLanguages(&context, {}, &response);
  });
}

}  // namespace souk::client
