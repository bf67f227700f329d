#pragma once

#include "connectors/backend.h"

#include <QString>
#include <stdexcept>

namespace lockscope {

/// A failure at the connector boundary: which server, which operation, and why.
/// Connectors throw this type only; library exceptions are caught and translated.
class ConnectorError : public std::runtime_error {
public:
    enum class Kind {
        Unreachable,      ///< connection refused, no route, DNS failure
        Timeout,          ///< connect, command or operation deadline passed
        Auth,             ///< credentials refused
        NoAuth,           ///< permission: authenticated, but not allowed (ZooKeeper NOAUTH, Redis
                          ///< NOPERM, PostgreSQL 42501 insufficient_privilege)
        ConnectionLost,   ///< the connection broke during the operation
        SessionExpired,   ///< ZooKeeper session expired: ephemeral nodes are gone
        NotFound,         ///< the node/key/row does not exist
        Exists,           ///< the node already exists
        BadVersion,       ///< a conditional write lost the race
        LockNotAvailable, ///< PostgreSQL lock_timeout or NOWAIT
        Server,           ///< the server answered with an error
        Protocol,         ///< an unexpected reply shape
        InvalidArgument,  ///< the caller passed something unusable
        Tls,              ///< TLS refused: certificate, host name, handshake
        Ssh               ///< SSH tunnel refused: host key, authentication
    };

    ConnectorError(Backend backend, Kind kind, QString operation, QString detail);

    Backend backend() const { return m_backend; }
    Kind kind() const { return m_kind; }
    const QString& operation() const { return m_operation; }
    const QString& detail() const { return m_detail; }
    /// "PostgreSQL: connect: password authentication failed for user x" - never contains a
    /// password.
    QString message() const;

    static QString kindName(Kind kind);

private:
    Backend m_backend;
    Kind m_kind;
    QString m_operation;
    QString m_detail;
};

} // namespace lockscope
