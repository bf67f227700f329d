#include "core/backends/zookeeper/zookeepergrants.h"

#include "connectors/connectorerror.h"
#include "core/namespaceconfig.h"

namespace lockscope {

int ZooKeeperGrants::perms(AccessRole role) {
    using A = ZkAclEntry;
    switch (role) {
    case AccessRole::Monitor:
        return A::kRead;
    case AccessRole::Release:
        return A::kRead | A::kDelete;
    case AccessRole::Demo:
        // ADMIN too: ZooKeeper shows a node's digest entries only to identities with ADMIN on
        // it (others read "user:x"), and the nodes the demo creates must carry their parent's
        // ACL (ZkSession::create), not a redacted copy nobody matches.
        return A::kAll;
    }
    return 0;
}

std::vector<std::string> ZooKeeperGrants::roots(const NamespaceConfig& config) {
    return {config.zkLockRoot(), config.zkInventoryRoot()};
}

QString ZooKeeperGrants::hint(const NamespaceConfig& config, const ConnectorError& error,
                              AccessRole role) {
    const QString identity = config.zookeeper.user.isEmpty()
                                 ? QStringLiteral("anonymous (world:anyone)")
                                 : QStringLiteral("digest '%1'").arg(config.zookeeper.user);
    QString what;
    const QString op = error.operation();
    AccessRole needed = AccessRole::Monitor;
    if (op == u"delete")
        needed = AccessRole::Release;
    else if (op == u"create" || op == u"set")
        needed = AccessRole::Demo;
    if (op == u"delete")
        what = QStringLiteral("cannot delete a lock's node (%1): force release needs DELETE on "
                              "the lock's directory")
                   .arg(error.detail());
    else if (op == u"create" || op == u"set")
        what = QStringLiteral("cannot %1 (%2): taking locks and writing stock need CREATE and "
                              "WRITE")
                   .arg(op, error.detail());
    else
        what = QStringLiteral("cannot %1 (%2): monitoring needs READ")
                   .arg(op == u"children" ? QStringLiteral("list children")
                        : op == u"get"    ? QStringLiteral("read data")
                                          : op,
                        error.detail());
    // A delete refused on a node this identity could read: it monitors, read-only.
    const QString prefix = op == u"delete" || role == AccessRole::Monitor
                               ? QStringLiteral("read-only monitoring: ")
                               : QString();
    return QStringLiteral("%1this identity, %2, %3. Grant it on %4 and the nodes "
                          "below: setAcl with digest:<user>:<hash>:%5 - or connect as an identity "
                          "that has it (docs/PERMISSIONS.md)")
        .arg(prefix, identity, what, QString::fromStdString(config.zkLockRoot()),
             ZkAclEntry::permsName(perms(needed)));
}

} // namespace lockscope
