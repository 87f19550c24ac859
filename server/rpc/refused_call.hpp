#pragma once

#include <grpcpp/grpcpp.h>

#include "server/rpc/grpc_order.hpp"

namespace souk::rpc {

// A streaming call refused at the door (no valid token, too many streams): it only
// finishes with `status`. `Reactor` is the call's reactor type, e.g.
// grpc::ServerReadReactor<grpc::ByteBuffer>.
template <class Reactor>
class RefusedCall final : public OrderedReactor<Reactor> {
 public:
  RefusedCall(const grpc::ServerContextBase* call, const grpc::Status& status)
      : OrderedReactor<Reactor>(call) {
    this->Finish(status);
  }
  void OnDone() override {
    const auto done = this->order_.done();
    delete this;
  }
};

}  // namespace souk::rpc
