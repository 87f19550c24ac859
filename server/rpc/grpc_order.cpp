#include "server/rpc/grpc_order.hpp"

#ifdef SOUK_THREAD_SANITIZER
#include <sanitizer/tsan_interface.h>
#endif

namespace souk::rpc {

namespace {

#ifdef SOUK_THREAD_SANITIZER
// Every call's OnDone releases this once it has run; the server's end acquires it.
char calls_ended;

class OrderedUnaryReactor final : public grpc::ServerUnaryReactor {
 public:
  explicit OrderedUnaryReactor(const grpc::ServerContextBase* call) : order_(call) {}
  void OnDone() override {
    const auto done = order_.done();
    delete this;
  }

 private:
  const GrpcOrder order_;
};
#endif

}  // namespace

#ifdef SOUK_THREAD_SANITIZER
void GrpcOrder::made() const {
  __tsan_release(const_cast<GrpcOrder*>(this));
}
#endif

void* GrpcOrder::key() const {
#ifdef SOUK_THREAD_SANITIZER
  __tsan_acquire(const_cast<GrpcOrder*>(this));
  return const_cast<grpc::ServerContextBase*>(call_);
#else
  return nullptr;
#endif
}

void GrpcOrder::handing_to_grpc() const {
#ifdef SOUK_THREAD_SANITIZER
  __tsan_release(key());
#endif
}

GrpcOrder::Callback::Callback([[maybe_unused]] void* call, void* then) : then_(then) {
#ifdef SOUK_THREAD_SANITIZER
  __tsan_acquire(call);
#endif
}

GrpcOrder::Callback::~Callback() {
#ifdef SOUK_THREAD_SANITIZER
  __tsan_release(then_);
#endif
}

GrpcOrder::Callback GrpcOrder::callback() const {
  void* call = key();
  return Callback(call, call);
}

GrpcOrder::Callback GrpcOrder::done() const {
#ifdef SOUK_THREAD_SANITIZER
  return Callback(key(), &calls_ended);
#else
  return Callback(nullptr, nullptr);
#endif
}

void GrpcOrder::after_server_shutdown() {
#ifdef SOUK_THREAD_SANITIZER
  __tsan_acquire(&calls_ended);
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
