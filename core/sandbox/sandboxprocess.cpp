#include "core/sandbox/sandboxprocess.h"

#include "core/sandbox/sandboxerror.h"

#include <array>
#include <utility>

namespace lockscope {

namespace {

constexpr std::array<std::pair<SandboxProcess::Role, const char*>, 7> kRoles{{
    {SandboxProcess::Role::Redis, "redis"},
    {SandboxProcess::Role::RedisCluster, "redis-cluster"},
    {SandboxProcess::Role::RedisSentinelData, "redis-sentinel-data"},
    {SandboxProcess::Role::Sentinel, "sentinel"},
    {SandboxProcess::Role::Redlock, "redlock"},
    {SandboxProcess::Role::ZooKeeper, "zookeeper"},
    {SandboxProcess::Role::Postgres, "postgres"},
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
    return QJsonObject{{QStringLiteral("role"), roleName(role)},
                       {QStringLiteral("index"), index},
                       {QStringLiteral("port"), port},
                       {QStringLiteral("pid"), pid},
                       {QStringLiteral("dir"), dir}};
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
    p.pid = o.value(QStringLiteral("pid")).toInteger();
    p.dir = o.value(QStringLiteral("dir")).toString();
    return p;
}

} // namespace lockscope
