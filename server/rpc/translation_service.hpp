#pragma once

#include "server/domain/accounts.hpp"
#include "server/domain/translations.hpp"
#include "souk/v1/translation.grpc.pb.h"

namespace souk::rpc {

class TranslationService final : public v1::TranslationService::CallbackService {
 public:
  TranslationService(domain::Accounts& accounts, domain::Translations& translations,
                     boost::asio::thread_pool& pool)
      : accounts_(accounts), translations_(translations), pool_(pool) {}

  grpc::ServerUnaryReactor* GetTranslationSettings(grpc::CallbackServerContext* context,
                                                   const v1::GetTranslationSettingsRequest* request,
                                                   v1::TranslationSettings* response) override;
  grpc::ServerUnaryReactor* SetTranslationSettings(grpc::CallbackServerContext* context,
                                                   const v1::SetTranslationSettingsRequest* request,
                                                   v1::TranslationSettings* response) override;
  grpc::ServerUnaryReactor* Translate(grpc::CallbackServerContext* context,
                                      const v1::TranslateRequest* request,
                                      v1::TranslateResponse* response) override;
  grpc::ServerUnaryReactor* ListLanguages(grpc::CallbackServerContext* context,
                                          const v1::ListLanguagesRequest* request,
                                          v1::ListLanguagesResponse* response) override;

 private:
  domain::Accounts& accounts_;
  domain::Translations& translations_;
  boost::asio::thread_pool& pool_;  // for calls that read SQLite
};

}  // namespace souk::rpc
