#pragma once

#include <QString>
#include <QStringList>
#include <stdexcept>

namespace lockscope {

/// The sandbox could not start, stop or find a server. server() is "redis", "zookeeper",
/// "postgres" or empty. When a server did not come up, the last lines of its log come with it,
/// apart from LockScope's own one-line summary(): they are the server's text, which a terminal
/// shows escaped line by line, never as part of LockScope's message.
class SandboxError : public std::runtime_error {
public:
    SandboxError(QString server, const QString& message)
        : SandboxError(std::move(server), message, QString(), QStringList()) {}
    SandboxError(QString server, const QString& summary, QString logFile, QStringList logTail)
        : std::runtime_error(joined(summary, logFile, logTail).toStdString())
        , m_server(std::move(server))
        , m_summary(summary)
        , m_logFile(std::move(logFile))
        , m_logTail(std::move(logTail)) {}

    const QString& server() const { return m_server; }
    /// All of it: the summary, then the log's last lines under a heading naming the log.
    QString message() const { return QString::fromStdString(what()); }
    /// LockScope's own words, one line.
    const QString& summary() const { return m_summary; }
    /// The log whose last lines logTail() are (empty: none).
    const QString& logFile() const { return m_logFile; }
    const QStringList& logTail() const { return m_logTail; }
    /// The heading above the log's lines.
    static QString logHeading(const QString& logFile) {
        return QStringLiteral("--- last lines of %1 ---").arg(logFile);
    }

private:
    static QString joined(const QString& summary, const QString& logFile,
                          const QStringList& logTail) {
        if (logFile.isEmpty())
            return summary;
        return summary + u'\n' + logHeading(logFile) + u'\n' + logTail.join(u'\n');
    }

    QString m_server;
    QString m_summary;
    QString m_logFile;
    QStringList m_logTail;
};

} // namespace lockscope
