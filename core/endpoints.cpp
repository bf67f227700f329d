#include "core/endpoints.h"

#include "core/sandbox/sandboxerror.h"
#include "core/sandbox/sandboxinfo.h"

#include <QFileInfo>

namespace lockscope {

namespace {

/// The sandbox's URIs as the least-privilege user of that role (`sandbox up --users`). Throws
/// SandboxError when the sandbox has no such user.
void connectAs(SandboxInfo& info, const QString& roleName) {
    if (roleName.isEmpty() || info.dir.isEmpty())
        return;
    const auto role = accessRoleFromName(roleName);
    for (const SandboxUser& u : info.users)
        if (role && u.role == *role) {
            info.redisUri = u.redisUri;
            info.zookeeperUri = u.zookeeperUri;
            info.postgresUri = u.postgresUri;
            return;
        }
    throw SandboxError({}, QStringLiteral("the sandbox in %1 has no user '%2' (start it with "
                                          "'sandbox up --users'; users: monitor, release, demo)")
                               .arg(info.dir, roleName));
}

} // namespace

Endpoints Endpoints::resolve(const QString& redis, const QString& zookeeper,
                             const QString& postgres, const QString& sandboxDir,
                             const QString& sandboxUser) {
    const QString user =
        !sandboxUser.isEmpty() ? sandboxUser : qEnvironmentVariable("LOCKSCOPE_SANDBOX_USER");
    SandboxInfo named;
    if (!sandboxDir.isEmpty()) {
        named = SandboxInfo::load(sandboxDir); // throws: the operator named a directory without one
        connectAs(named, user);
    }
    SandboxInfo fromEnv;
    const QString envDir = qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR");
    if (sandboxDir.isEmpty() && !envDir.isEmpty() &&
        QFileInfo::exists(SandboxInfo::stackFile(envDir))) {
        fromEnv = SandboxInfo::load(envDir);
        connectAs(fromEnv, user);
    }
    auto pick = [](const QString& explicitUri, const QString& inNamed, const char* env,
                   const QString& inEnvSandbox, const QString& fallback) {
        for (const QString& candidate :
             {explicitUri, inNamed, qEnvironmentVariable(env), inEnvSandbox})
            if (!candidate.isEmpty())
                return candidate;
        return fallback;
    };
    Endpoints e{pick(redis, named.redisUri, "LOCKSCOPE_REDIS", fromEnv.redisUri,
                     QStringLiteral("redis://127.0.0.1:6379")),
                pick(zookeeper, named.zookeeperUri, "LOCKSCOPE_ZOOKEEPER", fromEnv.zookeeperUri,
                     QStringLiteral("zookeeper://127.0.0.1:2181")),
                pick(postgres, named.postgresUri, "LOCKSCOPE_POSTGRES", fromEnv.postgresUri,
                     QStringLiteral("postgresql://127.0.0.1:5432/postgres")),
                {}};
    e.redlock = pick({}, named.redlockUris.join(u','), "LOCKSCOPE_REDLOCK",
                     fromEnv.redlockUris.join(u','), {});
    e.ssh = qEnvironmentVariable("LOCKSCOPE_SSH");
    return e;
}

} // namespace lockscope
