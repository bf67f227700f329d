#pragma once

#include "connectors/postgresuri.h"
#include "connectors/socketwatchdog.h"

#include <chrono>
#include <functional>
#include <memory>
#include <pqxx/connection>
#include <string>
#include <vector>

namespace lockscope {

class RelayListener;

/// A notification received with LISTEN.
struct PgNotification {
    std::string channel;
    std::string payload;
    int backendPid = 0;
};

/// One libpqxx connection with a connect timeout, a server-side statement timeout and TCP
/// keepalives, so that no call hangs past its deadline on a dead peer. libpqxx exceptions are
/// translated to ConnectorError by run(). Not thread-safe: one connection per thread.
class PgConnection {
public:
    struct Options {
        std::chrono::seconds connectTimeout{5};
        std::chrono::milliseconds statementTimeout{10000};
        std::string applicationName = "lockscope";
    };

    explicit PgConnection(const PostgresUri& uri, Options options);
    explicit PgConnection(const PostgresUri& uri)
        : PgConnection(uri, Options{}) {}
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    /// The libpqxx connection, for transactions and prepared statements.
    pqxx::connection& raw();

    /// Runs f(raw()) and translates libpqxx/libpq failures into ConnectorError naming operation.
    /// A server that says nothing for the statement timeout + 2 s (frozen: it cannot run its own
    /// statement_timeout) has the connection cut (SocketWatchdog) and f fails with a Timeout.
    template <class F>
    auto run(const char* operation, F&& f) -> decltype(f(std::declval<pqxx::connection&>())) {
        SocketWatchdog::Guard guard = watchCall();
        try {
            return f(raw());
        } catch (...) {
            rethrowFailure(operation, guard);
        }
    }

    /// Runs statements that return nothing, outside any explicit transaction.
    void execute(const std::string& sql, const char* operation = "execute");

    /// LISTEN on channel; notifications are handed to the callback from awaitNotifications().
    void listen(const std::string& channel, std::function<void(const PgNotification&)> callback);
    /// Waits up to timeout for notifications; returns how many were delivered.
    int awaitNotifications(std::chrono::milliseconds timeout);

    int backendPid() const;
    std::string serverVersion() const;
    bool isOpen() const;
    const PostgresUri& uri() const { return m_uri; }

    /// Translates the in-flight exception (call from a catch block only).
    [[noreturn]] static void rethrowTranslated(const char* operation);

    /// How long a call may go without an answer before its connection is cut.
    std::chrono::milliseconds callDeadline() const { return m_callDeadline; }

private:
    SocketWatchdog::Guard watchCall();
    [[noreturn]] void rethrowFailure(const char* operation, SocketWatchdog::Guard& guard);

    struct Receiver;
    PostgresUri m_uri;
    std::chrono::milliseconds m_callDeadline{12000};
    /// Through an SSH tunnel: libpq connects to this loopback relay (TLS stays libpq's own,
    /// end to end). Declared before m_conn: destroyed after it.
    std::unique_ptr<RelayListener> m_relay;
    std::unique_ptr<pqxx::connection> m_conn;
    std::vector<std::unique_ptr<Receiver>> m_receivers;
};

} // namespace lockscope
