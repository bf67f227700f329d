#pragma once

#include <QString>
#include <stdexcept>

namespace lockscope {

/// A fault proxy could not start: its upstream name did not resolve, or no loopback port could
/// be bound. The message names which and why (strerror / gai_strerror text).
class FaultProxyError : public std::runtime_error {
public:
    explicit FaultProxyError(const QString& message)
        : std::runtime_error(message.toStdString()) {}
    QString message() const { return QString::fromStdString(what()); }
};

} // namespace lockscope
