#pragma once

#include <grpcpp/grpcpp.h>

#include "server/rpc/grpc_order.hpp"

namespace souk::rpc {

// A streaming call refused at the door (no valid token, too many streams): it only
// finishes with `status`. `Reactor` is the call's reactor type, e.g.
// grpc::ServerReadReactor<grpc::ByteBuffer>.
template <class Reactor>
class RefusedCall final : public Reactor {
 public:
  RefusedCall(const grpc::ServerContextBase* call, const grpc::Status& status) : order_(call) {
    this->Finish(status);
  }
  void OnDone() override {
    order_.resumed_by_grpc();
    delete this;
  }

 private:
  const GrpcOrder order_;
};

}  // namespace souk::rpc
