#include "connectors/pgconnection.h"

#include "connectors/callinterrupt.h"
#include "connectors/connectorerror.h"
#include "connectors/logging.h"
#include "connectors/transport/relaylistener.h"

#include <QScopeGuard>
#include <cerrno>
#include <libpq-fe.h>
#include <poll.h>
#include <pqxx/pqxx>

namespace lockscope {

struct PgConnection::Receiver : pqxx::notification_receiver {
    Receiver(pqxx::connection_base& c, const std::string& channel,
             std::function<void(const PgNotification&)> cb)
        : pqxx::notification_receiver(c, channel)
        , callback(std::move(cb)) {}
    void operator()(const std::string& payload, int backend_pid) override {
        if (callback)
            callback(PgNotification{channel(), payload, backend_pid});
    }
    std::function<void(const PgNotification&)> callback;
};

namespace {

ConnectorError::Kind kindForSqlState(const std::string& state) {
    using K = ConnectorError::Kind;
    if (state == "28P01" || state == "28000")
        return K::Auth;
    if (state == "42501")
        return K::NoAuth;
    if (state == "57014")
        return K::Timeout; // query_canceled: statement_timeout or a cancel request
    if (state == "55P03")
        return K::LockNotAvailable; // lock_timeout or NOWAIT
    if (state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03")
        return K::ConnectionLost;
    return K::Server;
}

QString firstLine(const char* what) {
    QString s = QString::fromUtf8(what).trimmed();
    const auto nl = s.indexOf(u'\n');
    return nl >= 0 ? s.left(nl).trimmed() : s;
}

/// The SQLSTATE of the server's error in a message libpq formatted with PQERRORS_SQLSTATE
/// verbosity: that error ends in "<severity>:  <SQLSTATE>". Empty when libpq reported an error
/// of its own (refused, no password given, ...): those have no SQLSTATE.
std::string sqlStateOf(const char* message) {
    std::string m = message ? message : "";
    while (!m.empty() && (m.back() == '\n' || m.back() == ' '))
        m.pop_back();
    if (m.size() < 8 || m.compare(m.size() - 8, 3, ":  ") != 0)
        return {};
    const std::string state = m.substr(m.size() - 5);
    for (char c : state)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
            return {};
    return state;
}

/// Why a connection attempt fails, from libpq's facts, never from its message text (libpq's
/// own messages are translated to the client's LC_MESSAGES, the server's to its lc_messages).
/// libpqxx 6 keeps nothing but the text of a failed connect (it PQfinish()es the connection),
/// so this makes one attempt of its own with libpq's non-blocking API and looks at:
///   - the server's error by its SQLSTATE (28P01/28000: credentials refused)
///   - PQconnectionNeedsPassword(): the server asked for a password and none was given
///   - how far it got: never connected (refused, no route, unknown host) or connected first
///   - our own deadline: no answer within the connect timeout
/// text with the URI's password (raw and as the conninfo quotes it) replaced by ***.
QString withoutPassword(QString text, const PostgresUri& uri) {
    const QString password = uri.value(QStringLiteral("password"));
    if (password.isEmpty())
        return text;
    text.replace(password, QStringLiteral("***"));
    QString quoted = password;
    quoted.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("\\'"));
    text.replace(quoted, QStringLiteral("***"));
    return text;
}

ConnectorError::Kind diagnoseConnectFailure(const std::string& conninfo,
                                            std::chrono::milliseconds timeout) {
    using K = ConnectorError::Kind;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    PGconn* conn = PQconnectStart(conninfo.c_str());
    if (!conn)
        return K::Unreachable; // out of memory
    const auto finish = qScopeGuard([conn] { PQfinish(conn); });
    // Server errors come as "FATAL:  28P01": a code, in any language.
    PQsetErrorVerbosity(conn, PQERRORS_SQLSTATE);
    if (PQstatus(conn) == CONNECTION_BAD)
        return K::Unreachable; // the host name did not resolve, or no address to try
    bool connected = false;
    PostgresPollingStatusType polled = PGRES_POLLING_WRITING;
    while (polled != PGRES_POLLING_OK && polled != PGRES_POLLING_FAILED) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return K::Timeout;
        pollfd p{PQsocket(conn), short(polled == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
        const int ready = ::poll(&p, 1, int(left.count()));
        if (ready == 0)
            return K::Timeout;
        if (ready < 0 && errno != EINTR)
            break;
        polled = PQconnectPoll(conn);
        const ConnStatusType status = PQstatus(conn);
        if (status != CONNECTION_STARTED && status != CONNECTION_NEEDED && status != CONNECTION_BAD)
            connected = true; // the TCP connection was made
    }
    if (polled == PGRES_POLLING_OK)
        return K::ConnectionLost; // it works now: the first attempt's connection was lost
    if (const std::string state = sqlStateOf(PQerrorMessage(conn)); !state.empty())
        return kindForSqlState(state);
    if (PQconnectionNeedsPassword(conn))
        return K::Auth;
    return connected ? K::ConnectionLost : K::Unreachable;
}

} // namespace

void PgConnection::rethrowTranslated(const char* operation) {
    const QString op = QString::fromLatin1(operation);
    try {
        throw;
    } catch (const ConnectorError&) {
        throw;
    } catch (const pqxx::insufficient_privilege& e) {
        // libpqxx 6 throws its specific classes without their SQLSTATE: 42501 by its class.
        throw ConnectorError(Backend::Postgres, ConnectorError::Kind::NoAuth, op,
                             QStringLiteral("%1 [SQLSTATE 42501]").arg(firstLine(e.what())));
    } catch (const pqxx::sql_error& e) {
        // A statement that failed because the connection did (libpq's own error) has no
        // SQLSTATE: no empty "[SQLSTATE ]".
        const QString state = QString::fromStdString(e.sqlstate());
        throw ConnectorError(
            Backend::Postgres, kindForSqlState(e.sqlstate()), op,
            state.isEmpty() ? firstLine(e.what())
                            : QStringLiteral("%1 [SQLSTATE %2]").arg(firstLine(e.what()), state));
    } catch (const pqxx::broken_connection& e) {
        // A connection that broke in use. (A failed connect is classified by the constructor.)
        throw ConnectorError(Backend::Postgres, ConnectorError::Kind::ConnectionLost, op,
                             firstLine(e.what()));
    } catch (const pqxx::in_doubt_error& e) {
        throw ConnectorError(Backend::Postgres, ConnectorError::Kind::ConnectionLost, op,
                             QStringLiteral("commit outcome unknown: %1").arg(firstLine(e.what())));
    } catch (const pqxx::usage_error& e) {
        throw ConnectorError(Backend::Postgres, ConnectorError::Kind::InvalidArgument, op,
                             firstLine(e.what()));
    } catch (const pqxx::conversion_error& e) {
        throw ConnectorError(Backend::Postgres, ConnectorError::Kind::Protocol, op,
                             firstLine(e.what()));
    } catch (const pqxx::failure& e) {
        throw ConnectorError(Backend::Postgres, ConnectorError::Kind::Server, op,
                             firstLine(e.what()));
    } catch (const std::exception& e) {
        throw ConnectorError(Backend::Postgres, ConnectorError::Kind::Protocol, op,
                             firstLine(e.what()));
    }
}

PgConnection::PgConnection(const PostgresUri& uri, Options options)
    : m_uri(uri)
    , m_callDeadline(options.statementTimeout + std::chrono::seconds(2)) {
    // Connecting cannot be cut short; once this thread's CallInterrupt token is stopped, it gets
    // libpq's shortest timeout (2 s) instead.
    if (CallInterrupt::current().stop_requested())
        options.connectTimeout =
            std::min<std::chrono::seconds>(options.connectTimeout, std::chrono::seconds(2));
    PostgresUri effective = uri;
    effective.params.insert(
        QStringLiteral("connect_timeout"),
        QString::number(std::max<long long>(1, options.connectTimeout.count())));
    effective.params.insert(QStringLiteral("application_name"),
                            QString::fromStdString(options.applicationName));
    // Dead peers are noticed by the kernel; a silent live peer by statement_timeout.
    effective.params.insert(QStringLiteral("keepalives"), QStringLiteral("1"));
    effective.params.insert(QStringLiteral("keepalives_idle"), QStringLiteral("5"));
    effective.params.insert(QStringLiteral("keepalives_interval"), QStringLiteral("2"));
    effective.params.insert(QStringLiteral("keepalives_count"), QStringLiteral("3"));
    effective.params.insert(
        QStringLiteral("tcp_user_timeout"),
        QString::number(std::max<long long>(1000, options.statementTimeout.count() + 5000)));
    if (const std::optional<SshTunnel> ssh = SshTunnel::current()) {
        // libpq reaches the server through a loopback relay into the tunnel. host stays, for
        // sslmode=verify-full's name check; hostaddr and port are the relay's.
        const QString host = uri.value(QStringLiteral("host"));
        if (host.contains(u',') || host.startsWith(u'/'))
            throw ConnectorError(
                Backend::Postgres, ConnectorError::Kind::InvalidArgument, QStringLiteral("connect"),
                QStringLiteral("an SSH tunnel takes one TCP host (got '%1')").arg(host));
        const QString portText = uri.value(QStringLiteral("port"));
        const HostPort target{host.isEmpty() ? QStringLiteral("127.0.0.1") : host,
                              portText.isEmpty() ? 5432 : portText.toInt()};
        // Its own deadline shorter than libpq's: a silent bastion is named as such.
        m_relay = std::make_unique<RelayListener>(
            Backend::Postgres, target, TlsOptions{}, ssh,
            std::chrono::duration_cast<std::chrono::milliseconds>(options.connectTimeout) * 4 / 5);
        effective.params.insert(QStringLiteral("host"), target.host);
        effective.params.insert(QStringLiteral("hostaddr"), QStringLiteral("127.0.0.1"));
        effective.params.insert(QStringLiteral("port"),
                                QString::number(m_relay->localEndpoint().port));
    }
    QString opts = uri.value(QStringLiteral("options"));
    opts += QStringLiteral(" -c statement_timeout=%1").arg(options.statementTimeout.count());
    effective.params.insert(QStringLiteral("options"), opts.trimmed());
    const std::string conninfo = effective.toConninfo(true).toStdString();
    const auto started = std::chrono::steady_clock::now();
    try {
        m_conn = std::make_unique<pqxx::connection>(conninfo);
    } catch (const pqxx::broken_connection& e) {
        if (m_relay) { // a refused host key says so, not "server closed the connection"
            const RelayListener::Failure f = m_relay->lastFailure();
            if (f.kind >= 0)
                throw ConnectorError(Backend::Postgres, ConnectorError::Kind(f.kind), f.operation,
                                     f.detail);
        }
        // libpq gives up after connect_timeout, counted in whole seconds (at least 2) with
        // time(): its deadline falls within the last second of that. Having waited that long
        // is a timeout, whatever the message says and in whichever language.
        const auto waited = std::chrono::steady_clock::now() - started;
        const auto libpqTimeout =
            std::max<std::chrono::seconds>(options.connectTimeout, std::chrono::seconds(2));
        const auto kind = waited >= libpqTimeout - std::chrono::seconds(1)
                              ? ConnectorError::Kind::Timeout
                              : diagnoseConnectFailure(conninfo, options.connectTimeout);
        QString detail = withoutPassword(firstLine(e.what()), effective);
        if (m_relay) // libpq names the relay; the operator knows the server
            detail.replace(
                QStringLiteral("\"127.0.0.1\", port %1").arg(m_relay->localEndpoint().port),
                QStringLiteral("%1 (through the SSH tunnel)").arg(m_relay->target().toString()));
        throw ConnectorError(Backend::Postgres, kind, QStringLiteral("connect"), detail);
    } catch (...) {
        // libpq may quote the connection string back (a malformed one): never the password.
        try {
            rethrowTranslated("connect");
        } catch (const ConnectorError& err) {
            throw ConnectorError(err.backend(), err.kind(), err.operation(),
                                 withoutPassword(err.detail(), effective));
        }
    }
    qCDebug(lcPostgres) << "connected to" << uri.toString() << "backend pid"
                        << m_conn->backendpid();
}

PgConnection::~PgConnection() {
    m_receivers.clear();
    if (m_conn) {
        try {
            m_conn->disconnect();
        } catch (...) {
            // Closing a broken connection must not throw out of a destructor.
        }
    }
}

SocketWatchdog::Guard PgConnection::watchCall() {
    return SocketWatchdog::arm(m_conn ? m_conn->sock() : -1, m_callDeadline);
}

void PgConnection::rethrowFailure(const char* operation, SocketWatchdog::Guard& guard) {
    if (guard.disarm()) {
        if (CallInterrupt::current().stop_requested())
            throw ConnectorError(Backend::Postgres, ConnectorError::Kind::Timeout,
                                 QString::fromLatin1(operation),
                                 QStringLiteral("stopped: no answer within %1 s of the stop; "
                                                "connection closed")
                                     .arg(double(CallInterrupt::kGrace.count()) / 1000.0));
        throw ConnectorError(
            Backend::Postgres, ConnectorError::Kind::Timeout, QString::fromLatin1(operation),
            QStringLiteral("no answer within %1 s (the server accepts connections but does not "
                           "reply); connection closed")
                .arg(double(m_callDeadline.count()) / 1000.0));
    }
    rethrowTranslated(operation);
}

pqxx::connection& PgConnection::raw() {
    return *m_conn;
}

void PgConnection::execute(const std::string& sql, const char* operation) {
    run(operation, [&](pqxx::connection& c) {
        pqxx::nontransaction tx(c);
        tx.exec(sql);
    });
}

void PgConnection::listen(const std::string& channel,
                          std::function<void(const PgNotification&)> callback) {
    run("LISTEN", [&](pqxx::connection& c) {
        m_receivers.push_back(std::make_unique<Receiver>(c, channel, std::move(callback)));
    });
}

int PgConnection::awaitNotifications(std::chrono::milliseconds timeout) {
    return run("await notification", [&](pqxx::connection& c) {
        const int got = c.get_notifs();
        if (got > 0)
            return got;
        return c.await_notification(static_cast<long>(timeout.count() / 1000),
                                    static_cast<long>((timeout.count() % 1000) * 1000));
    });
}

int PgConnection::backendPid() const {
    return m_conn ? m_conn->backendpid() : 0;
}

std::string PgConnection::serverVersion() const {
    if (!m_conn)
        return {};
    const int v = m_conn->server_version();
    return std::to_string(v / 10000) + "." + std::to_string(v % 10000);
}

bool PgConnection::isOpen() const {
    return m_conn && m_conn->is_open();
}

} // namespace lockscope
