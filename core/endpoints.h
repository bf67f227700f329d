#pragma once

#include <QString>

namespace lockscope {

/// The three connection strings, as the CLI and the console both resolve them.
struct Endpoints {
    QString redis;
    QString zookeeper;
    QString postgres;
    /// Redlock's servers, comma-separated redis:// URIs; empty when none are configured.
    QString redlock = {};
    /// The SSH bastion every connection goes through (ssh://user@host[:port]?...), empty for
    /// none; resolve() takes $LOCKSCOPE_SSH. Applied process-wide (SshTunnel::setCurrent).
    QString ssh = {};

    /// Per server, the first that is set: the explicit URI; the sandbox in sandboxDir; the
    /// environment ($LOCKSCOPE_REDIS, $LOCKSCOPE_ZOOKEEPER, $LOCKSCOPE_POSTGRES); the sandbox in
    /// $LOCKSCOPE_SANDBOX_DIR; the default local port. Throws SandboxError when sandboxDir is
    /// given and holds no running sandbox's stack.json. redlock: $LOCKSCOPE_REDLOCK, else the
    /// named or environment's sandbox's Redlock servers (an ha sandbox), else empty.
    /// sandboxUser (or $LOCKSCOPE_SANDBOX_USER): with a sandbox started with --users, its
    /// least-privilege user of that role ("monitor", "release", "demo") instead of the
    /// sandbox's own identities; SandboxError when it has none.
    static Endpoints resolve(const QString& redis, const QString& zookeeper,
                             const QString& postgres, const QString& sandboxDir,
                             const QString& sandboxUser = {});
};

} // namespace lockscope
