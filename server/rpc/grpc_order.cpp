#include "server/rpc/grpc_order.hpp"

#ifdef SOUK_THREAD_SANITIZER
#include <sanitizer/tsan_interface.h>
#endif

namespace souk::rpc {

namespace {

#ifdef SOUK_THREAD_SANITIZER
void* key(const grpc::ServerContextBase* call) {
  return const_cast<grpc::ServerContextBase*>(call);
}

class OrderedUnaryReactor final : public grpc::ServerUnaryReactor {
 public:
  explicit OrderedUnaryReactor(const grpc::ServerContextBase* call) : order_(call) {}
  void OnDone() override {
    order_.resumed_by_grpc();
    delete this;
  }

 private:
  GrpcOrder order_;
};
#endif

}  // namespace

void GrpcOrder::resumed_by_grpc() const {
#ifdef SOUK_THREAD_SANITIZER
  __tsan_acquire(key(call_));
#endif
}

void GrpcOrder::handing_to_grpc([[maybe_unused]] const grpc::ServerContextBase* call) {
#ifdef SOUK_THREAD_SANITIZER
  __tsan_release(key(call));
#endif
}

grpc::ServerUnaryReactor* unary_reactor(grpc::CallbackServerContext* context) {
#ifdef SOUK_THREAD_SANITIZER
  return new OrderedUnaryReactor(context);
#else
  return context->DefaultReactor();
#endif
}

}  // namespace souk::rpc
