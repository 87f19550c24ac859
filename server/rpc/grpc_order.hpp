#pragma once

#include <grpcpp/grpcpp.h>

#if defined(__SANITIZE_THREAD__)
#define SOUK_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define SOUK_THREAD_SANITIZER 1
#endif
#endif

namespace souk::rpc {

// gRPC runs a reactor's callbacks (OnReadDone, OnWriteDone, OnDone) only after the step
// that asked for them (StartRead, StartWrite, Finish) went in, and frees a unary call's
// request and reply only after its reactor's OnDone. It keeps that order inside libgrpc,
// which Debian does not build with ThreadSanitizer, so TSan cannot see it and reports every
// object a reactor hands from one thread to the next: 55,444 reports in one run of the
// tests on 2026-11-27, which buried any real race. Under TSan these state the order, keyed
// by the call's context; in every other build they are empty.
class GrpcOrder {
 public:
  explicit GrpcOrder([[maybe_unused]] const grpc::ServerContextBase* call) {
#ifdef SOUK_THREAD_SANITIZER
    call_ = call;
#endif
  }

  // The first thing each callback of a reactor does.
  void resumed_by_grpc() const;
  // Each step the call takes, as it goes into gRPC (the interceptor calls it at every hook).
  static void handing_to_grpc(const grpc::ServerContextBase* call);

 private:
#ifdef SOUK_THREAD_SANITIZER
  const grpc::ServerContextBase* call_;
#endif
};

// The reactor a unary handler finishes. In normal builds gRPC's DefaultReactor, whose end
// gRPC runs inline; under TSan one whose OnDone states the order before gRPC frees the
// request and the reply (an extra hop per call, which only TSan builds pay).
grpc::ServerUnaryReactor* unary_reactor(grpc::CallbackServerContext* context);

}  // namespace souk::rpc
