#pragma once

#include "core/sandbox/sandboxprocess.h"
#include "core/sandbox/sandboxuser.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace lockscope {

/// What a sandbox is: its URIs and the processes it started. Saved as <dir>/stack.json (mode
/// 0600: the PostgreSQL URIs carry the sandbox's generated passwords). up() writes it as each
/// server starts (state Starting, with the pids known so far), so that down() can stop what a
/// start that was killed left running; it becomes Running once every server answers.
struct SandboxInfo {
    enum class State { Starting, Running };
    /// Single: one redis-server, one standalone ZooKeeper, PostgreSQL. Ha: a Redis Cluster
    /// (3 primaries + 3 replicas), a Redis primary + replica watched by 3 Sentinels, 3 Redis
    /// servers for Redlock, a 3-member ZooKeeper ensemble, PostgreSQL.
    enum class Topology { Single, Ha };

    QString dir;
    State state = State::Running;
    Topology topology = Topology::Single;
    qint64 upPid = 0; ///< the process running up(), while Starting
    /// Single: the redis-server; ha: the Redis Cluster (same as redisClusterUri).
    QString redisUri;
    /// Single: the server; ha: the ensemble ("zookeeper://127.0.0.1:a,127.0.0.1:b,127.0.0.1:c").
    QString zookeeperUri;
    /// Ha only: "redis-cluster://127.0.0.1:p1,...,127.0.0.1:p6" (all six nodes).
    QString redisClusterUri;
    /// Ha only: "redis-sentinel://127.0.0.1:s1,127.0.0.1:s2,127.0.0.1:s3#lockscope".
    QString redisSentinelUri;
    /// Ha only: the three Redlock servers, "redis://127.0.0.1:p/0" each.
    QStringList redlockUris;
    /// The role LockScope uses (`lockscope`): not a superuser.
    QString postgresUri;
    /// The cluster's superuser (`lockscope_admin`), for setup and tests that need its powers.
    QString postgresAdminUri;
    /// `sandbox up --proxies`: the same servers through the sandbox's fault proxies (empty
    /// without proxies; on ha, redis stays empty: see SandboxProxies). stack.json's `proxied`.
    QString proxiedRedisUri;
    QString proxiedZookeeperUri;
    QString proxiedPostgresUri;
    /// `sandbox up --secure`: every server speaks TLS only (the URIs above are rediss://,
    /// zookeeper+tls://, sslmode=verify-full, with the sandbox's CA and client certificate in
    /// tlsDir()), and an sshd on loopback is a tunnel host: sshUri (ssh://user@127.0.0.1:port
    /// with its key and known_hosts). stack.json's `secure` and `ssh`.
    bool secure = false;
    QString sshUri;
    /// <dir>/tls: SandboxCertificates' files.
    QString tlsDir() const { return dir + QStringLiteral("/tls"); }
    /// The single topology's pids (readers from before `processes`); in ha redis and zookeeper
    /// are 0: `processes` lists every member.
    qint64 redisPid = 0;
    qint64 zookeeperPid = 0;
    qint64 postgresPid = 0;
    /// Every server process, in both topologies, recorded as each starts (pid 0 before).
    QList<SandboxProcess> processes;
    /// `sandbox up --users`: the least-privilege identities (SandboxUsers), one per AccessRole;
    /// empty without. stack.json's `users`.
    QList<SandboxUser> users;
    qint64 startedAtMs = 0; ///< wall clock, ms since the epoch
    qint64 startupMs = 0;   ///< how long up() took

    /// The member of role with that index, or nullptr.
    SandboxProcess* process(SandboxProcess::Role role, int index);
    const SandboxProcess* process(SandboxProcess::Role role, int index) const;
    QList<SandboxProcess> processesOf(SandboxProcess::Role role) const;

    /// "single", "ha" (the command line's and stack.json's names).
    static QString topologyName(Topology t);
    static std::optional<Topology> topologyFromName(const QString& name);

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
