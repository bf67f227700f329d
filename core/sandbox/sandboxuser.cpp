#include "core/sandbox/sandboxuser.h"

#include <QUrl>

namespace lockscope {

namespace {

QString masked(const QString& uri) {
    QUrl u(uri);
    if (!u.isValid() || u.password().isEmpty())
        return uri;
    u.setPassword(QStringLiteral("***"));
    return u.toString();
}

} // namespace

QJsonObject SandboxUser::toJson() const {
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("redis"), redisUri},
                       {QStringLiteral("zookeeper"), zookeeperUri},
                       {QStringLiteral("postgres"), postgresUri}};
}

QJsonObject SandboxUser::toMaskedJson() const {
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("redis"), masked(redisUri)},
                       {QStringLiteral("zookeeper"), masked(zookeeperUri)},
                       {QStringLiteral("postgres"), masked(postgresUri)}};
}

SandboxUser SandboxUser::fromJson(AccessRole role, const QJsonObject& o) {
    SandboxUser u;
    u.role = role;
    u.name = o.value(QStringLiteral("name")).toString();
    u.redisUri = o.value(QStringLiteral("redis")).toString();
    u.zookeeperUri = o.value(QStringLiteral("zookeeper")).toString();
    u.postgresUri = o.value(QStringLiteral("postgres")).toString();
    return u;
}

} // namespace lockscope
