#pragma once

#include <QJsonObject>
#include <QString>

namespace lockscope {

/// What a running sandbox is: its URIs and the processes it started. Saved as <dir>/stack.json
/// (mode 0600: the PostgreSQL URI carries the sandbox's generated password).
struct SandboxInfo {
    QString dir;
    QString redisUri;
    QString zookeeperUri;
    QString postgresUri;
    qint64 redisPid = 0;
    qint64 zookeeperPid = 0;
    qint64 postgresPid = 0;
    qint64 startedAtMs = 0; ///< wall clock, ms since the epoch
    qint64 startupMs = 0;   ///< how long up() took

    QJsonObject toJson() const;
    static SandboxInfo fromJson(const QJsonObject& o);
    static QString stackFile(const QString& dir);
    /// Throws SandboxError when the file is missing or unreadable.
    static SandboxInfo load(const QString& dir);
    void save() const;
};

} // namespace lockscope
