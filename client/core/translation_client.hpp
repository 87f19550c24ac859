#pragma once

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "common/status.hpp"
#include "souk/v1/translation.grpc.pb.h"

namespace souk::client {

// Blocking calls to TranslationService. Translations of received messages arrive on the
// event stream as MessageTranslated events, not here.
class TranslationClient {
 public:
  TranslationClient(std::shared_ptr<grpc::Channel> channel, std::string token);

  Result<v1::TranslationSettings> settings();
  Result<v1::TranslationSettings> set_settings(const v1::SetTranslationSettingsRequest& request);
  Result<v1::TranslateResponse> translate(const v1::TranslateRequest& request);
  Result<v1::ListLanguagesResponse> languages();

 private:
  std::unique_ptr<v1::TranslationService::Stub> stub_;
  std::string token_;
};

}  // namespace souk::client
