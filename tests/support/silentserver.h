#pragma once

#include <atomic>
#include <thread>

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

/// A PostgreSQL server stand-in on 127.0.0.1 that refuses every password the way a real server
/// does (AuthenticationCleartextPassword, then ErrorResponse FATAL / SQLSTATE 28P01), with the
/// German message text of a server running with lc_messages=de_DE. Serves connections one at a
/// time on a thread of its own until destroyed.
class PasswordRefusingPostgres {
public:
    PasswordRefusingPostgres();
    ~PasswordRefusingPostgres();
    PasswordRefusingPostgres(const PasswordRefusingPostgres&) = delete;
    PasswordRefusingPostgres& operator=(const PasswordRefusingPostgres&) = delete;
    int port() const { return m_port; }
    /// Passwords received (and refused) so far.
    int refusals() const { return m_refusals.load(); }

private:
    void serve();
    void answer(int client);
    int m_fd = -1;
    int m_port = 0;
    int m_wake[2] = {-1, -1};
    std::atomic<int> m_refusals{0};
    std::thread m_thread;
};

} // namespace lockscope::test
