#include "core/sandbox/sandboxprocess.h"

#include "core/sandbox/sandboxerror.h"

#include <array>
#include <utility>

namespace lockscope {

namespace {

constexpr std::array<std::pair<SandboxProcess::Role, const char*>, 9> kRoles{{
    {SandboxProcess::Role::Redis, "redis"},
    {SandboxProcess::Role::RedisCluster, "redis-cluster"},
    {SandboxProcess::Role::RedisSentinelData, "redis-sentinel-data"},
    {SandboxProcess::Role::Sentinel, "sentinel"},
    {SandboxProcess::Role::Redlock, "redlock"},
    {SandboxProcess::Role::ZooKeeper, "zookeeper"},
    {SandboxProcess::Role::Postgres, "postgres"},
    {SandboxProcess::Role::Proxy, "proxy"},
    {SandboxProcess::Role::Sshd, "sshd"},
}};

} // namespace

QString SandboxProcess::roleName(Role role) {
    for (const auto& [r, name] : kRoles)
        if (r == role)
            return QLatin1String(name);
    return {};
}

std::optional<SandboxProcess::Role> SandboxProcess::roleFromName(const QString& name) {
    for (const auto& [r, n] : kRoles)
        if (name == QLatin1String(n))
            return r;
    return std::nullopt;
}

QJsonObject SandboxProcess::toJson() const {
    QJsonObject o{{QStringLiteral("role"), roleName(role)},
                  {QStringLiteral("index"), index},
                  {QStringLiteral("port"), port},
                  {QStringLiteral("pid"), pid},
                  {QStringLiteral("dir"), dir}};
    if (target)
        o.insert(QStringLiteral("target"), QJsonObject{{QStringLiteral("role"), roleName(*target)},
                                                       {QStringLiteral("index"), targetIndex},
                                                       {QStringLiteral("port"), targetPort}});
    if (!tlsDir.isEmpty())
        o.insert(QStringLiteral("tls_dir"), tlsDir);
    return o;
}

SandboxProcess SandboxProcess::fromJson(const QJsonObject& o) {
    SandboxProcess p;
    const QString name = o.value(QStringLiteral("role")).toString();
    const auto role = roleFromName(name);
    if (!role)
        throw SandboxError({}, QStringLiteral("stack.json: unknown process role '%1'").arg(name));
    p.role = *role;
    p.index = o.value(QStringLiteral("index")).toInt();
    p.port = o.value(QStringLiteral("port")).toInt();
    p.tlsDir = o.value(QStringLiteral("tls_dir")).toString();
    p.pid = o.value(QStringLiteral("pid")).toInteger();
    p.dir = o.value(QStringLiteral("dir")).toString();
    const QJsonObject target = o.value(QStringLiteral("target")).toObject();
    if (!target.isEmpty()) {
        const QString targetName = target.value(QStringLiteral("role")).toString();
        p.target = roleFromName(targetName);
        if (!p.target)
            throw SandboxError(
                {}, QStringLiteral("stack.json: unknown target role '%1'").arg(targetName));
        p.targetIndex = target.value(QStringLiteral("index")).toInt();
        p.targetPort = target.value(QStringLiteral("port")).toInt();
    }
    return p;
}

} // namespace lockscope
