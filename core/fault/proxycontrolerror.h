#pragma once

#include <QString>
#include <stdexcept>

namespace lockscope {

/// A fault proxy's control socket could not be used. kind() says why: nothing listens there
/// (NotRunning: no socket file, or the connection is refused), the proxy did not answer in time
/// (NoAnswer), or it answered with an error or with something that is not a reply (Refused).
class ProxyControlError : public std::runtime_error {
public:
    enum class Kind { NotRunning, NoAnswer, Refused };

    ProxyControlError(Kind kind, const QString& message)
        : std::runtime_error(message.toStdString())
        , m_kind(kind) {}
    Kind kind() const { return m_kind; }
    QString message() const { return QString::fromStdString(what()); }

private:
    Kind m_kind;
};

} // namespace lockscope
