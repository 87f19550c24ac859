#pragma once

// One or more calls per RPC, each naming the owner's objects. The matrix makes every call
// with every kind of caller; what a stranger must get is written beside it.
#include <grpcpp/support/status_code_enum.h>

#include <functional>
#include <string>
#include <vector>

#include "integration/authorization_fixture.hpp"
#include "souk/v1/auth.pb.h"
#include "souk/v1/chat.pb.h"
#include "souk/v1/contacts.pb.h"
#include "souk/v1/files.pb.h"
#include "souk/v1/groups.pb.h"
#include "souk/v1/translation.pb.h"

namespace souk::test {

struct MatrixCase {
  std::string rpc;   // the method's full name, e.g. "souk.v1.ChatService.GetHistory"
  std::string what;  // which of the owner's things it reaches for
  std::function<std::vector<std::string>(const OwnerIds&)> requests;
  // What the stranger gets. OK only for calls about the caller's own account, whose answer
  // must still hold nothing of the owner's.
  grpc::StatusCode stranger = grpc::StatusCode::NOT_FOUND;
  // The stranger's refusal is word for word the one for objects that never existed.
  bool as_if_missing = true;
  // The call ends the session it is made with: it gets a session of its own.
  bool ends_session = false;
  // A stream that stays open until on_response (for the stranger) says it has seen enough.
  bool stays_open = false;
  std::function<bool(const std::string& response, size_t index)> on_response;
};

template <class M>
std::vector<std::string> frame(const M& message) {
  return {message.SerializeAsString()};
}

inline v1::ConversationRef conversation_ref(int64_t id) {
  v1::ConversationRef r;
  r.set_conversation_id(id);
  return r;
}

// A case for a call about the caller's own account: the stranger is answered `code`.
inline MatrixCase own(std::string rpc, std::string what,
                      std::function<std::vector<std::string>(const OwnerIds&)> requests,
                      grpc::StatusCode code = grpc::StatusCode::OK) {
  MatrixCase c{std::move(rpc), std::move(what), std::move(requests), code, false};
  return c;
}

// A case reaching for the owner's objects: the stranger gets NOT_FOUND, as for none.
inline MatrixCase theirs(std::string rpc, std::string what,
                         std::function<std::vector<std::string>(const OwnerIds&)> requests) {
  return MatrixCase{std::move(rpc), std::move(what), std::move(requests)};
}

inline std::vector<MatrixCase> auth_cases() {
  using v1::EndSessionRequest;
  std::vector<MatrixCase> cases;
  auto logout = own("souk.v1.AuthService.Logout", "the caller's own session",
                    [](const OwnerIds&) { return frame(v1::LogoutRequest{}); });
  logout.ends_session = true;
  cases.push_back(logout);
  cases.push_back(own("souk.v1.AuthService.WhoAmI", "the caller's account",
                      [](const OwnerIds&) { return frame(v1::WhoAmIRequest{}); }));
  cases.push_back(own("souk.v1.AuthService.ListSessions", "the caller's sessions",
                      [](const OwnerIds&) { return frame(v1::ListSessionsRequest{}); }));
  cases.push_back(
      theirs("souk.v1.AuthService.EndSession", "the owner's session", [](const OwnerIds& ids) {
        EndSessionRequest r;
        r.set_session_id(ids.session_id);
        return frame(r);
      }));
  cases.push_back(own("souk.v1.AuthService.EndOtherSessions", "the caller's other sessions",
                      [](const OwnerIds&) { return frame(v1::EndOtherSessionsRequest{}); }));
  cases.push_back(own(
      "souk.v1.AuthService.ChangePassword", "a guessed current password",
      [](const OwnerIds&) {
        v1::ChangePasswordRequest r;
        r.set_current_password("not the password");
        r.set_new_password("another good password");
        return frame(r);
      },
      grpc::StatusCode::PERMISSION_DENIED));
  return cases;
}

// The lambdas below capture loop bindings as `[id = id]`: clang 14 (Debian's, which builds
// the ThreadSanitizer tree) cannot capture a structured binding by name.
inline std::vector<MatrixCase> chat_cases() {
  std::vector<MatrixCase> cases;
  for (auto [what, id] : std::vector<std::pair<std::string, int64_t OwnerIds::*>>{
           {"the owner's direct chat", &OwnerIds::direct},
           {"the owner's group", &OwnerIds::group}}) {
    cases.push_back(theirs("souk.v1.ChatService.SendMessage", what, [id = id](const OwnerIds& ids) {
      v1::SendMessageRequest r;
      *r.mutable_to() = conversation_ref(ids.*id);
      r.set_text("a stranger's words");
      r.set_client_msg_id("stranger-" + std::to_string(ids.*id));
      return frame(r);
    }));
    cases.push_back(theirs("souk.v1.ChatService.GetHistory", what, [id = id](const OwnerIds& ids) {
      v1::GetHistoryRequest r;
      *r.mutable_conversation() = conversation_ref(ids.*id);
      return frame(r);
    }));
    cases.push_back(theirs("souk.v1.ChatService.MarkRead", what, [id = id](const OwnerIds& ids) {
      v1::MarkReadRequest r;
      *r.mutable_conversation() = conversation_ref(ids.*id);
      return frame(r);
    }));
    cases.push_back(theirs("souk.v1.ChatService.SetTyping", what, [id = id](const OwnerIds& ids) {
      v1::SetTypingRequest r;
      *r.mutable_conversation() = conversation_ref(ids.*id);
      r.set_typing(true);
      return frame(r);
    }));
  }
  // The owner's direct chats named by member ID: the caller has none with the owner, so
  // every such name answers NOT_FOUND (naming the member, who is no secret).
  auto by_owner = [](std::string rpc, auto build) {
    return own(
        std::move(rpc), "a chat with the owner, named by member ID",
        [build](const OwnerIds& ids) {
          v1::ConversationRef ref;
          ref.set_peer_member_id(ids.owner);
          return frame(build(ref));
        },
        grpc::StatusCode::NOT_FOUND);
  };
  cases.push_back(by_owner("souk.v1.ChatService.GetHistory", [](const v1::ConversationRef& ref) {
    v1::GetHistoryRequest r;
    *r.mutable_conversation() = ref;
    return r;
  }));
  cases.push_back(by_owner("souk.v1.ChatService.MarkRead", [](const v1::ConversationRef& ref) {
    v1::MarkReadRequest r;
    *r.mutable_conversation() = ref;
    return r;
  }));
  cases.push_back(by_owner("souk.v1.ChatService.SetTyping", [](const v1::ConversationRef& ref) {
    v1::SetTypingRequest r;
    *r.mutable_conversation() = ref;
    r.set_typing(true);
    return r;
  }));
  cases.push_back(by_owner("souk.v1.FileService.ListFiles", [](const v1::ConversationRef& ref) {
    v1::ListFilesRequest r;
    *r.mutable_conversation() = ref;
    return r;
  }));
  cases.push_back(theirs("souk.v1.ChatService.SendMessage",
                         "the owner's file, attached in the caller's own chat",
                         [](const OwnerIds& ids) {
                           v1::SendMessageRequest r;
                           r.mutable_to()->set_peer_member_id(ids.stranger_pal);
                           r.set_text("look what I found");
                           r.set_client_msg_id("stranger-attach-" + ids.file_id);
                           r.add_attachment_file_ids(ids.file_id);
                           return frame(r);
                         }));
  // A client_msg_id names a message only among its sender's: the owner's, reused by the
  // caller, makes a message of the caller's, not a "duplicate" that returns the owner's.
  cases.push_back(own("souk.v1.ChatService.SendMessage", "the owner's client_msg_id, reused",
                      [](const OwnerIds& ids) {
                        v1::SendMessageRequest r;
                        r.mutable_to()->set_peer_member_id(ids.stranger_pal);
                        r.set_text("my own words");
                        r.set_client_msg_id(ids.group_client_msg_id);
                        return frame(r);
                      }));
  cases.push_back(
      own("souk.v1.ChatService.Ack", "the caller's own event log", [](const OwnerIds& ids) {
        v1::AckRequest r;
        r.set_ack_seq(ids.group_seq);
        return frame(r);
      }));
  cases.push_back(own("souk.v1.ChatService.ListConversations", "the caller's chats",
                      [](const OwnerIds&) { return frame(v1::ListConversationsRequest{}); }));
  return cases;
}

inline std::vector<MatrixCase> contact_cases() {
  using Action = v1::ContactGroupRequest::Action;
  std::vector<MatrixCase> cases;
  cases.push_back(
      own("souk.v1.ContactService.SearchUsers", "the owner's member ID", [](const OwnerIds& ids) {
        v1::SearchUsersRequest r;
        r.set_query(ids.owner);
        return frame(r);
      }));
  cases.push_back(theirs("souk.v1.ContactService.AddContact", "into the owner's contact group",
                         [](const OwnerIds& ids) {
                           v1::AddContactRequest r;
                           r.set_member_id(ids.partner);
                           r.set_group_id(ids.contact_group);
                           return frame(r);
                         }));
  cases.push_back(own(
      "souk.v1.ContactService.AnswerRequest", "the request waiting for the owner",
      [](const OwnerIds& ids) {
        v1::AnswerRequestRequest r;
        r.set_member_id(ids.asker);
        r.set_accept(true);
        return frame(r);
      },
      grpc::StatusCode::NOT_FOUND));
  cases.push_back(own(
      "souk.v1.ContactService.RemoveContact", "the owner's contact",
      [](const OwnerIds& ids) {
        v1::RemoveContactRequest r;
        r.set_member_id(ids.partner);
        return frame(r);
      },
      grpc::StatusCode::NOT_FOUND));
  cases.push_back(
      own("souk.v1.ContactService.Block", "unblocking the owner", [](const OwnerIds& ids) {
        v1::BlockRequest r;
        r.set_member_id(ids.owner);
        r.set_blocked(false);
        return frame(r);
      }));
  cases.push_back(own("souk.v1.ContactService.ListContacts", "the caller's contacts",
                      [](const OwnerIds&) { return frame(v1::ListContactsRequest{}); }));
  for (auto [what, action] : std::vector<std::pair<std::string, Action>>{
           {"renaming the owner's contact group", v1::ContactGroupRequest::ACTION_RENAME},
           {"deleting the owner's contact group", v1::ContactGroupRequest::ACTION_DELETE},
           {"moving the owner's contact group", v1::ContactGroupRequest::ACTION_MOVE_GROUP},
           {"moving the caller's contact into the owner's group",
            v1::ContactGroupRequest::ACTION_MOVE_CONTACT}}) {
    cases.push_back(theirs("souk.v1.ContactService.EditContactGroup", what,
                           [action = action](const OwnerIds& ids) {
                             v1::ContactGroupRequest r;
                             r.set_action(action);
                             r.set_group_id(ids.contact_group);
                             r.set_name("Renamed by a stranger");
                             r.set_position(0);
                             r.set_member_id(ids.stranger_pal);
                             return frame(r);
                           }));
  }
  cases.push_back(
      own("souk.v1.ContactService.SetContactPolicy", "the caller's policy", [](const OwnerIds&) {
        v1::SetContactPolicyRequest r;
        r.set_policy(v1::CONTACT_POLICY_OPEN);
        return frame(r);
      }));
  cases.push_back(
      own("souk.v1.ContactService.SetPresence", "the caller's presence", [](const OwnerIds&) {
        v1::SetPresenceRequest r;
        r.set_state(v1::PRESENCE_BUSY);
        return frame(r);
      }));
  cases.push_back(own("souk.v1.ContactService.ReportActivity", "the caller's activity",
                      [](const OwnerIds&) { return frame(v1::ReportActivityRequest{}); }));
  return cases;
}

inline std::vector<MatrixCase> group_cases() {
  const std::string s = "souk.v1.GroupService.";
  using Id = int64_t OwnerIds::*;
  std::vector<MatrixCase> cases;
  cases.push_back(own(
      s + "CreateGroupChat", "a group with the owner, who never agreed to the caller",
      [](const OwnerIds& ids) {
        v1::CreateGroupChatRequest r;
        r.set_name("A stranger's group");
        r.add_member_ids(ids.owner);
        return frame(r);
      },
      grpc::StatusCode::PERMISSION_DENIED));
  cases.push_back(own(s + "ListGroupChats", "the caller's groups",
                      [](const OwnerIds&) { return frame(v1::ListGroupChatsRequest{}); }));
  // A direct chat named where a group is meant must look like no group at all: "not a
  // group" would tell that the conversation exists.
  for (auto [where, id] : std::vector<std::pair<std::string, Id>>{
           {"the owner's group", &OwnerIds::group},
           {"the owner's direct chat, as a group", &OwnerIds::direct}}) {
    cases.push_back(theirs(s + "AddMembers", where, [id = id](const OwnerIds& ids) {
      v1::AddMembersRequest r;
      r.set_conversation_id(ids.*id);
      r.add_member_ids("carl.stranger");
      return frame(r);
    }));
    cases.push_back(theirs(s + "RemoveMember", where, [id = id](const OwnerIds& ids) {
      v1::RemoveMemberRequest r;
      r.set_conversation_id(ids.*id);
      r.set_member_id(ids.partner);
      return frame(r);
    }));
    cases.push_back(theirs(s + "LeaveGroup", where, [id = id](const OwnerIds& ids) {
      v1::LeaveGroupRequest r;
      r.set_conversation_id(ids.*id);
      return frame(r);
    }));
    cases.push_back(theirs(s + "RenameGroup", where, [id = id](const OwnerIds& ids) {
      v1::RenameGroupRequest r;
      r.set_conversation_id(ids.*id);
      r.set_name("Renamed by a stranger");
      return frame(r);
    }));
    cases.push_back(theirs(s + "SetAdmin", where, [id = id](const OwnerIds& ids) {
      v1::SetAdminRequest r;
      r.set_conversation_id(ids.*id);
      r.set_member_id(ids.partner);
      r.set_admin(true);
      return frame(r);
    }));
    cases.push_back(theirs(s + "TransferOwnership", where, [id = id](const OwnerIds& ids) {
      v1::TransferOwnershipRequest r;
      r.set_conversation_id(ids.*id);
      r.set_member_id("carl.stranger");
      return frame(r);
    }));
    cases.push_back(theirs(s + "SetHistoryVisibility", where, [id = id](const OwnerIds& ids) {
      v1::SetHistoryVisibilityRequest r;
      r.set_conversation_id(ids.*id);
      r.set_history_visibility(v1::HISTORY_VISIBILITY_FULL);
      return frame(r);
    }));
    cases.push_back(theirs(s + "GetMembers", where, [id = id](const OwnerIds& ids) {
      v1::GetMembersRequest r;
      r.set_conversation_id(ids.*id);
      return frame(r);
    }));
    cases.push_back(theirs(s + "GetReceipts", where, [id = id](const OwnerIds& ids) {
      v1::GetReceiptsRequest r;
      r.set_conversation_id(ids.*id);
      r.set_seq(ids.group_seq);
      return frame(r);
    }));
  }
  return cases;
}

inline std::vector<MatrixCase> translation_cases() {
  const std::string s = "souk.v1.TranslationService.";
  std::vector<MatrixCase> cases;
  cases.push_back(own(s + "GetTranslationSettings", "the caller's settings",
                      [](const OwnerIds&) { return frame(v1::GetTranslationSettingsRequest{}); }));
  cases.push_back(own(s + "SetTranslationSettings", "the caller's settings", [](const OwnerIds&) {
    v1::SetTranslationSettingsRequest r;
    r.set_auto_translate(false);
    return frame(r);
  }));
  for (auto [what, id] : std::vector<std::pair<std::string, int64_t OwnerIds::*>>{
           {"the owner's direct message", &OwnerIds::direct_message},
           {"the owner's group message", &OwnerIds::group_message}}) {
    // Into the language it is in: the original would come back, no engine asked.
    cases.push_back(theirs(s + "Translate", what, [id = id](const OwnerIds& ids) {
      v1::TranslateRequest r;
      r.set_message_id(ids.*id);
      r.set_from("en");
      r.set_to("en");
      return frame(r);
    }));
  }
  cases.push_back(own(s + "ListLanguages", "the server's languages",
                      [](const OwnerIds&) { return frame(v1::ListLanguagesRequest{}); }));
  return cases;
}

inline std::vector<MatrixCase> file_cases() {
  const std::string s = "souk.v1.FileService.";
  std::vector<MatrixCase> cases;
  // Resuming the owner's finished upload by its id would hand back the owner's file.
  auto resume = theirs(s + "UploadFile", "resuming the owner's upload", [](const OwnerIds& ids) {
    v1::UploadFileRequest r;
    auto* h = r.mutable_header();
    h->set_upload_id(ids.upload_id);
    h->set_name("mine.txt");
    h->set_size(ids.file_size);
    h->set_mime_type("text/plain");
    h->set_sha256(ids.file_sha256);
    h->set_offset(ids.file_size);
    return frame(r);
  });
  resume.stranger = grpc::StatusCode::FAILED_PRECONDITION;  // "no upload to resume"
  cases.push_back(resume);
  // The same bytes as the owner's file, under the caller's own name: a file of the
  // caller's, never the owner's file (its id, its name) found by its content.
  cases.push_back(
      own(s + "UploadFile", "the owner's file's content, uploaded again", [](const OwnerIds& ids) {
        v1::UploadFileRequest header;
        auto* h = header.mutable_header();
        h->set_upload_id("stranger-copy");
        h->set_name("mine.txt");
        h->set_size(ids.file_size);
        h->set_mime_type("text/plain");
        h->set_sha256(ids.file_sha256);
        v1::UploadFileRequest chunk;
        chunk.set_chunk(kOwnerFileContent);
        return std::vector<std::string>{header.SerializeAsString(), chunk.SerializeAsString()};
      }));
  cases.push_back(theirs(s + "QueryUpload", "the owner's upload", [](const OwnerIds& ids) {
    v1::QueryUploadRequest r;
    r.set_upload_id(ids.upload_id);
    return frame(r);
  }));
  cases.push_back(theirs(s + "DownloadFile", "the owner's file", [](const OwnerIds& ids) {
    v1::DownloadFileRequest r;
    r.set_file_id(ids.file_id);
    return frame(r);
  }));
  for (auto [what, id] : std::vector<std::pair<std::string, int64_t OwnerIds::*>>{
           {"the owner's direct chat", &OwnerIds::direct},
           {"the owner's group", &OwnerIds::group}}) {
    cases.push_back(theirs(s + "ListFiles", what, [id = id](const OwnerIds& ids) {
      v1::ListFilesRequest r;
      *r.mutable_conversation() = conversation_ref(ids.*id);
      return frame(r);
    }));
  }
  return cases;
}

}  // namespace souk::test
