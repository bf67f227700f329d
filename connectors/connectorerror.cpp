#include "connectors/connectorerror.h"

namespace lockscope {

namespace {
std::string compose(Backend backend, const QString& operation, const QString& detail) {
    return QStringLiteral("%1: %2: %3")
        .arg(backendDisplayName(backend), operation, detail)
        .toStdString();
}
} // namespace

ConnectorError::ConnectorError(Backend backend, Kind kind, QString operation, QString detail)
    : std::runtime_error(compose(backend, operation, detail))
    , m_backend(backend)
    , m_kind(kind)
    , m_operation(std::move(operation))
    , m_detail(std::move(detail)) {}

QString ConnectorError::message() const {
    return QString::fromStdString(what());
}

QString ConnectorError::kindName(Kind kind) {
    switch (kind) {
    case Kind::Unreachable:
        return QStringLiteral("unreachable");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Auth:
        return QStringLiteral("auth");
    case Kind::NoAuth:
        return QStringLiteral("no-auth");
    case Kind::ConnectionLost:
        return QStringLiteral("connection-lost");
    case Kind::SessionExpired:
        return QStringLiteral("session-expired");
    case Kind::NotFound:
        return QStringLiteral("not-found");
    case Kind::Exists:
        return QStringLiteral("exists");
    case Kind::BadVersion:
        return QStringLiteral("bad-version");
    case Kind::LockNotAvailable:
        return QStringLiteral("lock-not-available");
    case Kind::Server:
        return QStringLiteral("server");
    case Kind::Protocol:
        return QStringLiteral("protocol");
    case Kind::InvalidArgument:
        return QStringLiteral("invalid-argument");
    case Kind::Tls:
        return QStringLiteral("tls");
    case Kind::Ssh:
        return QStringLiteral("ssh");
    }
    return {};
}

} // namespace lockscope
