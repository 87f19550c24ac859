#pragma once

#include "server/domain/messaging.hpp"
#include "souk/v1/chat.pb.h"

namespace souk::rpc {

domain::ConversationTarget to_target(const v1::ConversationRef& ref);
void fill_attachment(const storage::FileRecord& f, v1::Attachment* out);
// Without the text when the caller adds it to the bytes itself (a large message, shared).
void fill_message(const storage::MessageRecord& m, v1::Message* out, bool with_text = true);
void fill_event(const storage::EventRecord& e, v1::Event* out);
void fill_receipts(const domain::ReceiptCounts& counts, v1::MessageReceipts* out);

}  // namespace souk::rpc
