#pragma once

#include <grpcpp/grpcpp.h>

#include <boost/asio/thread_pool.hpp>
#include <optional>

#include "server/domain/accounts.hpp"
#include "server/domain/files.hpp"
#include "server/rpc/grpc_order.hpp"
#include "souk/v1/files.grpc.pb.h"

namespace souk::rpc {

// One DownloadFile call. The next chunk is read from disk (on the pool) only once the
// previous one was written to the network: one chunk in memory, at the reader's pace.
// Before each chunk it checks its session: a download never outlives its token by more
// than the chunk on its way.
class DownloadStream final
    : public OrderedReactor<grpc::ServerWriteReactor<v1::DownloadFileResponse>> {
 public:
  DownloadStream(const grpc::ServerContextBase* call, domain::Session session,
                 domain::Accounts& accounts, domain::Files& files, boost::asio::thread_pool& pool,
                 const v1::DownloadFileRequest& request);

  void OnWriteDone(bool ok) override;
  void OnDone() override {
    const auto done = order_.done();
    delete this;
  }

 private:
  void open(std::string file_id, int64_t offset);
  void send_next();

  const domain::Session session_;
  domain::SessionWatch watch_;
  domain::Files& files_;
  boost::asio::thread_pool& pool_;
  std::optional<domain::Download> download_;
  v1::DownloadFileResponse response_;
};

}  // namespace souk::rpc
