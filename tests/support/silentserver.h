#pragma once

namespace lockscope::test {

/// A TCP port on 127.0.0.1 that accepts connections (the kernel completes the handshake) and
/// never answers a byte: the "server that accepts but never answers" for timeout tests.
class SilentServer {
public:
    SilentServer();
    ~SilentServer();
    SilentServer(const SilentServer&) = delete;
    SilentServer& operator=(const SilentServer&) = delete;
    int port() const { return m_port; }

private:
    int m_fd = -1;
    int m_port = 0;
};

/// A loopback port with nothing listening on it (connections are refused).
int closedPort();

} // namespace lockscope::test
