#include "server/rpc/file_service.hpp"

#include <boost/asio/post.hpp>

#include "server/rpc/call_auth.hpp"
#include "server/rpc/chat_mapping.hpp"
#include "server/rpc/download_stream.hpp"
#include "server/rpc/grpc_order.hpp"
#include "server/rpc/refused_call.hpp"
#include "server/rpc/status_mapping.hpp"
#include "server/rpc/upload_stream.hpp"

namespace souk::rpc {

grpc::ServerReadReactor<grpc::ByteBuffer>* FileService::UploadFile(
    grpc::CallbackServerContext* context, grpc::ByteBuffer* response) {
  auto session = authenticate_call(accounts_, *context);
  if (!session)
    return new RefusedCall<grpc::ServerReadReactor<grpc::ByteBuffer>>(context,
                                                                      to_grpc(session.status()));
  return new UploadStream(context, *session, accounts_, files_, pool_, response, stream_idle_);
}

grpc::ServerUnaryReactor* FileService::QueryUpload(grpc::CallbackServerContext* context,
                                                   const v1::QueryUploadRequest* request,
                                                   v1::QueryUploadResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  boost::asio::post(pool_, [this, reactor, request, response, who = *session] {
    auto progress = files_.query_upload(who, request->upload_id());
    if (!progress) return reactor->Finish(to_grpc(progress.status()));
    response->set_committed_offset(progress->upload.committed_offset);
    response->set_size(progress->upload.size);
    response->set_complete(progress->file.has_value());
    if (progress->file) fill_attachment(*progress->file, response->mutable_file());
    response->set_expires_at_ms(progress->expires_at_ms);
    response->set_max_chunk_bytes(files_.settings().chunk_bytes);
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* FileService::DownloadFile(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request) {
  auto session = authenticate_call(accounts_, *context);
  if (!session)
    return new RefusedCall<grpc::ServerWriteReactor<grpc::ByteBuffer>>(context,
                                                                       to_grpc(session.status()));
  return new DownloadStream(context, *session, accounts_, files_, pool_, chunk_buffers_, *request);
}

grpc::ServerUnaryReactor* FileService::ListFiles(grpc::CallbackServerContext* context,
                                                 const v1::ListFilesRequest* request,
                                                 v1::ListFilesResponse* response) {
  auto* reactor = unary_reactor(context);
  auto session = authenticate_or_finish(accounts_, context, reactor);
  if (!session) return reactor;
  boost::asio::post(pool_, [this, reactor, request, response, who = *session] {
    auto readable = messaging_.readable_conversation(who, to_target(request->conversation()));
    if (!readable) return reactor->Finish(to_grpc(readable.status()));
    auto list = files_.list(*readable, request->before_seq(), request->limit());
    if (!list) return reactor->Finish(to_grpc(list.status()));
    response->set_conversation_id(list->conversation_id);
    for (const auto& row : list->files) {
      auto* shared = response->add_files();
      fill_attachment(row.file, shared->mutable_file());
      shared->set_message_id(row.message_id);
      shared->set_message_seq(row.message_seq);
      shared->set_sender(row.sender_member_id);
      shared->set_sent_at_ms(row.sent_at_ms);
    }
    response->set_has_more(list->has_more);
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

}  // namespace souk::rpc
