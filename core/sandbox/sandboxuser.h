#pragma once

#include "core/backends/accessrole.h"

#include <QJsonObject>
#include <QString>

namespace lockscope {

/// One least-privilege identity of a sandbox started with --users (SandboxUsers): the same
/// name on each server, its own random password, the URIs to connect as it. stack.json's
/// `users` object: role -> {name, redis, zookeeper, postgres}; the URIs carry the password, as
/// the file (0600) already does for the sandbox's own roles.
struct SandboxUser {
    AccessRole role = AccessRole::Monitor;
    QString name; ///< "lockscope_monitor": Redis ACL user, ZooKeeper digest user, PostgreSQL role
    QString redisUri;
    QString zookeeperUri;
    QString postgresUri;

    QJsonObject toJson() const;
    /// The password of every URI replaced by "***" (sandbox status, printed output).
    QJsonObject toMaskedJson() const;
    static SandboxUser fromJson(AccessRole role, const QJsonObject& o);
};

} // namespace lockscope
