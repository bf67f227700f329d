#pragma once

#include <QJsonObject>
#include <QString>

namespace lockscope {

/// What a sandbox is: its URIs and the processes it started. Saved as <dir>/stack.json (mode
/// 0600: the PostgreSQL URIs carry the sandbox's generated passwords). up() writes it as each
/// server starts (state Starting, with the pids known so far), so that down() can stop what a
/// start that was killed left running; it becomes Running once every server answers.
struct SandboxInfo {
    enum class State { Starting, Running };

    QString dir;
    State state = State::Running;
    qint64 upPid = 0; ///< the process running up(), while Starting
    QString redisUri;
    QString zookeeperUri;
    /// The role LockScope uses (`lockscope`): not a superuser.
    QString postgresUri;
    /// The cluster's superuser (`lockscope_admin`), for setup and tests that need its powers.
    QString postgresAdminUri;
    qint64 redisPid = 0;
    qint64 zookeeperPid = 0;
    qint64 postgresPid = 0;
    qint64 startedAtMs = 0; ///< wall clock, ms since the epoch
    qint64 startupMs = 0;   ///< how long up() took

    QJsonObject toJson() const;
    static SandboxInfo fromJson(const QJsonObject& o);
    static QString stackFile(const QString& dir);
    /// A running sandbox. Throws SandboxError when the file is missing or unreadable, or when
    /// the sandbox is still starting (or its start was interrupted).
    static SandboxInfo load(const QString& dir);
    /// Whatever is recorded, in any state (down, status, up's check for leftovers).
    static SandboxInfo loadRecord(const QString& dir);
    void save() const;
};

} // namespace lockscope
