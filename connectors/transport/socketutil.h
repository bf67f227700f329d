#pragma once

#include "connectors/backend.h"

#include <QString>
#include <chrono>

namespace lockscope::socketutil {

/// A blocking TCP connection to host:port within timeout (every address of the name is tried).
/// Throws ConnectorError(Unreachable or Timeout) naming host:port.
int connectTcp(Backend backend, const QString& host, int port, std::chrono::milliseconds timeout);
/// Writes all of data to a blocking or non-blocking fd (waiting for POLLOUT up to timeout in
/// all). False when the peer is gone or the time ran out.
bool writeAll(int fd, const char* data, size_t size, std::chrono::milliseconds timeout);
/// Whether the process at the other end of an accepted loopback TCP connection runs as this
/// process' user: its socket's owner in /proc/net/tcp (the line whose local address is the
/// peer's and remote address ours). False when it cannot be told.
bool peerIsSameUser(int acceptedFd);
/// A connected AF_UNIX stream pair (close-on-exec); throws ConnectorError on failure.
void socketPair(Backend backend, int fds[2]);
/// While it lives, a write to a closed socket on this thread fails with EPIPE instead of killing
/// the process with SIGPIPE (OpenSSL and libssh write with plain write()/send()). A SIGPIPE raised
/// meanwhile is consumed; the thread's signal mask is restored.
class SigpipeGuard {
public:
    SigpipeGuard();
    ~SigpipeGuard();
    SigpipeGuard(const SigpipeGuard&) = delete;
    SigpipeGuard& operator=(const SigpipeGuard&) = delete;

private:
    bool m_wasPending = false;
    bool m_wasBlocked = false;
};

/// Copies bytes both ways between two plain fds until either side closes (the caller closes them).
void pumpFds(int a, int b);

} // namespace lockscope::socketutil
