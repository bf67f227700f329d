#pragma once

#include <QString>
#include <stdexcept>

namespace lockscope {

/// The sandbox could not start, stop or find a server. server() is "redis", "zookeeper",
/// "postgres" or empty; the message ends with the tail of that server's log when there is one.
class SandboxError : public std::runtime_error {
public:
    SandboxError(QString server, const QString& message)
        : std::runtime_error(message.toStdString())
        , m_server(std::move(server)) {}
    const QString& server() const { return m_server; }
    QString message() const { return QString::fromStdString(what()); }

private:
    QString m_server;
};

} // namespace lockscope
