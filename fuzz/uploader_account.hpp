#pragma once

#include <memory>
#include <optional>

#include "common/status.hpp"
#include "server/domain/accounts.hpp"
#include "server/storage/account_repository.hpp"
#include "server/storage/writer.hpp"

namespace souk::fuzz {

// The member who uploads in the file handling checks, written straight through the
// writer as soukd's registration would leave them; nullopt if the store refused it.
inline std::optional<domain::Session> create_uploader(storage::Writer& writer) {
  storage::AccountRecord anna;
  anna.member_id = "buyer.anna";
  anna.display_name = "Anna";
  anna.role = 1;
  anna.password_hash = "x";
  auto id = std::make_shared<int64_t>(0);
  auto created = writer.submit([anna, id](storage::Database& db) {
    *id = storage::insert_account(db, anna).value_or(0);
    return Status::Ok();
  });
  if (!created.get().ok()) return std::nullopt;
  domain::Session who;
  who.account_id = *id;
  who.member_id = anna.member_id;
  return who;
}

}  // namespace souk::fuzz
