#pragma once

#include "core/sandbox/sandboxinfo.h"

namespace lockscope {

/// `sandbox up --users`: least-privilege identities on the sandbox's servers, one per
/// AccessRole ("lockscope_monitor", "lockscope_release", "lockscope_demo"), each with its own
/// random password, granted what docs/PERMISSIONS.md says for the default namespace:
///   Redis       ACL SETUSER on every data node (not the sentinels) with RedisGrants::rules,
///               the password sent as its SHA-256 (`#<hex>`), never in clear;
///   ZooKeeper   digest ACL entries on "/" (the parent of every lock root) and the default
///               namespace's lock and inventory roots, with ZooKeeperGrants::perms; the
///               sandbox's own identity (digest `lockscope`, now in stack.json's zookeeper URI)
///               keeps every permission, anonymous clients none;
///   PostgreSQL  LOGIN roles (password sent as a SCRAM verifier) with PostgresGrants, after the
///               default namespace's schema was migrated by its owner, `lockscope`.
/// The URIs (with the passwords) go to info.users, saved in stack.json (0600) by the caller.
/// Passwords are never on a command line, in a log or in an error message.
class SandboxUsers {
public:
    /// Throws SandboxError naming the server (never a password or a statement's arguments).
    static void create(SandboxInfo& info);
    /// "lockscope_monitor" ...
    static QString userName(AccessRole role);
    /// The sandbox's own ZooKeeper identity (full access).
    static QString ownZooKeeperUser();
};

} // namespace lockscope
