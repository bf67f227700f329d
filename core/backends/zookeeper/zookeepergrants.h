#pragma once

#include "connectors/zkaclentry.h"
#include "core/backends/accessrole.h"

#include <QString>
#include <string>
#include <vector>

namespace lockscope {

class ConnectorError;
struct NamespaceConfig;

/// What each AccessRole needs on ZooKeeper, as digest ACL permissions on the lock roots
/// (docs/PERMISSIONS.md): reading children and data (the scanner), deleting a holder's node
/// (force release: DELETE on its parent, the lock's directory), creating nodes and writing
/// stock (the demo). ZooKeeper ACLs do not inherit; LockScope's sessions that authenticate give
/// the nodes they create their parent's ACL (ZkSession::create), so a grant on a root holds below.
class ZooKeeperGrants {
public:
    /// ZkAclEntry permission bits for role.
    static int perms(AccessRole role);
    /// The nodes an administrator puts the ACL on for this namespace: its lock root and its
    /// inventory root (the demo's stock), with their parents.
    static std::vector<std::string> roots(const NamespaceConfig& config);
    /// What a NOAUTH means for role, and the ACL entry that allows it.
    static QString hint(const NamespaceConfig& config, const ConnectorError& error,
                        AccessRole role);
};

} // namespace lockscope
