#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

namespace lockscope {

/// One server process a sandbox started: which role it plays, which member of that role it is,
/// where it listens, its pid and its own directory (config, data, log). Saved in stack.json's
/// `processes` array, so that tests and fault injection can find, stop and restart one member.
struct SandboxProcess {
    enum class Role {
        Redis,             ///< the single topology's redis-server
        RedisCluster,      ///< a Redis Cluster node (index 0..5)
        RedisSentinelData, ///< the Sentinel set's data nodes: index 0 starts as primary, 1 replica
        Sentinel,          ///< a Redis Sentinel (index 0..2)
        Redlock,           ///< an independent redis-server for Redlock (index 0..2)
        ZooKeeper, ///< the standalone server (single) or an ensemble member (ha, myid index+1)
        Postgres,  ///< the postmaster
        Proxy,     ///< a fault proxy in front of one server (`sandbox up --proxies`)
        Sshd,      ///< the tunnel host of `sandbox up --secure`
    };

    SandboxProcess() = default;
    SandboxProcess(Role role, int index, int port, qint64 pid, QString dir)
        : role(role)
        , index(index)
        , port(port)
        , pid(pid)
        , dir(std::move(dir)) {}

    Role role = Role::Redis;
    int index = 0;
    int port = 0;
    qint64 pid = 0; ///< 0 until started
    QString dir;
    /// A Proxy's server: which role and member it forwards to, and that member's port (unset
    /// for every other role).
    std::optional<Role> target;
    int targetIndex = 0;
    int targetPort = 0;
    /// `sandbox up --secure`: the sandbox's certificates (SandboxCertificates); the server
    /// speaks TLS only. Empty: plain.
    QString tlsDir = {};

    /// "redis", "redis-cluster", "redis-sentinel-data", "sentinel", "redlock", "zookeeper",
    /// "postgres", "proxy", "sshd": the names in stack.json and on the command line.
    static QString roleName(Role role);
    static std::optional<Role> roleFromName(const QString& name);
    /// A redis-server of any kind (sentinels included).
    bool isRedis() const {
        return role != Role::ZooKeeper && role != Role::Postgres && role != Role::Proxy &&
               role != Role::Sshd;
    }

    QJsonObject toJson() const;
    /// Throws SandboxError on an unknown role.
    static SandboxProcess fromJson(const QJsonObject& o);
};

} // namespace lockscope
