#include "connectors/pgconnection.h"

#include "connectors/connectorerror.h"
#include "connectors/logging.h"

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

} // namespace

void PgConnection::rethrowTranslated(const char* operation) {
    const QString op = QString::fromLatin1(operation);
    try {
        throw;
    } catch (const ConnectorError&) {
        throw;
    } catch (const pqxx::sql_error& e) {
        throw ConnectorError(Backend::Postgres, kindForSqlState(e.sqlstate()), op,
                             QStringLiteral("%1 [SQLSTATE %2]")
                                 .arg(firstLine(e.what()), QString::fromStdString(e.sqlstate())));
    } catch (const pqxx::broken_connection& e) {
        const QString msg = firstLine(e.what());
        ConnectorError::Kind kind = ConnectorError::Kind::ConnectionLost;
        if (msg.contains(QStringLiteral("password authentication failed")) ||
            msg.contains(QStringLiteral("no password supplied")) ||
            msg.contains(QStringLiteral("authentication failed")))
            kind = ConnectorError::Kind::Auth;
        else if (msg.contains(QStringLiteral("timeout expired")))
            kind = ConnectorError::Kind::Timeout;
        else if (msg.contains(QStringLiteral("Connection refused")) ||
                 msg.contains(QStringLiteral("could not translate")) ||
                 msg.contains(QStringLiteral("No route")))
            kind = ConnectorError::Kind::Unreachable;
        throw ConnectorError(Backend::Postgres, kind, op, msg);
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
    : m_uri(uri) {
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
    QString opts = uri.value(QStringLiteral("options"));
    opts += QStringLiteral(" -c statement_timeout=%1").arg(options.statementTimeout.count());
    effective.params.insert(QStringLiteral("options"), opts.trimmed());
    const std::string conninfo = effective.toConninfo(true).toStdString();
    try {
        m_conn = std::make_unique<pqxx::connection>(conninfo);
    } catch (...) {
        rethrowTranslated("connect");
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
